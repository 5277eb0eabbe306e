using System.Text;

namespace Steward.Core.Secrets;

/// <summary>
/// Finds credentials in tool output (command output, files, web pages, MCP results) so a hook can
/// keep them from the model. Detectors run from most to least specific: provider formats (several
/// verified by checksum or decoding), private keys, credentials in URLs and HTTP headers, literal
/// values of secret-named keys, and finally high-entropy strings next to a secret keyword.
/// Overlapping hits merge into one finding named after the most specific detector, so what
/// <see cref="Redact"/> hides is always the union of everything any detector saw.
/// </summary>
public static class SecretScanner
{
    private static readonly ISecretDetector[] Detectors =
    [
        .. ProviderRules.All,
        new ServiceAccountKeys(),
        new PrivateKeyBlocks(),
        .. ProviderRules.Transport,
        .. AssignmentRules.All,
        new HighEntropySecrets(),
    ];

    /// <summary>Every kind id a finding can have, most specific first.</summary>
    public static IReadOnlyList<string> Kinds { get; } = Detectors.SelectMany(d => d.Kinds).Select(k => k.Id).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>Non-overlapping findings ordered by <see cref="SecretFinding.Start"/>; empty when the text is clean.</summary>
    public static IReadOnlyList<SecretFinding> Scan(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var found = new List<SecretCandidate>();
        for (var priority = 0; priority < Detectors.Length; priority++)
        {
            var before = found.Count;
            Detectors[priority].Find(text, found);
            for (var i = before; i < found.Count; i++)
            {
                found[i] = found[i] with { Priority = priority };
            }
        }
        return found.Count == 0 ? [] : Merge(text, found);
    }

    /// <summary>
    /// The text with each finding replaced by <c>[REDACTED:kind]</c>. Findings that overlap an
    /// earlier one or fall outside the text are skipped (they cannot come from <see cref="Scan"/>).
    /// </summary>
    public static string Redact(string text, IReadOnlyList<SecretFinding> findings)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(findings);
        if (findings.Count == 0)
        {
            return text;
        }
        var redacted = new StringBuilder(text.Length);
        var position = 0;
        foreach (var finding in findings.OrderBy(f => f.Start))
        {
            if (finding.Start < position || finding.Length <= 0 || finding.Start > text.Length - finding.Length)
            {
                continue;
            }
            redacted.Append(text, position, finding.Start - position).Append("[REDACTED:").Append(finding.Kind).Append(']');
            position = finding.Start + finding.Length;
        }
        return redacted.Append(text, position, text.Length - position).ToString();
    }

    private static List<SecretFinding> Merge(string text, List<SecretCandidate> found)
    {
        found.Sort((a, b) => a.Start != b.Start ? a.Start.CompareTo(b.Start) : b.Length.CompareTo(a.Length));
        var findings = new List<SecretFinding>();
        var current = found[0];
        foreach (var next in found.Skip(1))
        {
            if (next.Start >= current.End)
            {
                findings.Add(ToFinding(text, current));
                current = next;
                continue;
            }
            var end = Math.Max(current.End, next.End);
            var winner = next.Priority < current.Priority ? next : current;
            current = new SecretCandidate(current.Start, end - current.Start, winner.Kind, winner.Priority);
        }
        findings.Add(ToFinding(text, current));
        return findings;
    }

    private static SecretFinding ToFinding(string text, SecretCandidate candidate) =>
        new(candidate.Kind.Id, candidate.Kind.Description, candidate.Start, candidate.Length, SecretMask.Mask(text.AsSpan(candidate.Start, candidate.Length)));
}
