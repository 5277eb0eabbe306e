using System.Text;
using System.Text.Json.Nodes;

namespace Steward.Core.Threadline.Relay;

/// <summary>One frame from the relay: its type and the whole JSON object (fields read with <see cref="Text"/>).</summary>
public sealed record RelayFrame(string Type, JsonObject Body)
{
    public string? Text(string field) => UntrustedJson.Text(Body[field]);
}

/// <summary>
/// Threadline relay frames as Instar's relay/types.ts defines them: what the client sends (auth
/// answering the challenge, message, ack, discover, pong) and parsing of what the relay sends.
/// </summary>
public static class RelayFrames
{
    public const int MaxEnvelopeBytes = 256 * 1024;

    /// <summary>The answer to {type: "challenge", nonce}: Ed25519 over the nonce's raw UTF-8 bytes, keys in base64.</summary>
    public static JsonObject Auth(ThreadlineIdentity identity, string nonce, string name, string visibility, IEnumerable<string> capabilities) => new()
    {
        ["type"] = "auth",
        ["agentId"] = identity.Fingerprint,
        ["publicKey"] = Convert.ToBase64String(identity.PublicKey),
        ["signature"] = Convert.ToBase64String(identity.Sign(Encoding.UTF8.GetBytes(nonce))),
        ["metadata"] = new JsonObject
        {
            ["name"] = name,
            ["framework"] = "steward",
            ["capabilities"] = new JsonArray(capabilities.Select(c => (JsonNode)c).ToArray()),
            ["version"] = StewardVersion.Current,
        },
        ["visibility"] = visibility,
    };

    public static JsonObject Message(JsonObject envelope) => new() { ["type"] = "message", ["envelope"] = envelope.DeepClone() };

    public static JsonObject Ack(string messageId, string status) => new() { ["type"] = "ack", ["messageId"] = messageId, ["status"] = status };

    public static JsonObject Pong(DateTimeOffset now) => new() { ["type"] = "pong", ["timestamp"] = UntrustedJson.IsoTimestamp(now) };

    public static JsonObject Discover(string? capability, string? name)
    {
        var filter = new JsonObject();
        if (capability is not null)
        {
            filter["capability"] = capability;
        }
        if (name is not null)
        {
            filter["name"] = name;
        }
        return new JsonObject { ["type"] = "discover", ["filter"] = filter };
    }

    /// <summary>Parses one frame; null for anything that is not a JSON object with a string "type" (the relay's garbage is ignored, not fatal).</summary>
    public static RelayFrame? Parse(string text)
    {
        try
        {
            return JsonNode.Parse(text) is JsonObject body && UntrustedJson.Text(body["type"]) is { } type
                ? new RelayFrame(type, body)
                : null;
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
