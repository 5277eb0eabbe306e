using System.Text;

namespace Steward.Core.Guard.Analysis;

/// <summary>
/// Bash brace expansion: <c>/{usr,etc}</c> is two words, <c>/usr/{lib,bin}</c> two paths,
/// <c>{a..c}</c> three. Capped, since a few braces can ask for millions of words.
/// </summary>
internal static class BraceExpander
{
    public const int MaxWords = 64;

    /// <summary>The words <paramref name="text"/> expands to; just the text itself when there is nothing to expand.</summary>
    public static List<string> Expand(string text)
    {
        var words = new List<string>();
        Expand(text, words, 0);
        return words;
    }

    private static void Expand(string text, List<string> words, int depth)
    {
        if (words.Count >= MaxWords)
        {
            return;
        }
        if (depth > 8 || !TryFindGroup(text, out var open, out var close, out var alternatives))
        {
            words.Add(text);
            return;
        }
        var prefix = text[..open];
        var suffix = text[(close + 1)..];
        foreach (var alternative in alternatives)
        {
            Expand(prefix + alternative + suffix, words, depth + 1);
            if (words.Count >= MaxWords)
            {
                return;
            }
        }
    }

    /// <summary>Finds the first <c>{…}</c> holding a top-level comma or a <c>x..y</c> range.</summary>
    private static bool TryFindGroup(string text, out int open, out int close, out List<string> alternatives)
    {
        alternatives = [];
        for (open = text.IndexOf('{', StringComparison.Ordinal); open >= 0; open = text.IndexOf('{', open + 1))
        {
            var depth = 0;
            var start = open + 1;
            alternatives.Clear();
            for (close = open + 1; close < text.Length; close++)
            {
                var c = text[close];
                if (c == '{')
                {
                    depth++;
                }
                else if (c == '}' && depth-- == 0)
                {
                    break;
                }
                else if (c == ',' && depth == 0)
                {
                    alternatives.Add(text[start..close]);
                    start = close + 1;
                }
            }
            if (close >= text.Length)
            {
                continue;
            }
            if (alternatives.Count > 0)
            {
                alternatives.Add(text[start..close]);
                return true;
            }
            if (TryRange(text[(open + 1)..close], alternatives))
            {
                return true;
            }
        }
        close = -1;
        return false;
    }

    /// <summary><c>1..5</c>, <c>a..e</c> (steps and padding ignored: the guard only needs the shape of the words).</summary>
    private static bool TryRange(string body, List<string> alternatives)
    {
        var dots = body.IndexOf("..", StringComparison.Ordinal);
        if (dots <= 0)
        {
            return false;
        }
        var from = body[..dots];
        var rest = body[(dots + 2)..];
        var to = rest.IndexOf("..", StringComparison.Ordinal) is var step and >= 0 ? rest[..step] : rest;
        if (int.TryParse(from, out var a) && int.TryParse(to, out var b))
        {
            for (var i = 0; i <= Math.Abs(b - a) && alternatives.Count < MaxWords; i++)
            {
                alternatives.Add((a + (b >= a ? i : -i)).ToString(System.Globalization.CultureInfo.InvariantCulture));
            }
            return true;
        }
        if (from.Length == 1 && to.Length == 1 && char.IsAsciiLetter(from[0]) && char.IsAsciiLetter(to[0]))
        {
            for (var c = Math.Min(from[0], to[0]); c <= Math.Max(from[0], to[0]) && alternatives.Count < MaxWords; c++)
            {
                alternatives.Add(new StringBuilder().Append(c).ToString());
            }
            return true;
        }
        return false;
    }
}
