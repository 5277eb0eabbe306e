using System.Text;
using Steward.Core.Guard.Rules;

namespace Steward.Core.Guard.Analysis;

internal sealed partial class ScriptWalker
{
    /// <summary>Unwraps wrappers (sudo, env, timeout …) down to the command that runs, applies shell builtins, then the rules.</summary>
    private CommandResult Dispatch(Invocation invocation)
    {
        Invocation? current = invocation;
        for (var hop = 0; hop < 32 && current is not null; hop++)
        {
            if (Findings.Denied)
            {
                return default;
            }
            if (IsGuess(current))
            {
                // $CMD -rf /, /bin/r? -rf /: judge it as each command it could be, asking rather than denying.
                foreach (var candidate in current.Name.Length == 0 ? ["rm"] : CommandNames.GlobCandidates(current.Name))
                {
                    RuleBook.Check(current.Renamed(candidate, uncertain: true), this);
                }
                return default;
            }
            if (current.Scope.Function(current.Name) is { } function)
            {
                // The body was analysed where it was defined. The call is still judged as the command it
                // shadows, so rm() { command rm "$@"; }; rm -rf / gains nothing.
                ForkBomb.CheckCall(function, current, this);
            }
            switch (current.Name)
            {
                case "cd" or "pushd" or "popd":
                    return new CommandResult(default, ChangeDirectory(current));
                case "set":
                    SetShellOptions(current);
                    return default;
                case "export" or "declare" or "typeset" or "local" or "readonly":
                    DeclareVariables(current);
                    return default;
                case "unset":
                    foreach (var arg in current.Args)
                    {
                        if (!arg.Text.StartsWith('-'))
                        {
                            current.Scope.SetVariable(arg.Text, string.Empty);
                        }
                    }
                    return default;
                case "alias":
                    foreach (var arg in current.Args)
                    {
                        if (arg.Text.IndexOf('=', StringComparison.Ordinal) is var equals and > 0)
                        {
                            AnalyzeShellString(arg.Text[(equals + 1)..], current);
                        }
                    }
                    return default;
                case "eval":
                    foreach (var arg in current.Args)
                    {
                        if (PipeToShell.Downloads(arg))
                        {
                            Findings.Report(GuardRuleId.PipeToShell, GuardVerdict.Deny, current.Uncertain, PipeToShell.Reason);
                        }
                    }
                    AnalyzeShellString(JoinForShell(current, 0), current);
                    return default;
                case "xargs":
                    CommandRunners.RunXargs(current, this);
                    return default;
                case "find":
                    CommandRunners.RunFind(current, this);
                    return default;
                case "source" or ".":
                    RuleBook.Check(current, this);
                    if (current.Count > 0 && Files.TryGet(current.WorkingDirectory, current[0], out var sourced))
                    {
                        RunWrittenFile(sourced, current);
                    }
                    return default;
                default:
                    break;
            }
            if (Wrappers.TryUnwrap(current, this, out var inner))
            {
                current = inner;
                continue;
            }
            RuleBook.Check(current, this);
            if (ShellCommands.IsShell(current.Name))
            {
                ShellCommands.Run(current, this);
            }
            else if (InlineCode.IsInterpreter(current.Name))
            {
                InlineCode.Run(current, this);
            }
            Files.RecordCommand(current, Environment);
            return new CommandResult(OutputOf(current), false);
        }
        return default;
    }

    /// <summary>Runs a command found inside another (find -exec, xargs, git's ! aliases) through the same dispatch.</summary>
    public void DispatchNested(Invocation invocation) => Dispatch(invocation);

    private static bool IsGuess(Invocation invocation) =>
        invocation.Uncertain && (invocation.Name.Length == 0 || invocation.Name.AsSpan().IndexOfAny("*?[") >= 0);

