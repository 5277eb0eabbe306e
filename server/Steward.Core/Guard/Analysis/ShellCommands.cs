namespace Steward.Core.Guard.Analysis;

/// <summary>Where a shell invocation gets its script: a <c>-c</c> string, a script file, or stdin.</summary>
internal readonly record struct ShellArgs(int CommandStringIndex, int ScriptIndex, bool ReadsStdin);

/// <summary>
/// Shells run strings: <c>bash -c '…'</c> and a shell reading a known here-document or
/// <c>echo … |</c> are parsed and analysed like the outer command, with the variables given to them.
/// </summary>
internal static class ShellCommands
{
    private static readonly HashSet<string> Shells = new(StringComparer.Ordinal)
    {
        "sh", "bash", "zsh", "dash", "ksh", "mksh", "ash", "fish", "yash", "posh", "rbash", "tcsh", "csh",
    };

    public static bool IsShell(string name) => Shells.Contains(name);

    public static ShellArgs Parse(Invocation invocation)
    {
        var hasCommandString = false;
        var readsStdin = false;
        var i = 0;
        while (i < invocation.Count)
        {
            var text = invocation[i];
            if (text is "--" or "-")
            {
                readsStdin |= text == "-";
                i++;
                break;
            }
            if (text.StartsWith("--", StringComparison.Ordinal))
            {
                i += text is "--rcfile" or "--init-file" ? 2 : 1;
                continue;
            }
            if (text.Length > 1 && text[0] is '-' or '+')
            {
                foreach (var letter in text.AsSpan(1))
                {
                    hasCommandString |= letter == 'c';
                    readsStdin |= letter == 's';
                    if (letter is 'o' or 'O')
                    {
                        i++;
                    }
                }
                i++;
                continue;
            }
            break;
        }
        var operand = i < invocation.Count ? i : -1;
        if (hasCommandString)
        {
            return new ShellArgs(operand, -1, false);
        }
        if (operand >= 0 && !readsStdin)
        {
            return new ShellArgs(-1, operand, false);
        }
        return new ShellArgs(-1, -1, true);
    }

    /// <summary>Analyses what the shell will run, when the guard can see it.</summary>
    public static void Run(Invocation invocation, ScriptWalker walker)
    {
        var shell = Parse(invocation);
        if (shell.CommandStringIndex >= 0)
        {
            var arg = invocation.Args[shell.CommandStringIndex];
            var script = arg.Word is { } word ? WordExpander.Expand(word, invocation.Scope, walker.Environment, keepUnknown: true, out _) : arg.Text;
            var positional = new List<string>();
            for (var i = shell.CommandStringIndex + 1; i < invocation.Count; i++)
            {
                positional.Add(invocation.Args[i].Uncertain ? string.Empty : invocation[i]);
            }
            walker.AnalyzeShellString(script, invocation, positional: positional);
        }
        else if ((shell.ReadsStdin || IsStdinPath(invocation, shell.ScriptIndex)) && invocation.Stdin.Text is { } text)
        {
            walker.AnalyzeShellString(text, invocation);
        }
        else if (shell.ScriptIndex >= 0 && walker.Files.TryGet(invocation.WorkingDirectory, invocation[shell.ScriptIndex], out var written))
        {
            walker.RunWrittenFile(written, invocation);
        }
    }

    public static bool IsStdinPath(Invocation invocation, int index) =>
        index >= 0 && invocation[index] is "/dev/stdin" or "/proc/self/fd/0" or "/dev/fd/0";
}
