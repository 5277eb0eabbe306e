using System.Text.RegularExpressions;

namespace Steward.Core.Secrets;

/// <summary>
/// A detector made of one source-generated regex and, when the shape alone is not proof, a
/// <c>classify</c> step that looks at the hit (a checksum, a decoded header, the scheme of a URL)
/// and returns its kind, or null for a look-alike. The secret is the regex's "secret" group when
/// it has one (the value of <c>password=…</c>), else the whole match. Every hit also goes through
/// <see cref="Placeholders"/>, and a hit that includes an earlier redaction marker is dropped.
/// </summary>
internal sealed class PatternRule : ISecretDetector
{
    private readonly Regex _pattern;
    private readonly Func<string, Match, SecretKind?> _classify;

    public PatternRule(Regex pattern, SecretKind kind, Func<string, Match, bool>? confirm = null)
        : this(pattern, [kind], confirm is null ? (_, _) => kind : (text, match) => confirm(text, match) ? kind : null)
    {
    }

    public PatternRule(Regex pattern, SecretKind[] kinds, Func<string, Match, SecretKind?> classify)
    {
        _pattern = pattern;
        Kinds = kinds;
        _classify = classify;
    }

    public IReadOnlyList<SecretKind> Kinds { get; }

    public void Find(string text, List<SecretCandidate> found)
    {
        for (var match = _pattern.Match(text); match.Success; match = match.NextMatch())
        {
            var secret = match.Groups.TryGetValue("secret", out var group) && group.Success ? (Capture)group : match;
            // Output that was redacted once (and is shown again) must not yield new findings.
            if (secret.Length == 0 || Placeholders.IsPlaceholder(secret.ValueSpan) || match.ValueSpan.Contains("[REDACTED:", StringComparison.Ordinal))
            {
                continue;
            }
            if (_classify(text, match) is { } kind)
            {
                found.Add(new SecretCandidate(secret.Index, secret.Length, kind));
            }
        }
    }
}
