using System.Buffers;

namespace Steward.Core.Secrets;

/// <summary>
/// Long random-looking strings that are not secrets: git object ids, UUIDs, content hashes in lock
/// files (package-lock "sha512-…", go.sum "h1:…", docker "sha256:…"), data URIs, SSH public key
/// blobs and base64-wrapped certificates or public keys. The entropy check skips these; provider
/// rules never match them in the first place.
/// </summary>
internal static class BenignShapes
{
    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");
    private static readonly string[] HashPrefixes = ["sha1-", "sha256-", "sha384-", "sha512-", "md5-"];
    private static readonly string[] HashLabels = ["sha1:", "sha256:", "sha384:", "sha512:", "h1:", "md5:", "sha1=", "sha256=", "sha512=", ";base64,"];

    // Base64 of the length-prefixed key type that opens every OpenSSH public key blob
    // (ssh-rsa, ssh-ed25519, ecdsa-sha2-*, sk-ssh-ed25519@openssh.com, sk-ecdsa-*).
    private static readonly string[] SshPublicKeyBlobs = ["AAAAB3NzaC1", "AAAAC3NzaC1", "AAAAE2VjZHNh", "AAAAGnNrLXNzaC", "AAAAInNrLWVjZHNh"];

    /// <param name="digestsAreBenign">False when the keyword says secret: a 64-hex value after "private" is a key.</param>
    public static bool IsBenign(string text, int start, int end, bool digestsAreBenign = true)
    {
        var token = text.AsSpan(start, end - start);
        var before = text.AsSpan(Math.Max(0, start - 8), Math.Min(8, start));
        foreach (var label in HashLabels)
        {
            if (before.EndsWith(label, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        foreach (var prefix in HashPrefixes)
        {
            if (token.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        foreach (var blob in SshPublicKeyBlobs)
        {
            if (token.StartsWith(blob, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return (digestsAreBenign && IsObjectId(token)) || IsUuid(token) || IsWrappedPublicPem(token) || IsPath(token) || IsIdentifier(token);
    }

    /// <summary>
    /// A name from code or config (PBEWithHmacSHA256AndAES_256, Tgnutls_x509_privkey_t): split into
    /// words at case changes, digits and separators, a name has long words, random text short ones
    /// (a random mixed-case token averages under 2 characters a word; 99.9% of 24+ character ones
    /// stay under 3.2, measured by simulation). Only mixed-case tokens are judged this way.
    /// </summary>
    internal static bool IsIdentifier(ReadOnlySpan<char> token)
    {
        if (!token.ContainsAnyInRange('A', 'Z') || !token.ContainsAnyInRange('a', 'z'))
        {
            return false;
        }
        int words = 0, letters = 0, i = 0;
        while (i < token.Length)
        {
            var start = i;
            if (char.IsAsciiDigit(token[i]))
            {
                while (i < token.Length && char.IsAsciiDigit(token[i]))
                {
                    i++;
                }
            }
            else if (char.IsAsciiLetterUpper(token[i]))
            {
                while (i < token.Length && char.IsAsciiLetterUpper(token[i]))
                {
                    i++;
                }
                // "SHA256And": the last capital of a run followed by lower case starts the next word.
                if (i < token.Length && char.IsAsciiLetterLower(token[i]))
                {
                    i = i - start > 1 ? i - 1 : SkipLower(token, i);
                }
            }
            else if (char.IsAsciiLetterLower(token[i]))
            {
                i = SkipLower(token, i);
            }
            else
            {
                i++;
                continue;
            }
            words++;
            letters += i - start;
        }
        return words > 0 && (double)letters / words >= (token.Length >= 24 ? 3.2 : 3.6);
    }

    private static int SkipLower(ReadOnlySpan<char> token, int i)
    {
        while (i < token.Length && char.IsAsciiLetterLower(token[i]))
        {
            i++;
        }
        return i;
    }

    /// <summary>A git (SHA-1 or SHA-256) object id or any 40/64-hex digest.</summary>
    public static bool IsObjectId(ReadOnlySpan<char> token) =>
        token.Length is 40 or 64 && !token.ContainsAnyExcept(HexDigits);

    public static bool IsUuid(ReadOnlySpan<char> token) =>
        token.Length == 36 && Guid.TryParseExact(token, "D", out _);

    // kubeconfig's certificate-authority-data and friends: base64 of "-----BEGIN CERTIFICATE…".
    private static bool IsWrappedPublicPem(ReadOnlySpan<char> token)
    {
        if (!token.StartsWith("LS0tLS1CRUdJTi", StringComparison.Ordinal) || token.Length < 40)
        {
            return false;
        }
        Span<byte> decoded = stackalloc byte[30];
        if (!Convert.TryFromBase64Chars(token[..40], decoded, out var length))
        {
            return false;
        }
        return decoded[..length].IndexOf("PRIVATE"u8) < 0;
    }

    // src/components/AuthProvider: several slashes and no segment that looks random
    // (a random segment mixes upper case, lower case and digits).
    private static bool IsPath(ReadOnlySpan<char> token)
    {
        if (token.Count('/') < 2)
        {
            return false;
        }
        foreach (var range in token.Split('/'))
        {
            var segment = token[range];
            if (segment.ContainsAnyInRange('A', 'Z') && segment.ContainsAnyInRange('a', 'z') && segment.ContainsAnyInRange('0', '9'))
            {
                return false;
            }
        }
        return true;
    }
}
