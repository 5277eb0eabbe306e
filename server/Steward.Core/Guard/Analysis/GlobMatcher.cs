namespace Steward.Core.Guard.Analysis;

/// <summary>Shell pattern matching (<c>*</c>, <c>?</c>, <c>[…]</c>) for the few places the guard must guess what a glob hits.</summary>
internal static class GlobMatcher
{
    /// <summary>Greedy matching with one backtrack point per star: linear-ish, whatever the pattern.</summary>
    public static bool Matches(string pattern, string text)
    {
        int p = 0, t = 0, starP = -1, starT = -1;
        while (t < text.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                starP = p++;
                starT = t;
                continue;
            }
            if (p < pattern.Length && MatchOne(pattern, p, text[t]) is var next && next > p)
            {
                p = next;
                t++;
                continue;
            }
            if (starP < 0)
            {
                return false;
            }
            p = starP + 1;
            t = ++starT;
        }
        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }
        return p == pattern.Length;
    }

    /// <summary>The pattern index after the element at <paramref name="p"/> when it matches <paramref name="c"/>, else <paramref name="p"/>.</summary>
    private static int MatchOne(string pattern, int p, char c)
    {
        var element = pattern[p];
        if (element == '?')
        {
            return p + 1;
        }
        if (element == '[')
        {
            var close = pattern.IndexOf(']', Math.Min(p + 2, pattern.Length));
            if (close > 0)
            {
                return InClass(pattern.AsSpan(p + 1, close - p - 1), c) ? close + 1 : p;
            }
        }
        return element == c ? p + 1 : p;
    }

    private static bool InClass(ReadOnlySpan<char> set, char c)
    {
        var negate = set.Length > 0 && set[0] is '!' or '^';
        if (negate)
        {
            set = set[1..];
        }
        var found = false;
        for (var i = 0; i < set.Length; i++)
        {
            if (i + 2 < set.Length && set[i + 1] == '-')
            {
                found |= c >= set[i] && c <= set[i + 2];
                i += 2;
            }
            else
            {
                found |= set[i] == c;
            }
        }
        return found != negate;
    }
}
