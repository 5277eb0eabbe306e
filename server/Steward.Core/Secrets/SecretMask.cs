using System.Text;

namespace Steward.Core.Secrets;

/// <summary>
/// The printable stand-in for a secret. It shows at most a quarter of the secret's head (capped at
/// 4 characters) and an eighth of its tail (capped at 2), so even a short password is never
/// recoverable from the mask, yet a user can still tell which of their keys leaked.
/// </summary>
internal static class SecretMask
{
    public static string Mask(ReadOnlySpan<char> secret)
    {
        var head = Math.Min(4, secret.Length / 4);
        var tail = Math.Min(2, secret.Length / 8);
        var mask = new StringBuilder(head + tail + 16);
        AppendVisible(mask, secret[..head]);
        mask.Append('…');
        AppendVisible(mask, secret[(secret.Length - tail)..]);
        return mask.Append(" (").Append(secret.Length).Append(" chars)").ToString();
    }

    // Masks end up in hook JSON and logs: keep them to printable ASCII (no newlines, no half
    // surrogate pairs) whatever bytes the secret held.
    private static void AppendVisible(StringBuilder mask, ReadOnlySpan<char> part)
    {
        foreach (var c in part)
        {
            mask.Append(c is > ' ' and < (char)0x7F ? c : '·');
        }
    }
}
