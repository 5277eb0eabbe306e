namespace Steward.Core.Guard.Analysis;

/// <summary>
/// Code for other interpreters (<c>python -c</c>, <c>perl -e</c>, <c>node -e</c>, or a script fed
/// on stdin) is not parsed; but the strings in it that look like shell commands
/// (<c>os.system("rm -rf /")</c>) are analysed speculatively, so findings there ask rather than deny.
/// </summary>
internal static class InlineCode
{
    private const int MaxLiterals = 64;

    private static readonly HashSet<string> Interpreters = new(StringComparer.Ordinal)
    {
        "python", "python2", "python3", "perl", "ruby", "node", "nodejs", "php", "deno", "bun", "lua",
    };

    public static bool IsInterpreter(string name) => Interpreters.Contains(name) || name.StartsWith("python3.", StringComparison.Ordinal);

    public static void Run(Invocation invocation, ScriptWalker walker)
    {
        var sawCode = false;
        for (var i = 0; i < invocation.Count; i++)
        {
            var text = invocation[i];
            if (text.Length > 1 && text[0] == '-' && text[1] != '-')
            {
                // -c CODE (python), -e/-E CODE (perl, ruby, node), also clustered: perl -pe CODE.
                if (text[^1] is 'c' or 'e' or 'E' && i + 1 < invocation.Count)
                {
                    AnalyzeLiterals(invocation[++i], invocation, walker);
                    sawCode = true;
                }
                continue;
            }
            if (text is "--eval" or "--print" && i + 1 < invocation.Count)
            {
                AnalyzeLiterals(invocation[++i], invocation, walker);
                sawCode = true;
                continue;
            }
            if (text.StartsWith("--", StringComparison.Ordinal))
            {
                continue;
            }
            if (!sawCode && text != "-" && walker.Files.TryGet(invocation.WorkingDirectory, text, out var written))
            {
                walker.RunWrittenFile(written, invocation, asShellScript: false);
                return;
            }
            if (!sawCode && text != "-")
            {
                return; // a script file the guard cannot see
            }
            break;
        }
        if (!sawCode && invocation.Stdin.Text is { } stdin)
        {
            AnalyzeLiterals(stdin, invocation, walker);
        }
    }

    /// <summary>Analyses each quoted string in <paramref name="code"/> that could be a command line.</summary>
    public static void AnalyzeLiterals(string code, Invocation invocation, ScriptWalker walker)
    {
        var count = 0;
        var i = 0;
        while (i < code.Length && count < MaxLiterals)
        {
            var quote = code[i];
            if (quote is not ('\'' or '"' or '`'))
            {
                i++;
                continue;
            }
            var end = i + 1;
            while (end < code.Length && code[end] != quote)
            {
                end += code[end] == '\\' ? 2 : 1;
            }
            end = Math.Min(end, code.Length);
            var literal = code[(i + 1)..end];
            if (literal.Contains(' ', StringComparison.Ordinal))
            {
                count++;
                walker.Findings.Speculative++;
                try
                {
                    walker.AnalyzeShellString(literal, invocation);
                }
                finally
                {
                    walker.Findings.Speculative--;
                }
            }
            i = end + 1;
        }
    }
}
