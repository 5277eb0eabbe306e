namespace Steward.Core.Guard.Analysis;

/// <summary>
/// Commands that run another command: the guard looks through them to the command that actually
/// runs, with their own options skipped (so <c>sudo -u root rm</c> is <c>rm</c>, <c>timeout 10 rm</c>
/// is <c>rm</c>), and the working directory or environment they set applied.
/// </summary>
internal static class Wrappers
{
    private static readonly OptionSpec SudoOptions = new("ugCDhpRrtTU", ["user", "group", "close-from", "chdir", "host", "prompt", "role", "type", "command-timeout", "other-user", "chroot"], stopAtFirstOperand: true);
    private static readonly OptionSpec TimeOptions = new("of", ["output", "format"], stopAtFirstOperand: true);
    private static readonly OptionSpec NiceOptions = new("n", ["adjustment"], stopAtFirstOperand: true);
    private static readonly OptionSpec IoniceOptions = new("cnpPu", ["class", "classdata", "pid", "pgid", "uid"], stopAtFirstOperand: true);
    private static readonly OptionSpec TimeoutOptions = new("sk", ["signal", "kill-after"], stopAtFirstOperand: true);
    private static readonly OptionSpec StdbufOptions = new("ioe", ["input", "output", "error"], stopAtFirstOperand: true);
    private static readonly OptionSpec ExecOptions = new("a", [], stopAtFirstOperand: true);
    private static readonly OptionSpec FlockOptions = new("wEc", ["timeout", "conflict-exit-code", "command"], stopAtFirstOperand: true);
    private static readonly OptionSpec ChrootOptions = new(string.Empty, ["userspec", "groups"], stopAtFirstOperand: true);
    private static readonly OptionSpec WatchOptions = new("nd", ["interval"], stopAtFirstOperand: true);
    private static readonly OptionSpec SuOptions = new("cgGsw", ["command", "group", "supp-group", "shell", "whitelist-environment", "session-command"], stopAtFirstOperand: false);
    private static readonly OptionSpec SshOptions = new("BbcDEeFIiJLlmOoPpQRSWw", [], stopAtFirstOperand: true);
    private static readonly OptionSpec NpxOptions = new("pc", ["package", "call"], stopAtFirstOperand: true);
    private static readonly OptionSpec Plain = new(string.Empty, [], stopAtFirstOperand: true);