    /// <summary>Arguments from <paramref name="start"/> joined as another shell would receive them, unknown parts kept unknown.</summary>
    public string JoinForShell(Invocation invocation, int start)
    {
        var builder = new StringBuilder();
        for (var i = start; i < invocation.Count; i++)
        {
            var arg = invocation.Args[i];
            var text = arg.Word is { } word ? WordExpander.Expand(word, invocation.Scope, Environment, keepUnknown: true, out _) : arg.Text;
            builder.Append(builder.Length > 0 ? " " : string.Empty).Append(text);
        }
        return builder.ToString();
    }

    private static StdinSource OutputOf(Invocation invocation)
    {
        switch (invocation.Name)
        {
            case "echo" or "printf":
                var builder = new StringBuilder();
                foreach (var arg in invocation.Args)
                {
                    if (builder.Length == 0 && arg.Text is "-n" or "-e" or "-E")
                    {
                        continue;
                    }
                    builder.Append(builder.Length > 0 ? " " : string.Empty).Append(arg.Text.Replace("\\n", "\n", StringComparison.Ordinal));
                }
                return new StdinSource(builder.Append('\n').ToString(), false);
            case "cat" when invocation.Count == 0 || (invocation.Count == 1 && invocation[0] == "-"):
                return invocation.Stdin;
            default:
                return PipeToShell.IsDownloader(invocation.Name) || invocation.Stdin.FromNetwork ? StdinSource.Network : StdinSource.Unknown;
        }
    }

    /// <summary>Follows cd; returns true. A cd that may fail leaves a fallback directory unless <c>set -e</c> is on.</summary>
    private bool ChangeDirectory(Invocation invocation)
    {
        var scope = invocation.Scope;
        var previous = scope.WorkingDirectory;
        string? next = null;
        if (invocation.Name != "popd")
        {
            ResolvedArg? target = null;
            foreach (var arg in invocation.Args)
            {
                if (arg.Text.Length > 1 && arg.Text[0] is '-' or '+')
                {
                    continue;
                }
                target = arg;
                break;
            }
            if (target is not { } chosen)
            {
                next = invocation.Name == "cd" ? WordExpander.Lookup("HOME", scope, Environment, out _) : null;
            }
            else if (!chosen.Uncertain && chosen.Text != "-")
            {
                // cd "" stays put; an unquoted empty $X would go home, but that is uncertain and handled as unknown.
                next = chosen.Text.Length == 0 ? previous : PathMath.Resolve(previous, chosen.Text);
            }
        }
        scope.WorkingDirectory = next;
        if (!scope.ExitOnError && previous is not null && previous != next)
        {
            scope.WorkingDirectoryIfCdFailed ??= previous;
        }
        return true;
    }

    private static void SetShellOptions(Invocation invocation)
    {
        for (var i = 0; i < invocation.Count; i++)
        {
            var text = invocation[i];
            if (text.Length > 1 && text[0] is '-' or '+')
            {
                var on = text[0] == '-';
                if (text.AsSpan(1).Contains('e') && text[1] != 'o')
                {
                    invocation.Scope.ExitOnError = on;
                }
                if (text.AsSpan(1).Contains('o') && i + 1 < invocation.Count && invocation[i + 1] == "errexit")
                {
                    invocation.Scope.ExitOnError = on;
                }
            }
        }
    }

    private void DeclareVariables(Invocation invocation)
    {
        foreach (var arg in invocation.Args)
        {
            var equals = arg.Text.IndexOf('=', StringComparison.Ordinal);
            if (arg.Text.StartsWith('-') || equals <= 0)
            {
                continue;
            }
            var value = arg.Text[(equals + 1)..];
            if (value.StartsWith('~') && (value.Length == 1 || value[1] == '/'))
            {
                value = WordExpander.Lookup("HOME", invocation.Scope, Environment, out _) + value[1..];
            }
            invocation.Scope.SetVariable(arg.Text[..equals].TrimEnd('+'), arg.Uncertain ? null : value);
        }
    }
}
