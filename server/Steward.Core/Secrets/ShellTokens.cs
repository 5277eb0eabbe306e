using System.Text;

namespace Steward.Core.Secrets;

/// <summary>A word (quotes removed) or an operator (<c>;</c>, <c>|</c>, <c>$(</c>, <c>&lt;</c>, …) of a shell command line.</summary>
internal readonly record struct ShellToken(string Text, bool IsOperator);

/// <summary>
/// Splits a Bash command line into words and operators the way the shell would for the parts that
/// decide which files a command reads: quotes, escapes, command separators, pipes, command and
/// process substitution, and redirections (a file-descriptor number before &gt; or &lt; is dropped).
/// It expands nothing: <c>$HOME/.env</c> stays as written. Best-effort by design; it never throws.
/// </summary>
internal static class ShellTokens
{
    // Longest first, so "<<<" wins over "<<" and "<".
    private static readonly string[] Operators =
        ["<<<", "&>>", "&&", "||", ";;", "|&", "&>", ">>", ">|", "<<", "<(", ">(", "<&", ">&", "$(", ";", "&", "|", "(", ")", "`", "<", ">", "\n"];

    public static List<ShellToken> Split(string command)
    {
        var tokens = new List<ShellToken>();
        var word = new StringBuilder();
        var inWord = false;
        var i = 0;
        while (i < command.Length)
        {
            var c = command[i];
            if (c is ' ' or '\t' or '\r')
            {
                Flush();
                i++;
                continue;
            }
            if (c == '#' && !inWord)
            {
                while (i < command.Length && command[i] != '\n')
                {
                    i++;
                }
                continue;
            }
            if (OperatorAt(command, i) is { } op)
            {
                // "2>" and "2<": the digits name a file descriptor, not a file.
                if (op[0] is '<' or '>' && inWord && word.Length > 0 && word.ToString().All(char.IsAsciiDigit))
                {
                    word.Clear();
                    inWord = false;
                }
                Flush();
                tokens.Add(new ShellToken(op, IsOperator: true));
                i += op.Length;
                continue;
            }
            inWord = true;
            i = c switch
            {
                '\'' => Quoted(command, i + 1, '\'', word),
                '"' => Quoted(command, i + 1, '"', word),
                '\\' => Escaped(command, i, word),
                _ => Append(command, i, word),
            };
        }
        Flush();
        return tokens;

        void Flush()
        {
            if (inWord)
            {
                tokens.Add(new ShellToken(word.ToString(), IsOperator: false));
            }
            word.Clear();
            inWord = false;
        }
    }

    private static string? OperatorAt(string command, int index)
    {
        foreach (var op in Operators)
        {
            if (string.CompareOrdinal(command, index, op, 0, op.Length) == 0)
            {
                return op;
            }
        }
        return null;
    }

    private static int Quoted(string command, int index, char quote, StringBuilder word)
    {
        while (index < command.Length && command[index] != quote)
        {
            if (quote == '"' && command[index] == '\\' && index + 1 < command.Length && command[index + 1] is '"' or '\\' or '$' or '`')
            {
                index++;
            }
            word.Append(command[index]);
            index++;
        }
        return index + 1;
    }

    private static int Escaped(string command, int index, StringBuilder word)
    {
        if (index + 1 < command.Length && command[index + 1] != '\n')
        {
            word.Append(command[index + 1]);
        }
        return index + 2;
    }

    // ${VAR} is one piece of a word even if it holds characters that would otherwise split it.
    private static int Append(string command, int index, StringBuilder word)
    {
        if (command[index] == '$' && index + 1 < command.Length && command[index + 1] == '{')
        {
            var close = command.IndexOf('}', index);
            var end = close < 0 ? command.Length : close + 1;
            word.Append(command, index, end - index);
            return end;
        }
        word.Append(command[index]);
        return index + 1;
    }
}