    /// <summary>True when the command is a wrapper; <paramref name="inner"/> is what it runs (null when nothing, or when it ran a string already analysed).</summary>
    public static bool TryUnwrap(Invocation invocation, ScriptWalker walker, out Invocation? inner)
    {
        inner = null;
        switch (invocation.Name)
        {
            case "sudo" or "doas" or "run0":
                inner = Sudo(invocation, walker);
                return true;
            case "pkexec" or "nohup" or "builtin" or "unbuffer" or "setsid" or "catchsegv":
                inner = AfterOptions(invocation, Plain, 0);
                return true;
            case "env":
                inner = Env(invocation, walker);
                return true;
            case "command":
                var command = ParsedOptions.Parse(invocation.Args, Plain);
                // command -v / -V only looks the name up.
                inner = command.Short('v') || command.Short('V') ? null : AfterOptions(invocation, Plain, 0);
                return true;
            case "npx" or "bunx" or "pnpx":
                // npx [-y] [-p pkg] tool args runs the tool; npx -c 'string' runs a shell string.
                if (ParsedOptions.Parse(invocation.Args, NpxOptions).Value('c', "call") is { } call)
                {
                    walker.AnalyzeShellString(call, invocation);
                    return true;
                }
                inner = AfterOptions(invocation, NpxOptions, 0);
                return true;
            case "exec":
                inner = AfterOptions(invocation, ExecOptions, 0);
                return true;
            case "time":
                inner = AfterOptions(invocation, TimeOptions, 0);
                return true;
            case "nice":
                inner = AfterOptions(invocation, NiceOptions, 0);
                return true;
            case "ionice":
                var ionice = ParsedOptions.Parse(invocation.Args, IoniceOptions);
                inner = ionice.Short('p') || ionice.Short('P') || ionice.Short('u') ? null : AfterOptions(invocation, IoniceOptions, 0);
                return true;
            case "timeout":
                inner = AfterOptions(invocation, TimeoutOptions, 1);
                return true;
            case "stdbuf":
                inner = AfterOptions(invocation, StdbufOptions, 0);
                return true;
            case "chrt" or "taskset":
                var scheduling = ParsedOptions.Parse(invocation.Args, Plain);
                inner = scheduling.Short('p') ? null : AfterOptions(invocation, Plain, 1);
                return true;
            case "flock":
                var flock = ParsedOptions.Parse(invocation.Args, FlockOptions);
                if (flock.Value('c', "command") is { } flockCommand)
                {
                    walker.AnalyzeShellString(flockCommand, invocation);
                    return true;
                }
                inner = AfterOptions(invocation, FlockOptions, 1);
                return true;
            case "chroot":
                inner = AfterOptions(invocation, ChrootOptions, 1);
                return true;
            case "busybox" or "toybox":
                inner = invocation.Count > 0 && !invocation[0].StartsWith('-') ? invocation.Inner(0) : null;
                return true;
            case "watch":
                var watch = ParsedOptions.Parse(invocation.Args, WatchOptions);
                if (watch.Operands.Count > 0)
                {
                    walker.AnalyzeShellString(walker.JoinForShell(invocation, watch.Operands[0]), invocation);
                }
                return true;
            case "su" or "runuser":
                var su = ParsedOptions.Parse(invocation.Args, SuOptions);
                if (su.Value('c', "command") is { } suCommand)
                {
                    walker.AnalyzeShellString(suCommand, invocation);
                }
                else if (invocation.Name == "runuser" && IndexOfDoubleDash(invocation) is var dash and >= 0)
                {
                    inner = invocation.Inner(dash + 1);
                }
                else
                {
                    // su [-] [user] with no -c: a shell reading its commands from stdin.
                    inner = new Invocation("bash", invocation.Args[invocation.Count..], invocation.Scope, invocation.Stdin, invocation.Depth, invocation.Uncertain);
                }
                return true;
            case "ssh":
                // The remote shell runs the rest as a string; judge it as if here (the remote home stands in for ours).
                var ssh = ParsedOptions.Parse(invocation.Args, SshOptions);
                if (ssh.Operands.Count > 1)
                {
                    var remote = new WalkScope(walker.Environment.Home);
                    walker.AnalyzeShellString(walker.JoinForShell(invocation, ssh.Operands[1]), invocation, remote);
                }
                return true;
            case "docker" or "podman" or "kubectl" or "docker-compose":
                inner = ContainerExec.Inner(invocation);
                return true;
            default:
                return false;
        }
    }

    /// <summary>The command after the wrapper's options and <paramref name="skipOperands"/> leading operands (timeout's duration, flock's file).</summary>
    private static Invocation? AfterOptions(Invocation invocation, OptionSpec spec, int skipOperands)
    {
        var parsed = ParsedOptions.Parse(invocation.Args, spec);
        return parsed.Operands.Count > skipOperands ? invocation.Inner(parsed.Operands[skipOperands]) : null;
    }

