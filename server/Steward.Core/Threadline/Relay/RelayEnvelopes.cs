using System.Text;
using System.Text.Json.Nodes;

namespace Steward.Core.Threadline.Relay;

/// <summary>What a relay envelope carries, told apart by its fields.</summary>
public enum RelayEnvelopeKind
{
    /// <summary>End-to-end sealed (signature, ephemeral key, ciphertext).</summary>
    Sealed,

    /// <summary>Instar's (or threadline-mcp's) plaintext: base64 JSON {text, type: "chat"} or {type: "text", text}.</summary>
    Plaintext,

    /// <summary>A Steward agent's public key, sent so the other side can seal for it.</summary>
    Introduction,
}

/// <summary>One received relay envelope, read: its kind, ids and, for plaintext and introductions, what the payload says.</summary>
public sealed record RelayEnvelope(RelayEnvelopeKind Kind, string From, string To, string MessageId, string ThreadId, JsonObject Raw,
    string? Text = null, byte[]? IntroducedKey = null, string? IntroducedName = null, bool WantsReply = false);

/// <summary>
/// The envelopes that travel inside relay "message" frames besides sealed ones: Instar's plaintext
/// form ({from, to, threadId, messageId, timestamp, payload: base64 JSON}) and Steward's key
/// introduction, which uses the same unsigned form with payload {type: "steward-introduction",
/// publicKey, name, reply}. An introduction needs no signature: the relay authenticated the
/// sender's fingerprint, which is the first 16 bytes of the key, so no other key can pass for it.
/// </summary>
public static class RelayEnvelopes
{
    public const string IntroductionType = "steward-introduction";
    public const string IntroductionThread = "threadline-introduction";

    public static JsonObject Plaintext(string from, string to, string threadId, string messageId, string text, DateTimeOffset now) =>
        Unsigned(from, to, threadId, messageId, now, new JsonObject { ["text"] = text, ["type"] = "chat" });

    public static JsonObject Introduction(ThreadlineIdentity self, string name, string to, bool reply, DateTimeOffset now) =>
        Unsigned(self.Fingerprint, to, IntroductionThread, Guid.NewGuid().ToString(), now, new JsonObject
        {
            ["type"] = IntroductionType,
            ["publicKey"] = Convert.ToBase64String(self.PublicKey),
            ["name"] = name,
            ["reply"] = reply,
        });

    /// <summary>Reads an envelope the relay delivered; <see cref="ThreadlineException"/> says why one cannot be used.</summary>
    public static RelayEnvelope Read(JsonObject envelope)
    {
        var from = Id(envelope, "from");
        var to = Id(envelope, "to");
        var messageId = UntrustedJson.Text(envelope["messageId"]) ?? throw new ThreadlineException("invalid_envelope", "The envelope has no \"messageId\".");
        var threadId = UntrustedJson.Text(envelope["threadId"]) ?? $"thread-{messageId}";
        if (envelope["signature"] is not null || envelope["ephemeralPubKey"] is not null)
        {
            return new RelayEnvelope(RelayEnvelopeKind.Sealed, from, to, messageId, threadId, envelope);
        }
        var payload = Payload(envelope);
        if (UntrustedJson.Text(payload["type"]) == IntroductionType)
        {
            byte[] key;
            try
            {
                key = Convert.FromBase64String(UntrustedJson.Text(payload["publicKey"]) ?? "");
            }
            catch (FormatException)
            {
                throw new ThreadlineException("invalid_introduction", "The introduction's publicKey is not base64.");
            }
            return new RelayEnvelope(RelayEnvelopeKind.Introduction, from, to, messageId, threadId, envelope,
                IntroducedKey: key, IntroducedName: UntrustedJson.Text(payload["name"]), WantsReply: payload["reply"] is JsonValue reply && reply.TryGetValue<bool>(out var r) && !r);
        }
        var text = UntrustedJson.Text(payload["text"]) ?? UntrustedJson.Text(payload["content"])
            ?? throw new ThreadlineException("invalid_envelope", "The plaintext payload has no \"text\".");
        return new RelayEnvelope(RelayEnvelopeKind.Plaintext, from, to, messageId, threadId, envelope, Text: text);
    }

    private static JsonObject Unsigned(string from, string to, string threadId, string messageId, DateTimeOffset now, JsonObject payload) => new()
    {
        ["from"] = from,
        ["to"] = to,
        ["threadId"] = threadId,
        ["messageId"] = messageId,
        ["timestamp"] = UntrustedJson.IsoTimestamp(now),
        ["payload"] = Convert.ToBase64String(Encoding.UTF8.GetBytes(payload.ToJsonString())),
    };

    private static string Id(JsonObject envelope, string field) =>
        UntrustedJson.Text(envelope[field]) is { } id && ThreadlineContacts.IsFingerprint(id)
            ? id
            : throw new ThreadlineException("invalid_envelope", $"The envelope's \"{field}\" is not an agent id.");

    private static JsonObject Payload(JsonObject envelope)
    {
        try
        {
            var bytes = Convert.FromBase64String(UntrustedJson.Text(envelope["payload"]) ?? throw new ThreadlineException("invalid_envelope", "The envelope has no \"payload\"."));
            return JsonNode.Parse(bytes) as JsonObject ?? throw new ThreadlineException("invalid_envelope", "The payload is not a JSON object.");
        }
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException)
        {
            throw new ThreadlineException("invalid_envelope", "The payload is not base64 of a JSON object.");
        }
    }
}
