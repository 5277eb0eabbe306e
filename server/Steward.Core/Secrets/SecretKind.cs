namespace Steward.Core.Secrets;

/// <summary>What a detector reports: a stable id (what redaction writes) and a human description.</summary>
internal sealed record SecretKind(string Id, string Description);

/// <summary>
/// A raw hit before overlaps are resolved. <see cref="Priority"/> is the detector's position in
/// <see cref="SecretScanner"/>'s list: when hits overlap, the more specific (earlier) kind names
/// the merged finding.
/// </summary>
internal readonly record struct SecretCandidate(int Start, int Length, SecretKind Kind, int Priority = 0)
{
    public int End => Start + Length;
}

/// <summary>One way of finding secrets in a text.</summary>
internal interface ISecretDetector
{
    IReadOnlyList<SecretKind> Kinds { get; }

    /// <summary>Adds every secret found to <paramref name="found"/>; must stay linear in the text's length.</summary>
    void Find(string text, List<SecretCandidate> found);
}
