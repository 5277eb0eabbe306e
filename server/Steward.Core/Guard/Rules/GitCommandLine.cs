using Steward.Core.Guard.Analysis;

namespace Steward.Core.Guard.Rules;

/// <summary>
/// A git invocation read past its global options (<c>-C dir</c>, <c>-c key=value</c>,
/// <c>--git-dir</c>, <c>--work-tree</c> …) to the subcommand, with <c>-c alias.x=…</c> aliases expanded.
/// </summary>
internal sealed class GitCommandLine(string subcommand, ArraySegment<ResolvedArg> args, string? directory, Invocation invocation)
{
    private static readonly HashSet<string> GlobalOptionsWithValue = new(StringComparer.Ordinal)
    {
        "-C", "-c", "--git-dir", "--work-tree", "--namespace", "--config-env", "--super-prefix", "--exec-path", "--list-cmds",
    };

    public string Subcommand { get; } = subcommand;

    /// <summary>The subcommand's arguments.</summary>
    public ArraySegment<ResolvedArg> Args { get; } = args;

    /// <summary>The directory git works in (after -C and --work-tree); null when unknown.</summary>
    public string? Directory { get; } = directory;

    public Invocation Invocation { get; } = invocation;

    public string this[int index] => Args[index].Text;

    /// <summary>Reads the command line; a <c>!shell</c> alias is handed to the walker and yields null.</summary>
    public static GitCommandLine? Parse(Invocation invocation, ScriptWalker walker)
    {
        var directory = invocation.WorkingDirectory;
        Dictionary<string, string>? aliases = null;
        var i = 0;
        while (i < invocation.Count)
        {
            var text = invocation[i];
            var value = (string?)null;
            if (GlobalOptionsWithValue.Contains(text))
            {
                value = i + 1 < invocation.Count ? invocation[i + 1] : null;
                i += 2;
            }
            else if (text.StartsWith("--", StringComparison.Ordinal) && text.IndexOf('=', StringComparison.Ordinal) is var equals and > 0)
            {
                value = text[(equals + 1)..];
                text = text[..equals];
                i++;
            }
            else if (text.StartsWith("-C", StringComparison.Ordinal) && text.Length > 2)
            {
                value = text[2..];
                text = "-C";
                i++;
            }
            else if (text.StartsWith('-'))
            {
                i++;
                continue;
            }
            else
            {
                break;
            }
            if (value is null)
            {
                continue;
            }
            if (text is "-C" or "--work-tree")
            {
                directory = PathMath.Resolve(directory, value);
            }
            else if (text == "-c" && value.StartsWith("alias.", StringComparison.Ordinal) && value.IndexOf('=', StringComparison.Ordinal) is var aliasEquals and > 6)
            {
                (aliases ??= new(StringComparer.Ordinal))[value[6..aliasEquals]] = value[(aliasEquals + 1)..];
            }
        }
        if (i >= invocation.Count)
        {
            return null;
        }
        var subcommand = invocation[i];
        if (aliases is not null && aliases.TryGetValue(subcommand, out var expansion))
        {
            return ExpandAlias(invocation, walker, expansion, i, directory);
        }
        return new GitCommandLine(subcommand, invocation.Args[(i + 1)..], directory, invocation);
    }

    private static GitCommandLine? ExpandAlias(Invocation invocation, ScriptWalker walker, string expansion, int at, string? directory)
    {
        if (expansion.StartsWith('!'))
        {
            walker.AnalyzeShellString(expansion[1..] + " " + walker.JoinForShell(invocation, at + 1), invocation);
            return null;
        }
        var words = expansion.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (words.Length == 0)
        {
            return null;
        }
        var rest = invocation.Args[(at + 1)..];
        var args = new ResolvedArg[words.Length - 1 + rest.Count];
        for (var k = 1; k < words.Length; k++)
        {
            args[k - 1] = ResolvedArg.Literal(words[k]);
        }
        rest.CopyTo(args, words.Length - 1);
        return new GitCommandLine(words[0], args, directory, invocation);
    }
}
