using System.Buffers;

namespace Steward.Core.Secrets;

/// <summary>
/// The catch-all for secrets with no known format: the value that follows a keyword (key, secret,
/// token, password, passwd, pwd, auth, credential, bearer, private) as in <c>"apiKey": "…"</c>,
/// <c>X_AUTH=…</c> or <c>Authorization: Bearer …</c>, when it is a run of at least 20 token
/// characters ([A-Za-z0-9+/=_-]) that mixes letters and digits, is not a known benign shape
/// (<see cref="BenignShapes"/>) and has the Shannon entropy of random data. Without a keyword
/// nothing is reported: hashes, ids and base64 are everywhere in tool output, and the keyword is
/// what says this one is a credential.
/// </summary>
internal sealed class HighEntropySecrets : ISecretDetector
{
    private const int Reach = 48;
    private const int MinLength = 20;
    private const int MaxLength = 4096;
    private const int MaxNameTail = 40;
    private static readonly SecretKind Kind = new("high-entropy-secret", "Random-looking string next to a secret keyword (key, token, password, …)");
    private static readonly SearchValues<char> TokenCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=_-");
    private static readonly string[] NonSecretSuffixes =
        ["id", "ids", "name", "type", "path", "file", "url", "uri", "version", "count", "length", "size", "ttl", "expiry", "expires", "format", "header", "prefix", "algorithm", "alg", "kind", "label", "hint", "fingerprint"];

    // password, passwd, pwd, private, secret, credential: a value after these is a secret even if
    // it has the shape of a digest. Told apart by first letter (case-insensitively).
    private static readonly SearchValues<char> StrongKeywords = SearchValues.Create("pPsScC");

    // A multi-string search (vectorized, case-insensitive) rather than a regex: this detector looks
    // at every occurrence of "key" in the text, and code is full of them.
    private static readonly string[] Keywords = ["password", "passwd", "credential", "private", "secret", "bearer", "token", "auth", "pwd", "key"];
    private static readonly SearchValues<string> KeywordSearch = SearchValues.Create(Keywords, StringComparison.OrdinalIgnoreCase);
    private static readonly SearchValues<char> NameCharacters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-");
    // Words that may stand between a key and its value: auth schemes ("Authorization: Bearer …",
    // "Authorization: Bot …") and "key"/"token" themselves ("signing key token: …"). Any other word
    // ends the search: "secret here: commit <sha>" is prose, not an assignment.
    private static readonly HashSet<string> SkippableWords = new(StringComparer.OrdinalIgnoreCase) { "bearer", "basic", "bot", "token", "key", "apikey" };
    // What may stand between a key and its value: quotes, spaces, ':', '=', '=>' and a closing ']'
    // (headers["X-Api-Key"] = "…").
    private static readonly SearchValues<char> Separators = SearchValues.Create("\"'` \t:=>]");
    private static readonly SearchValues<char> HexCharacters = SearchValues.Create("0123456789abcdefABCDEF");

    public IReadOnlyList<SecretKind> Kinds { get; } = [Kind];

    public void Find(string text, List<SecretCandidate> found)
    {
        // Runs already looked at (for an earlier keyword) are not looked at again, and keywords
        // inside them are ignored: every character is read a bounded number of times, so even
        // "keykeykey…" or megabytes of base64 stay linear.
        var lookedAt = 0;
        var position = 0;
        while (position < text.Length)
        {
            var offset = text.AsSpan(position).IndexOfAny(KeywordSearch);
            if (offset < 0)
            {
                return;
            }
            var index = position + offset;
            var length = KeywordLength(text.AsSpan(index));
            position = index + length;
            if (index >= lookedAt && !KeyNames.IsNotSecret(text, index, length))
            {
                lookedAt = ValueAfter(text, position, found, strong: StrongKeywords.Contains(text[index]));
            }
        }
    }

