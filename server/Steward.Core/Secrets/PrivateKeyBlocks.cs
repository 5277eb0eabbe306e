using System.Buffers;
using System.Text.RegularExpressions;

namespace Steward.Core.Secrets;

/// <summary>
/// PEM and PGP private keys: the BEGIN line, the base64 body and the END line, also when the key
/// sits in a JSON string (line breaks written as <c>\n</c>) or was cut off (<c>head -5 id_rsa</c>:
/// no END line, the base64 lines still count). A BEGIN line with no key body after it (code that
/// checks for the header, documentation) is not reported. Public keys and certificates have
/// different BEGIN lines and are never matched.
/// </summary>
internal sealed partial class PrivateKeyBlocks : ISecretDetector
{
    private const int MaxBodyChars = 64 * 1024;
    private const int MinBodyChars = 40;
    private static readonly SecretKind Kind = new("private-key", "Private key (PEM / OpenSSH / PGP block)");
    private static readonly string[] HeaderLines = ["Proc-Type:", "DEK-Info:", "Version:", "Comment:", "Hash:"];
    private static readonly SearchValues<char> Base64Characters =
        SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=");

    public IReadOnlyList<SecretKind> Kinds { get; } = [Kind];

    public void Find(string text, List<SecretCandidate> found)
    {
        var position = 0;
        while (position < text.Length)
        {
            var header = BeginLine.Match(text, position);
            if (!header.Success)
            {
                return;
            }
            var bodyStart = header.Index + header.Length;
            var (end, bodyChars) = BlockEnd(text, bodyStart);
            if (bodyChars >= MinBodyChars)
            {
                found.Add(new SecretCandidate(header.Index, end - header.Index, Kind));
            }
            position = Math.Max(end, bodyStart);
        }
    }

    /// <summary>Where the block ends (after its END line, or after its last base64 line) and how much base64 it held.</summary>
    private static (int End, int BodyChars) BlockEnd(string text, int bodyStart)
    {
        var limit = Math.Min(text.Length, bodyStart + MaxBodyChars);
        var position = bodyStart;
        var end = bodyStart;
        var bodyChars = 0;
        while (position < limit)
        {
            var c = text[position];
            if (c is '\r' or '\n' or ' ' or '\t')
            {
                position++;
                continue;
            }
            if (c == '\\')
            {
                // An escaped line break in JSON or a shell string: \n, \r, or \\n when escaped twice.
                var next = position;
                while (next < limit && text[next] == '\\')
                {
                    next++;
                }
                if (next < limit && text[next] is 'n' or 'r')
                {
                    position = next + 1;
                    continue;
                }
                break;
            }
            var rest = text.AsSpan(position, limit - position);
            if (rest.StartsWith("-----END ", StringComparison.Ordinal))
            {
                var close = rest[9..Math.Min(rest.Length, 80)].IndexOf("-----", StringComparison.Ordinal);
                return (close < 0 ? end : position + 9 + close + 5, bodyChars);
            }
            if (StartsWithHeaderLine(rest))
            {
                var lineLength = rest.IndexOfAny('\n', '\\');
                position += lineLength < 0 ? rest.Length : lineLength;
                end = position;
                continue;
            }
            var run = rest.IndexOfAnyExcept(Base64Characters);
            var length = run < 0 ? rest.Length : run;
            if (length == 0)
            {
                break;
            }
            position += length;
            bodyChars += length;
            end = position;
        }
        return (end, bodyChars);
    }

    private static bool StartsWithHeaderLine(ReadOnlySpan<char> rest)
    {
        foreach (var header in HeaderLines)
        {
            if (rest.StartsWith(header, StringComparison.Ordinal))
            {
                return true;
            }
        }
        return false;
    }

    [GeneratedRegex("-----BEGIN (?:(?:RSA|EC|DSA|ENCRYPTED|OPENSSH|PGP) )?PRIVATE KEY(?: BLOCK)?-----", RegexOptions.CultureInvariant)]
    private static partial Regex BeginLine { get; }
}
