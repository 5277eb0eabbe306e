using System.Globalization;
using System.Text;

namespace Steward.Core.Storage;

/// <summary>
/// Turns user text into an FTS5 query that cannot be a syntax error: every word becomes a quoted
/// string (so AND, OR, NEAR, *, :, - are just text), words joined by punctuation ("e-mail", "9:00",
/// "user's") and "quoted phrases" become phrases, and a trailing * on a word keeps prefix search.
/// Characters that FTS5's unicode61 tokenizer would not index (emoji, symbols) are dropped, and
/// so are common English function words ("where is the deploy key?" searches deploy AND key)
/// unless the text has nothing else.
/// </summary>
public static class FtsQuery
{
    public const int MaxTerms = 32;

    /// <summary>The AND form (every term must match) and the OR form (any may); null when the text has no searchable word.</summary>
    public static (string? All, string? Any) Build(string? text)
    {
        var terms = Terms(text ?? "");
        return terms.Count == 0 ? (null, null) : (All(terms), Any(terms));
    }

    /// <summary>The quoted terms themselves (a word, a "phrase", or a "prefix"*), for callers that weigh them one by one.</summary>
    public static IReadOnlyList<string> Terms(string? text) => TermsOf(text ?? "");

    public static string All(IEnumerable<string> terms) => string.Join(' ', terms);

    public static string Any(IEnumerable<string> terms) => string.Join(" OR ", terms);

    private static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "can", "could", "did", "do", "does", "for", "from", "had", "has",
        "have", "he", "her", "his", "how", "i", "if", "in", "into", "is", "it", "its", "me", "my", "of", "on", "or", "our", "s",
        "she", "so", "t", "that", "the", "their", "them", "then", "there", "these", "they", "this", "to", "was", "we", "were",
        "what", "when", "where", "which", "who", "why", "will", "with", "would", "you", "your",
    };

    private static List<string> TermsOf(string text)
    {
        var all = AllTerms(text);
        var meaningful = all.Where(t => !IsStopWord(t)).ToList();
        return meaningful.Count > 0 ? meaningful : all;
    }

    /// <summary>A single quoted word from the stop list; phrases and prefixes always count.</summary>
    private static bool IsStopWord(string term) =>
        term.Length > 2 && term[0] == '"' && term[^1] == '"' && !term.Contains(' ', StringComparison.Ordinal) && StopWords.Contains(term[1..^1]);

    private static List<string> AllTerms(string text)
    {
        var terms = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Add(string term)
        {
            if (terms.Count < MaxTerms && seen.Add(term))
            {
                terms.Add(term);
            }
        }

        var parts = text.Split('"');
        for (var i = 0; i < parts.Length && terms.Count < MaxTerms; i++)
        {
            if (i % 2 == 1 && i < parts.Length - 1)
            {
                // Inside a pair of quotes: one phrase.
                var words = Words(parts[i]);
                if (words.Count > 0)
                {
                    Add(Quote(words));
                }
                continue;
            }
            foreach (var chunk in parts[i].Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            {
                var words = Words(chunk);
                if (words.Count == 0)
                {
                    continue;
                }
                var prefix = words.Count == 1 && chunk.EndsWith('*') && words[0].Length >= 2;
                Add(Quote(words) + (prefix ? "*" : ""));
            }
        }
        return terms;
    }

    /// <summary>The runs of characters unicode61 indexes (letters, digits, marks, private use).</summary>
    private static List<string> Words(string chunk)
    {
        var words = new List<string>();
        var current = new StringBuilder();
        foreach (var rune in chunk.EnumerateRunes())
        {
            if (IsTokenCharacter(rune))
            {
                current.Append(rune.ToString());
            }
            else if (current.Length > 0)
            {
                words.Add(current.ToString());
                current.Clear();
            }
        }
        if (current.Length > 0)
        {
            words.Add(current.ToString());
        }
        return words;
    }

    private static bool IsTokenCharacter(Rune rune) => Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.UppercaseLetter or UnicodeCategory.LowercaseLetter or UnicodeCategory.TitlecaseLetter
            or UnicodeCategory.ModifierLetter or UnicodeCategory.OtherLetter
            or UnicodeCategory.DecimalDigitNumber or UnicodeCategory.LetterNumber or UnicodeCategory.OtherNumber
            or UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark or UnicodeCategory.EnclosingMark
            or UnicodeCategory.PrivateUse => true,
        _ => false,
    };

    private static string Quote(List<string> words) => "\"" + string.Join(' ', words) + "\"";
}