    private static Invocation? Sudo(Invocation invocation, ScriptWalker walker)
    {
        var parsed = ParsedOptions.Parse(invocation.Args, SudoOptions);
        var scope = invocation.Scope;
        if (parsed.Value('D', "chdir") is { } directory)
        {
            scope = scope.Fork();
            scope.WorkingDirectory = PathMath.Resolve(scope.WorkingDirectory, directory);
        }
        if (parsed.Has('e', "edit"))
        {
            // sudo -e FILE is sudoedit: it writes the files.
            foreach (var index in parsed.Operands)
            {
                Rules.WriteChecks.CheckWrite(walker, invocation.Args[index], scope, Rules.WriteKind.Edit);
            }
            return null;
        }
        if (parsed.Operands.Count == 0 && (parsed.Has('s', "shell") || parsed.Has('i', "login")))
        {
            // sudo -s / sudo -i with no command: a root shell reading its commands from stdin.
            return new Invocation("bash", invocation.Args[invocation.Count..], scope, invocation.Stdin, invocation.Depth, invocation.Uncertain);
        }
        var start = parsed.Operands.Count > 0 ? parsed.Operands[0] : invocation.Count;
        var environment = new List<KeyValuePair<string, string?>>();
        // sudo NAME=value cmd: variables for the command.
        while (start < invocation.Count && AssignmentName(invocation[start]) is { } name)
        {
            environment.Add(new(name, invocation.Args[start].Uncertain ? null : invocation[start][(name.Length + 1)..]));
            start++;
        }
        var inner = invocation.Inner(start, scope);
        foreach (var (variable, value) in environment)
        {
            inner = inner?.WithEnvironment(variable, value);
        }
        return inner;
    }

    private static Invocation? Env(Invocation invocation, ScriptWalker walker)
    {
        var scope = invocation.Scope;
        var variables = new List<KeyValuePair<string, string?>>();
        var i = 0;
        for (; i < invocation.Count; i++)
        {
            var text = invocation[i];
            if (text == "--")
            {
                i++;
                break;
            }
            if (text is "-u" or "-C" or "-P" or "--unset" or "--chdir" || (text.Length > 2 && text[0] == '-' && text[1] != '-' && text[^1] is 'u' or 'C' or 'P'))
            {
                if (text.EndsWith('C') || text == "--chdir")
                {
                    scope = WithDirectory(scope, i + 1 < invocation.Count ? invocation[i + 1] : null);
                }
                i++;
                continue;
            }
            if (text.StartsWith("--chdir=", StringComparison.Ordinal))
            {
                scope = WithDirectory(scope, text["--chdir=".Length..]);
                continue;
            }
            if (text is "-S" or "--split-string" || text.StartsWith("--split-string=", StringComparison.Ordinal) || (text.StartsWith("-S", StringComparison.Ordinal) && text.Length > 2))
            {
                // env -S 'cmd args' splits one string into a command line.
                var split = text.StartsWith("--split-string=", StringComparison.Ordinal) ? text["--split-string=".Length..]
                    : text.Length > 2 && !text.StartsWith("--", StringComparison.Ordinal) ? text[2..]
                    : i + 1 < invocation.Count ? invocation[++i] : string.Empty;
                walker.AnalyzeShellString(split + " " + walker.JoinForShell(invocation, i + 1), invocation, scope);
                return null;
            }
            if (text.StartsWith('-') && text.Length > 1)
            {
                continue;
            }
            if (AssignmentName(text) is { } name)
            {
                variables.Add(new(name, invocation.Args[i].Uncertain ? null : text[(name.Length + 1)..]));
                continue;
            }
            break;
        }
        var inner = invocation.Inner(i, scope);
        foreach (var (variable, value) in variables)
        {
            inner = inner?.WithEnvironment(variable, value);
        }
        return inner;
    }

    private static WalkScope WithDirectory(WalkScope scope, string? directory)
    {
        var fork = scope.Fork();
        fork.WorkingDirectory = directory is null ? null : PathMath.Resolve(scope.WorkingDirectory, directory);
        return fork;
    }

    private static string? AssignmentName(string text)
    {
        var equals = text.IndexOf('=', StringComparison.Ordinal);
        if (equals <= 0 || char.IsAsciiDigit(text[0]))
        {
            return null;
        }
        for (var i = 0; i < equals; i++)
        {
            if (!char.IsAsciiLetterOrDigit(text[i]) && text[i] != '_')
            {
                return null;
            }
        }
        return text[..equals];
    }

    private static int IndexOfDoubleDash(Invocation invocation)
    {
        for (var i = 0; i < invocation.Count; i++)
        {
            if (invocation[i] == "--")
            {
                return i;
            }
        }
        return -1;
    }
}
