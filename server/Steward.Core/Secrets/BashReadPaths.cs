using System.Buffers;

namespace Steward.Core.Secrets;

/// <summary>
/// The files a Bash command line would print or send somewhere: operands of commands that show
/// file contents (cat, less, head, tail, grep, base64, xxd, source, cp, …), files after "&lt;",
/// values of options that read a file (openssl -in, curl -d @file, jq --rawfile), recursively
/// inside <c>$( )</c>, backticks, <c>bash -c '…'</c> and <c>eval</c>. Best-effort: it does not
/// expand variables or globs; what it returns is for <see cref="SensitiveFiles.Describe(string)"/>.
/// </summary>
internal static class BashReadPaths
{
    private const int MaxDepth = 4;
    private static readonly SearchValues<char> NameCharacters = SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_");

    private static readonly HashSet<string> CommandSeparators = new(StringComparer.Ordinal) { ";", "&&", "||", "|", "|&", "&", ";;", "\n", "(", ")", "`", "$(", "<(", ">(" };
    private static readonly HashSet<string> SkipNextWord = new(StringComparer.Ordinal) { ">", ">>", ">|", "&>", "&>>", "<<", "<<<", "<&", ">&" };

    // Words that come before the command proper; the option lists say which of their options take a value.
    private static readonly Dictionary<string, string> Wrappers = new(StringComparer.Ordinal)
    {
        ["sudo"] = "-u -g -C -h -p -r -t -U", ["doas"] = "-u -C", ["env"] = "-u -C -S", ["nice"] = "-n", ["timeout"] = "-s -k",
        ["nohup"] = "", ["time"] = "", ["command"] = "", ["builtin"] = "", ["exec"] = "-a", ["stdbuf"] = "-i -o -e", ["ionice"] = "-c -n",
        ["if"] = "", ["then"] = "", ["else"] = "", ["elif"] = "", ["do"] = "", ["while"] = "", ["until"] = "", ["!"] = "", ["{"] = "",
    };

    public static IReadOnlyList<string> Find(string command)
    {
        var paths = new List<string>();
        Collect(command ?? "", paths, depth: 0);
        return paths.Where(p => p.Length > 0).Distinct(StringComparer.Ordinal).ToList();
    }

    private static void Collect(string command, List<string> paths, int depth)
    {
        if (depth > MaxDepth)
        {
            return;
        }
        var words = new List<string>();
        var tokens = ShellTokens.Split(command);
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (!token.IsOperator)
            {
                words.Add(token.Text);
                // Substitutions inside double quotes stay in the word: look inside them too.
                if (token.Text.Contains("$(", StringComparison.Ordinal) || token.Text.Contains('`', StringComparison.Ordinal))
                {
                    Collect(token.Text.Replace("$(", " ; ", StringComparison.Ordinal).Replace('`', ';'), paths, depth + 1);
                }
                continue;
            }
            var next = i + 1 < tokens.Count && !tokens[i + 1].IsOperator ? tokens[i + 1].Text : null;
            if (token.Text == "<" && next is not null)
            {
                paths.Add(next);
                i++;
            }
            else if (SkipNextWord.Contains(token.Text) && next is not null)
            {
                i++;
            }
            else if (CommandSeparators.Contains(token.Text))
            {
                Analyze(words, paths, depth);
                words.Clear();
            }
        }
        Analyze(words, paths, depth);
    }

    private static void Analyze(List<string> words, List<string> paths, int depth)
    {
        var start = SkipPrefix(words);
        if (start >= words.Count)
        {
            return;
        }
        var name = Path.GetFileName(words[start]);
        var arguments = words.Skip(start + 1).ToList();
        if (name is "bash" or "sh" or "zsh" or "dash" or "ksh" && arguments.IndexOf("-c") is var c && c >= 0 && c + 1 < arguments.Count)
        {
            Collect(arguments[c + 1], paths, depth + 1);
            return;
        }
        if (name == "eval")
        {
            Collect(string.Join(' ', arguments), paths, depth + 1);
            return;
        }
        if (ReaderCommands.TryGet(name) is { } reader)
        {
            paths.AddRange(reader.Paths(arguments));
        }
    }

    /// <summary>Index of the command word: past variable assignments and wrappers (sudo -u x, env A=1, timeout 5).</summary>
    private static int SkipPrefix(List<string> words)
    {
        var i = 0;
        while (i < words.Count)
        {
            var word = words[i];
            if (IsAssignment(word))
            {
                i++;
                continue;
            }
            if (!Wrappers.TryGetValue(Path.GetFileName(word), out var valueOptions))
            {
                return i;
            }
            i++;
            var options = valueOptions.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            while (i < words.Count && (words[i].StartsWith('-') || IsAssignment(words[i])))
            {
                i += options.Contains(words[i]) ? 2 : 1;
            }
            // timeout's duration, nice's adjustment given without -n.
            if (word == "timeout" && i < words.Count)
            {
                i++;
            }
        }
        return i;
    }

    private static bool IsAssignment(string word)
    {
        var equals = word.IndexOf('=', StringComparison.Ordinal);
        return equals > 0 && word.AsSpan(0, equals).IndexOfAnyExcept(NameCharacters) < 0 && !char.IsAsciiDigit(word[0]);
    }
}