    /// <summary>
    /// Follows a keyword to its value: past the rest of the key's name (DB_PASSWORD, apiKey_2),
    /// which must then end at a separator (quote, space, ':', '='); then past quotes, separators
    /// and auth-scheme words (Bearer, Basic) to the first run of token characters. A key name that runs
    /// straight into '+' or '/' is inside base64, not a key. Returns where it stopped looking.
    /// </summary>
    private static int ValueAfter(string text, int keywordEnd, List<SecretCandidate> found, bool strong)
    {
        var rest = text.AsSpan(keywordEnd);
        var tail = rest.IndexOfAnyExcept(NameCharacters);
        if (tail < 0 || tail > MaxNameTail || !Separators.Contains(rest[tail]))
        {
            return keywordEnd + (tail < 0 ? rest.Length : tail);
        }
        if (NamesNoSecret(rest[..tail]))
        {
            return keywordEnd + tail;
        }
        var position = keywordEnd + tail;
        var windowEnd = Math.Min(text.Length, position + Reach);
        while (position < windowEnd)
        {
            if (Separators.Contains(text[position]))
            {
                position++;
                continue;
            }
            if (!TokenCharacters.Contains(text[position]))
            {
                return position;
            }
            var runLength = text.AsSpan(position).IndexOfAnyExcept(TokenCharacters);
            var end = runLength < 0 ? text.Length : position + runLength;
            var run = text.AsSpan(position, end - position);
            if (run.Length >= MinLength)
            {
                if (IsSecret(text, position, end, strong))
                {
                    found.Add(new SecretCandidate(position, end - position, Kind));
                }
                return end;
            }
            if (!SkippableWords.Contains(run.ToString()))
            {
                return end;
            }
            position = end;
        }
        return position;
    }

    // private_key_id, token_type, secret_name, api_key_header: the key is about a secret, its value is not one.
    private static bool NamesNoSecret(ReadOnlySpan<char> tail)
    {
        tail = tail.TrimEnd("_-");
        foreach (var suffix in NonSecretSuffixes)
        {
            if (tail.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }

    private static bool IsSecret(string text, int start, int end, bool strong)
    {
        var token = text.AsSpan(start, end - start);
        if (token.Length is < MinLength or > MaxLength || !token.ContainsAnyInRange('0', '9') || !HasLetter(token))
        {
            return false;
        }
        var hex = !token.ContainsAnyExcept(HexCharacters);
        // A 40/64-hex value is a digest after "key" or "token" (cache keys, commit ids) but a key
        // after "secret" or "private" (x25519PrivateKeyHex, sharedSecretHex).
        return Entropy(token) >= Threshold(token.Length, hex) && !BenignShapes.IsBenign(text, start, end, digestsAreBenign: !strong)
            && !Placeholders.IsPlaceholder(token) && !TokenChecks.IsPlaceholderCredential(token);
    }

    /// <summary>
    /// Just below what 99.5% of random strings of this length reach (measured by simulation): a
    /// string's entropy is capped by log2 of its length, so a fixed bar would miss short random
    /// tokens or pass long English-like identifiers ("getAccessTokenFromRefreshToken": 3.7 bits).
    /// </summary>
    internal static double Threshold(int length, bool hex) =>
        hex ? Math.Min(3.5, 0.8 + 0.47 * Math.Log2(length)) : Math.Min(5.3, 0.63 + 0.683 * Math.Log2(length));

    internal static double Entropy(ReadOnlySpan<char> token)
    {
        Span<int> counts = stackalloc int[128];
        foreach (var c in token)
        {
            counts[c & 0x7F]++;
        }
        var entropy = 0.0;
        foreach (var count in counts)
        {
            if (count > 0)
            {
                var p = (double)count / token.Length;
                entropy -= p * Math.Log2(p);
            }
        }
        return entropy;
    }

    private static bool HasLetter(ReadOnlySpan<char> token) => token.ContainsAnyInRange('a', 'z') || token.ContainsAnyInRange('A', 'Z');

    private static int KeywordLength(ReadOnlySpan<char> at)
    {
        foreach (var keyword in Keywords)
        {
            if (at.StartsWith(keyword, StringComparison.OrdinalIgnoreCase))
            {
                return keyword.Length;
            }
        }
        return 1;
    }
}
