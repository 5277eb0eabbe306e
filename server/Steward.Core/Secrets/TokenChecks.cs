using System.Buffers;
using System.Buffers.Text;
using System.Text;

namespace Steward.Core.Secrets;

/// <summary>
/// Second looks at a hit whose shape alone is not proof: decoding the part that has known content
/// (a Discord token starts with the user id in base64, a JWT header is JSON naming its "alg",
/// HTTP Basic credentials decode to "user:password") and reading a URL's scheme.
/// </summary>
internal static class TokenChecks
{
    private static readonly SearchValues<char> StringBoundaries = SearchValues.Create(" \t\r\n\"'`<>");

    private static readonly HashSet<string> DatabaseSchemes = new(StringComparer.OrdinalIgnoreCase)
    {
        "postgres", "postgresql", "mysql", "mariadb", "mongodb", "mongodb+srv", "redis", "rediss", "amqp", "amqps",
        "mssql", "sqlserver", "cockroachdb", "clickhouse", "couchdb", "neo4j", "neo4j+s", "memcached", "cassandra",
    };

    /// <summary>Upper- and lower-case letters: random base62/base64 of 20+ characters has both.</summary>
    public static bool HasMixedCase(ReadOnlySpan<char> token) =>
        token.ContainsAnyInRange('A', 'Z') && token.ContainsAnyInRange('a', 'z');

    /// <summary>A Discord bot token's first part is the bot's numeric user id, base64url-encoded.</summary>
    public static bool IsDiscordUserId(ReadOnlySpan<char> firstPart)
    {
        Span<byte> decoded = stackalloc byte[32];
        if (!TryDecodeBase64Url(firstPart, decoded, out var length) || length is < 17 or > 20)
        {
            return false;
        }
        return decoded[..length].IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0 && decoded[0] != (byte)'0';
    }

    /// <summary>The JWT header's "alg", or null when the header is not a JSON object with one.</summary>
    public static string? JwtAlgorithm(ReadOnlySpan<char> header)
    {
        if (header.Length > 2048)
        {
            return null;
        }
        Span<byte> decoded = stackalloc byte[1536];
        if (!TryDecodeBase64Url(header, decoded, out var length))
        {
            return null;
        }
        var json = Encoding.UTF8.GetString(decoded[..length]);
        var at = json.IndexOf("\"alg\"", StringComparison.Ordinal);
        if (!json.StartsWith('{') || at < 0)
        {
            return null;
        }
        var open = json.IndexOf('"', json.IndexOf(':', at) + 1);
        var close = open < 0 ? -1 : json.IndexOf('"', open + 1);
        return close < 0 ? "" : json[(open + 1)..close];
    }

    /// <summary>HTTP Basic credentials decode to printable "user:password" with a real password.</summary>
    public static bool IsBasicCredential(ReadOnlySpan<char> encoded)
    {
        Span<byte> decoded = stackalloc byte[768];
        if (encoded.Length > 1000 || !Convert.TryFromBase64Chars(encoded, decoded, out var length))
        {
            return false;
        }
        var text = Encoding.UTF8.GetString(decoded[..length]);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 && colon < text.Length - 1 && !text.Any(char.IsControl) && !Placeholders.IsPlaceholder(text.AsSpan(colon + 1));
    }

    /// <summary>
    /// Base64 that decodes to documentation credentials such as "user:password" (the Basic-auth
    /// example in every HTTP tutorial) rather than to random bytes.
    /// </summary>
    public static bool IsPlaceholderCredential(ReadOnlySpan<char> encoded)
    {
        Span<byte> decoded = stackalloc byte[96];
        if (encoded.Length > 128 || !Convert.TryFromBase64Chars(encoded, decoded, out var length))
        {
            return false;
        }
        var text = Encoding.UTF8.GetString(decoded[..length]);
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        return colon >= 0 && !text.Any(char.IsControl) && Placeholders.IsPlaceholder(text.AsSpan(colon + 1));
    }

    /// <summary>The key field at <paramref name="index"/> belongs to an Azure connection string (same unbroken string, within 400 characters).</summary>
    public static bool IsInAzureConnectionString(string text, int index)
    {
        var before = SameStringBefore(text, index, 400);
        return before.Contains("DefaultEndpointsProtocol=", StringComparison.OrdinalIgnoreCase)
            || before.Contains("Endpoint=sb://", StringComparison.OrdinalIgnoreCase)
            || before.Contains("BlobEndpoint=", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A "sv=YYYY-MM-DD" SAS version precedes <paramref name="index"/> in the same URL or string.</summary>
    public static bool HasSasVersionBefore(string text, int index)
    {
        var before = SameStringBefore(text, index, 600);
        for (var at = before.IndexOf("sv=", StringComparison.Ordinal); at >= 0; at = NextIndexOf(before, "sv=", at + 3))
        {
            var date = before[(at + 3)..];
            if (date.Length >= 10 && char.IsAsciiDigit(date[0]) && char.IsAsciiDigit(date[3]) && date[4] == '-')
            {
                return true;
            }
        }
        return false;
    }

    // The text before index back to the nearest whitespace or quote: the same URL, header value or string.
    private static ReadOnlySpan<char> SameStringBefore(string text, int index, int reach)
    {
        var before = text.AsSpan(Math.Max(0, index - reach), Math.Min(reach, index));
        var boundary = before.LastIndexOfAny(StringBoundaries);
        return boundary < 0 ? before : before[(boundary + 1)..];
    }

    private static int NextIndexOf(ReadOnlySpan<char> span, string value, int from)
    {
        var next = span[from..].IndexOf(value, StringComparison.Ordinal);
        return next < 0 ? -1 : from + next;
    }

    /// <summary>The URL scheme ending just before <paramref name="colonSlashSlash"/> ("://"), lower-case.</summary>
    public static string SchemeBefore(string text, int colonSlashSlash)
    {
        var start = colonSlashSlash;
        while (start > 0 && colonSlashSlash - start < 24 && (char.IsAsciiLetterOrDigit(text[start - 1]) || text[start - 1] is '+' or '.' or '-'))
        {
            start--;
        }
        return text[start..colonSlashSlash].ToLowerInvariant();
    }

    public static bool IsDatabaseScheme(string scheme) => DatabaseSchemes.Contains(scheme);

    private static bool TryDecodeBase64Url(ReadOnlySpan<char> encoded, Span<byte> destination, out int length)
    {
        // Validated first: TryDecodeFromChars throws on some malformed input (a length of 4n+1).
        length = 0;
        return Base64Url.IsValid(encoded, out var decodedLength) && decodedLength <= destination.Length
            && Base64Url.TryDecodeFromChars(encoded, destination, out length);
    }
}
