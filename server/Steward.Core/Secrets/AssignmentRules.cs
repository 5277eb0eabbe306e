using System.Text.RegularExpressions;

namespace Steward.Core.Secrets;

/// <summary>
/// <c>password=…</c>, <c>"api_key": "…"</c>, <c>secret: …</c>, <c>--token …</c>: a literal value
/// given to a key whose name says it is a secret, in env, YAML, JSON, code or a command line.
/// The key must end with the keyword (<c>DB_PASSWORD</c>, <c>clientSecret</c>), so <c>tokenizer</c>,
/// <c>max_tokens</c> or <c>password_hash</c> are not keys of this kind. The value must look like
/// a credential (<see cref="LooksReal"/>), not like a name, a reference or code.
/// </summary>
internal static partial class AssignmentRules
{
    private static readonly System.Buffers.SearchValues<char> IdentifierCharacters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz_");

    private static readonly System.Buffers.SearchValues<char> ProseCharacters =
        System.Buffers.SearchValues.Create(" ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.,!?'-");

    public static readonly SecretKind Password = new("password-assignment", "A password assigned a literal value (password=, passwd:, pwd=)");
    public static readonly SecretKind Secret = new("secret-assignment", "A secret, API key or token assigned a literal value (secret=, api_key:, token=)");

    public static IEnumerable<ISecretDetector> All =>
    [
        new PatternRule(KeyValue, [Password, Secret], Classify),
        new PatternRule(CommandLineFlag, [Password, Secret], Classify),
    ];

    private static SecretKind? Classify(string text, Match match)
    {
        var key = match.Groups["key"];
        var secret = match.Groups["secret"];
        if (!LooksReal(secret.ValueSpan) || KeyNames.IsNotSecret(text, key.Index, key.Length) || IsBareIdentifier(text, secret))
        {
            return null;
        }
        return key.ValueSpan.Contains("pass", StringComparison.OrdinalIgnoreCase) || key.ValueSpan.Contains("pwd", StringComparison.OrdinalIgnoreCase) ? Password : Secret;
    }

    /// <summary>
    /// At least 8 characters; not a placeholder or a variable reference; not code (a dotted name such
    /// as <c>settings.SECRET_KEY</c>), a path, a URL, a YAML key or prose; and made of at least two character classes
    /// (lower, upper, digit, symbol), because a lone-class value is a name: <c>my-app-secret</c>,
    /// <c>DB_PASSWORD</c>, <c>required</c>. The trade-off: an all-lowercase passphrase is missed.
    /// </summary>
    internal static bool LooksReal(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        if (value.Length < 8 || Placeholders.IsPlaceholder(value) || value.Contains("://", StringComparison.Ordinal) || value[^1] == ':' || IsProse(value))
        {
            return false;
        }
        if (value[0] is '/' or '~' || value.StartsWith("./", StringComparison.Ordinal) || value.StartsWith("../", StringComparison.Ordinal))
        {
            return false;
        }
        return !IsDottedName(value) && CharacterClasses(value) >= 2;
    }

    // An unquoted value made only of letters and '_' is a name in code ("cancellationToken:
    // cancellationToken", "password: passwordInput"), not a literal.
    private static bool IsBareIdentifier(string text, Group secret)
    {
        var quoted = secret.Index > 0 && text[secret.Index - 1] is '"' or '\'' or '`';
        return !quoted && secret.ValueSpan.IndexOfAnyExcept(IdentifierCharacters) < 0;
    }

    // 'Password used to generate key': words, not a credential. A passphrase with digits or
    // symbols in it ("my P@ss w0rd") still counts; three or more spaces never do.
    private static bool IsProse(ReadOnlySpan<char> value)
    {
        var spaces = value.Count(' ');
        return spaces >= 3 || (spaces > 0 && value.IndexOfAnyExcept(ProseCharacters) < 0);
    }

    private static bool IsDottedName(ReadOnlySpan<char> value)
    {
        var dots = 0;
        var segmentStart = true;
        foreach (var c in value)
        {
            if (c == '.')
            {
                dots++;
                segmentStart = true;
                continue;
            }
            if (segmentStart ? !(char.IsAsciiLetter(c) || c is '_' or '$') : !(char.IsAsciiLetterOrDigit(c) || c is '_' or '$'))
            {
                return false;
            }
            segmentStart = false;
        }
        return dots > 0 && !segmentStart;
    }

    private static int CharacterClasses(ReadOnlySpan<char> value)
    {
        bool lower = false, upper = false, digit = false, symbol = false;
        foreach (var c in value)
        {
            lower |= char.IsAsciiLetterLower(c);
            upper |= char.IsAsciiLetterUpper(c);
            digit |= char.IsAsciiDigit(c);
            symbol |= !char.IsAsciiLetterOrDigit(c) && c is not ('-' or '_' or '.' or ' ');
        }
        return (lower ? 1 : 0) + (upper ? 1 : 0) + (digit ? 1 : 0) + (symbol ? 1 : 0);
    }

    // Keyword (ending the key), an optional closing quote or bracket of the key, a separator that
    // is not a comparison (==, =>), then a quoted value or a bare one ending at a delimiter.
    [GeneratedRegex(
        "(?<key>passw(?:or)?d|pwd|secret|api[_-]?key|apikey|access[_-]?key|private[_-]?key|secret[_-]?key|client[_-]?secret|auth[_-]?token|token|credentials?)"
        + "[\"'\\]]{0,2}[ \\t]{0,5}(?::=|=>|=|:)(?![=>:])[ \\t]{0,5}"
        + "(?:\"(?<secret>[^\"\\r\\n]{8,300})\"|'(?<secret>[^'\\r\\n]{8,300})'|`(?<secret>[^`\\r\\n]{8,300})`"
        + "|(?<secret>(?>[^\\x00-\\x20\"'`,;&<>(){}\\[\\]]{8,300}))(?=[\\s,;&\"'}\\])]|\\z))",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.IgnoreCase)]
    private static partial Regex KeyValue { get; }

    [GeneratedRegex(
        "(?<![A-Za-z0-9_-])--(?:[a-z0-9]{1,30}-){0,3}(?<key>password|passwd|secret|token|api-key|apikey|access-key|secret-key|auth-token|client-secret)(?:=|\\s{1,3})"
        + "(?:\"(?<secret>[^\"\\r\\n]{8,300})\"|'(?<secret>[^'\\r\\n]{8,300})'|(?<secret>(?>[^-\\x00-\\x20\"'`;&|<>(){}][^\\x00-\\x20\"'`;&|<>(){}]{7,299}))(?=[\\s;&|)]|\\z))",
        RegexOptions.CultureInvariant | RegexOptions.ExplicitCapture | RegexOptions.IgnoreCase)]
    private static partial Regex CommandLineFlag { get; }
}
