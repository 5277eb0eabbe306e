using System.Text;

namespace Steward.Core.Tests.Secrets;

/// <summary>
/// Format-valid but fake credentials, generated at test time (no secret-shaped literal is ever
/// committed, so no push-protection scanner trips on this repository). Seeded: the same tokens
/// every run.
/// </summary>
internal sealed class FakeSecrets(int seed = 20260301)
{
    public const string Base62 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    public const string Base64Url = Base62 + "-_";
    public const string Base64 = Base62 + "+/";
    public const string Hex = "0123456789abcdef";
    public const string Digits = "0123456789";
    public const string Upper32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    private readonly Random _random = new(seed);

    /// <summary>Random characters that always mix upper case, lower case and digits when the alphabet has them.</summary>
    public string Random(string alphabet, int length)
    {
        while (true)
        {
            var chars = new char[length];
            for (var i = 0; i < length; i++)
            {
                chars[i] = alphabet[_random.Next(alphabet.Length)];
            }
            var token = new string(chars);
            var mixed = (!alphabet.Any(char.IsAsciiLetterUpper) || token.Any(char.IsAsciiLetterUpper))
                && (!alphabet.Any(char.IsAsciiLetterLower) || token.Any(char.IsAsciiLetterLower))
                && (!alphabet.Any(char.IsAsciiDigit) || token.Any(char.IsAsciiDigit));
            if (mixed)
            {
                return token;
            }
        }
    }

    /// <summary>A GitHub token with a correct checksum, computed here independently of the scanner.</summary>
    public string GitHub(string prefix)
    {
        var body = Random(Base62, 30);
        return $"{prefix}_{body}{Base62Checksum(body)}";
    }

    public static string Base62Checksum(string body)
    {
        var crc = Crc32(Encoding.ASCII.GetBytes(body));
        const string digits = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        var text = new StringBuilder();
        for (var i = 0; i < 6; i++)
        {
            text.Insert(0, digits[(int)(crc % 62)]);
            crc /= 62;
        }
        return text.ToString();
    }

    // Bit-by-bit CRC-32 (the scanner uses a table): two implementations agreeing is the check.
    private static uint Crc32(byte[] data)
    {
        var crc = uint.MaxValue;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc >> 1) ^ (0xEDB88320u & (uint)-(int)(crc & 1));
            }
        }
        return ~crc;
    }

    public static string Base64UrlOf(string text) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public string Jwt(string algorithm = "HS256", bool signed = true) =>
        $"{Base64UrlOf($"{{\"alg\":\"{algorithm}\",\"typ\":\"JWT\"}}")}.{Base64UrlOf("{\"sub\":\"1234567890\",\"name\":\"Ada\",\"iat\":1767225600}")}.{(signed ? Random(Base64Url, 43) : "")}";

    public string DiscordBotToken() =>
        $"{Base64UrlOf("1" + Random(Digits, 17))}.{Random(Base64Url, 6)}.{Random(Base64Url, 38)}";

    public string PemBody(int lines = 6) =>
        string.Join('\n', Enumerable.Range(0, lines).Select(_ => Random(Base64, 64)));
}
