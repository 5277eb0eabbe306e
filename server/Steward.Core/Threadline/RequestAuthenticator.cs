using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Steward.Core.Threadline;

/// <summary>An authenticated request's verdict: the contact, or the spec's status and error code.</summary>
public sealed record RequestCheck(ThreadlineContact? Contact, int Status, string? Code, string? Message)
{
    public bool Passed => Contact is not null;
}

/// <summary>
/// Checks a direct-HTTP request with Instar's statuses and codes: headers present (401
/// TL_AUTH_MISSING), relay token of the named agent (403 TL_AUTH_FAILED), timestamp within ±30 s
/// (401 TL_TIMESTAMP_EXPIRED), signature by the agent's pinned key (403 TL_AUTH_FAILED), and last
/// the nonce (401 TL_REPLAY_DETECTED). Instar checks the nonce before the signature; checking it
/// last means a forged request can never burn a genuine request's nonce.
/// </summary>
public sealed class RequestAuthenticator(ThreadlineContacts contacts, ReplayGuard replays, TimeProvider? timeProvider = null)
{
    public static readonly TimeSpan Skew = TimeSpan.FromSeconds(30);

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public RequestCheck Check(string method, string path, Func<string, string?> header, JsonNode? body)
    {
        var authorization = header("Authorization");
        var agent = header("X-Threadline-Agent");
        var nonce = header("X-Threadline-Nonce");
        var timestamp = header("X-Threadline-Timestamp");
        var signature = header("X-Threadline-Signature");
        if (authorization is null || !authorization.StartsWith("Threadline-Relay ", StringComparison.Ordinal) || agent is null || nonce is null || timestamp is null || signature is null)
        {
            return Fail(401, "TL_AUTH_MISSING", "The request lacks Threadline authentication headers.");
        }
        var contact = contacts.Find(agent);
        var expected = contact is null ? null : contacts.RelayToken(contact.Fingerprint);
        var token = authorization["Threadline-Relay ".Length..].Trim();
        if (contact is null || expected is null || !CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(token)))
        {
            return Fail(403, "TL_AUTH_FAILED", "Unknown agent or relay token.");
        }
        if (!DateTimeOffset.TryParse(timestamp, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at) || (_time.GetUtcNow() - at).Duration() > Skew)
        {
            return Fail(401, "TL_TIMESTAMP_EXPIRED", $"The request's timestamp is more than {Skew.TotalSeconds:0} s from now.");
        }
        if (contact.Ed25519Public is null || !SignedRequest.Verify(signature, contact.Ed25519Public, method, path, nonce, timestamp, body))
        {
            return Fail(403, "TL_AUTH_FAILED", "The request signature does not verify.");
        }
        if (!replays.TryRecord("nonce", $"{contact.Fingerprint}:{nonce}"))
        {
            return Fail(401, "TL_REPLAY_DETECTED", "This request nonce was already used.");
        }
        return new RequestCheck(contact, 200, null, null);
    }

    private static RequestCheck Fail(int status, string code, string message) => new(null, status, code, message);
}
