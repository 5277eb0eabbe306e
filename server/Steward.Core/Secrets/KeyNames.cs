namespace Steward.Core.Secrets;

/// <summary>
/// Key names that contain a secret keyword but do not name a secret: public keys
/// (<c>publicKey</c>, <c>ed25519PublicKeyBase64</c>, <c>PubKey</c>, .NET's <c>PublicKeyToken</c>)
/// and paging cursors (<c>next_token</c>, <c>NextToken</c>, <c>pageToken</c>,
/// <c>continuationToken</c>), which AWS and Google API output is full of.
/// </summary>
internal static class KeyNames
{
    private const int MaxPrefix = 40;
    private static readonly string[] PaginationWords = ["next", "page", "continuation", "sync", "cursor", "resume"];

    /// <summary>Whether the keyword at <paramref name="index"/> belongs to such a name (judged from the name's part before it).</summary>
    public static bool IsNotSecret(string text, int index, int length)
    {
        var start = index;
        while (start > 0 && index - start < MaxPrefix && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] is '_' or '-' or '.'))
        {
            start--;
        }
        var prefix = text.AsSpan(start, index - start).TrimEnd("_-.");
        if (prefix.Contains("public", StringComparison.OrdinalIgnoreCase) || prefix.EndsWith("pub", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        if (!text.AsSpan(index, length).Equals("token", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }
        foreach (var cursor in PaginationWords)
        {
            if (prefix.EndsWith(cursor, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
