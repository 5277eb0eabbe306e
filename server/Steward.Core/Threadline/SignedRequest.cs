using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Steward.Core.Crypto;

namespace Steward.Core.Threadline;

/// <summary>
/// Authenticated direct-HTTP requests: X-Threadline-Signature is the hex Ed25519 signature over
/// "METHOD\npath\nnonce\ntimestamp\n" followed by SHA-256 of the body as JSON.stringify writes it
/// (a request without a body hashes "{}"); the path excludes the query string.
/// </summary>
public static class SignedRequest
{
    public static byte[] SignatureInput(string method, string path, string nonce, string timestamp, JsonNode? body)
    {
        var prefix = Encoding.UTF8.GetBytes($"{method.ToUpperInvariant()}\n{path}\n{nonce}\n{timestamp}\n");
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(body is null ? "{}" : CanonicalJson.Stringify(body)));
        return [.. prefix, .. hash];
    }

    public static string Sign(ThreadlineIdentity identity, string method, string path, string nonce, string timestamp, JsonNode? body) =>
        Convert.ToHexStringLower(identity.Sign(SignatureInput(method, path, nonce, timestamp, body)));

    public static bool Verify(string signatureHex, ReadOnlySpan<byte> identityPublicKey, string method, string path, string nonce, string timestamp, JsonNode? body)
    {
        try
        {
            return Sodium.Verify(Convert.FromHexString(signatureHex), SignatureInput(method, path, nonce, timestamp, body), identityPublicKey);
        }
        catch (FormatException)
        {
            return false;
        }
    }

    /// <summary>The five headers an authenticated request carries.</summary>
    public static IReadOnlyDictionary<string, string> Headers(ThreadlineIdentity identity, string agentName, string relayToken, string method, string path, string nonce, string timestamp, JsonNode? body) =>
        new Dictionary<string, string>
        {
            ["Authorization"] = $"Threadline-Relay {relayToken}",
            ["X-Threadline-Agent"] = agentName,
            ["X-Threadline-Nonce"] = nonce,
            ["X-Threadline-Timestamp"] = timestamp,
            ["X-Threadline-Signature"] = Sign(identity, method, path, nonce, timestamp, body),
        };
}
