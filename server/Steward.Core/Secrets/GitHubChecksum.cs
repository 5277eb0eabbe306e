namespace Steward.Core.Secrets;

/// <summary>
/// GitHub's token formats (ghp_, gho_, ghu_, ghs_, ghr_) end with a checksum: the CRC-32 of the 30
/// random characters after the prefix, written as 6 base62 digits (0-9, A-Z, a-z; zero-padded).
/// Verifying it means a random 36-character string after "ghp_" (a test fixture, a hash, line noise)
/// is not reported: only 1 in 4 billion look-alikes passes.
/// </summary>
internal static class GitHubChecksum
{
    public const int BodyLength = 30;
    public const int ChecksumLength = 6;
    private const string Base62Digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static readonly uint[] Table = BuildTable();

    /// <summary><paramref name="token"/> is the 36 characters after the "ghX_" prefix.</summary>
    public static bool IsValid(ReadOnlySpan<char> token) =>
        token.Length == BodyLength + ChecksumLength
        && Checksum(token[..BodyLength]).AsSpan().SequenceEqual(token[BodyLength..]);

    /// <summary>The 6 base62 characters GitHub appends to a token body.</summary>
    public static string Checksum(ReadOnlySpan<char> body)
    {
        var value = Crc32(body);
        Span<char> digits = stackalloc char[ChecksumLength];
        for (var i = ChecksumLength - 1; i >= 0; i--)
        {
            digits[i] = Base62Digits[(int)(value % 62)];
            value /= 62;
        }
        return new string(digits);
    }

    // The zlib/PNG CRC-32 (reflected polynomial 0xEDB88320) over the token's ASCII bytes.
    private static uint Crc32(ReadOnlySpan<char> text)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var c in text)
        {
            crc = Table[(crc ^ (byte)c) & 0xFF] ^ (crc >> 8);
        }
        return ~crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (var n = 0u; n < 256; n++)
        {
            var c = n;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
            }
            table[n] = c;
        }
        return table;
    }
}
