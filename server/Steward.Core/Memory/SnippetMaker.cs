using System.Text;

namespace Steward.Core.Memory;

/// <summary>
/// The snippet of a search hit: a window of the entry's text around the first match, with the
/// matching words in **bold**. Matching here only decides what to highlight (FTS5 already decided
/// what matches), so a light suffix-stripping stand-in for Porter stemming is enough.
/// </summary>
public static class SnippetMaker
{
    private const string Folded = "aaaaaaaceeeeiiiidnooooo/ouuuuyty";
    private static readonly string[] Suffixes = ["ations", "ation", "ments", "ment", "ness", "ings", "ing", "ers", "er", "ies", "ied", "es", "ed", "ly", "s"];

    public static string Make(string text, IReadOnlyList<string> terms, int maxWords = 24)
    {
        var (stems, prefixes) = QueryWords(terms);
        var words = Words(text);
        if (words.Count == 0)
        {
            return text;
        }
        var first = words.FindIndex(w => Matches(w.Key, stems, prefixes));
        var start = first < 0 ? 0 : Math.Max(0, first - 6);
        var end = Math.Min(words.Count, start + maxWords);
        start = Math.Max(0, Math.Min(start, end - maxWords));

        var snippet = new StringBuilder();
        if (start > 0)
        {
            snippet.Append('…');
        }
        var position = words[start].Start;
        for (var i = start; i < end; i++)
        {
            var (wordStart, length, key) = words[i];
            snippet.Append(text, position, wordStart - position);
            if (!Matches(key, stems, prefixes))
            {
                snippet.Append(text, wordStart, length);
                position = wordStart + length;
                continue;
            }
            // Matched words joined by punctuation ("e-mail", "9:00", "a-0") are one highlight.
            var last = i;
            while (last + 1 < end && Matches(words[last + 1].Key, stems, prefixes) && !HasSpace(text, words[last].Start + words[last].Length, words[last + 1].Start))
            {
                last++;
            }
            var spanEnd = words[last].Start + words[last].Length;
            snippet.Append("**").Append(text, wordStart, spanEnd - wordStart).Append("**");
            position = spanEnd;
            i = last;
        }
        if (end < words.Count)
        {
            snippet.Append('…');
        }
        else
        {
            snippet.Append(text, position, text.Length - position);
        }
        return snippet.ToString().ReplaceLineEndings(" ");
    }

    private static bool HasSpace(string text, int from, int to)
    {
        for (var i = from; i < to; i++)
        {
            if (char.IsWhiteSpace(text[i]))
            {
                return true;
            }
        }
        return false;
    }

    private static bool Matches(string key, HashSet<string> stems, List<string> prefixes) =>
        stems.Contains(Stem(key)) || prefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal));

    private static (HashSet<string> Stems, List<string> Prefixes) QueryWords(IReadOnlyList<string> terms)
    {
        var stems = new HashSet<string>(StringComparer.Ordinal);
        var prefixes = new List<string>();
        foreach (var term in terms)
        {
            var prefix = term.EndsWith('*');
            foreach (var word in Words(term))
            {
                if (prefix)
                {
                    prefixes.Add(word.Key);
                }
                else
                {
                    stems.Add(Stem(word.Key));
                }
            }
        }
        return (stems, prefixes);
    }

    /// <summary>Runs of letters and digits, with a lowercase, accent-free key.</summary>
    private static List<(int Start, int Length, string Key)> Words(string text)
    {
        var words = new List<(int, int, string)>();
        var key = new StringBuilder();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            if (i < text.Length && char.IsLetterOrDigit(text[i]))
            {
                if (start < 0)
                {
                    start = i;
                }
                key.Append(Fold(char.ToLowerInvariant(text[i])));
            }
            else if (start >= 0)
            {
                words.Add((start, i - start, key.ToString()));
                key.Clear();
                start = -1;
            }
        }
        return words;
    }

    private static char Fold(char c) => c is >= 'à' and <= 'ÿ' && Folded[c - 'à'] is var folded && folded != '/' ? folded : c;

    private static string Stem(string word)
    {
        foreach (var suffix in Suffixes)
        {
            if (word.Length - suffix.Length >= 3 && word.EndsWith(suffix, StringComparison.Ordinal))
            {
                var stem = word[..^suffix.Length];
                // "running" → "runn" → "run", as Porter undoubles (but "fall", "miss", "buzz" keep theirs).
                return stem.Length >= 4 && stem[^1] == stem[^2] && stem[^1] is not ('l' or 's' or 'z') && !IsVowel(stem[^1]) ? stem[..^1] : stem;
            }
        }
        return word;
    }

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u';
}
