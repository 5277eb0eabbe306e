namespace Steward.Core.Secrets;

/// <summary>
/// One credential found in a text. <see cref="Start"/> and <see cref="Length"/> locate the secret
/// itself (for an assignment such as <c>password=…</c>, only the value), so redaction keeps the
/// surrounding text readable. <see cref="Masked"/> is safe to log or show the model: it never holds
/// more than the first 4 and last 2 characters of the secret.
/// </summary>
public sealed record SecretFinding(string Kind, string Description, int Start, int Length, string Masked);
