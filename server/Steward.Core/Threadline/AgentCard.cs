using System.Text;
using System.Text.Json.Nodes;
using Steward.Core.Crypto;

namespace Steward.Core.Threadline;

/// <summary>
/// The extended agent card served at /.well-known/agent-card.json in Instar's AgentCard format
/// (the A2A public card plus a threadline section with the identity key), signed with Ed25519 over
/// its deep-sorted canonical JSON; the hex signature travels in <see cref="SignatureHeader"/>.
/// The description is generic on purpose: a card is public and AGENT.md is not.
/// </summary>
public static class AgentCard
{
    public const string Path = "/.well-known/agent-card.json";
    public const string SignatureHeader = "X-Threadline-Card-Signature";

    public static JsonObject Build(ThreadlineIdentity identity, string name, string url) => new()
    {
        ["name"] = name,
        ["description"] = $"{name}, a Steward agent (Claude Code) that takes sealed Threadline messages from contacts it trusts.",
        ["url"] = url,
        ["version"] = StewardVersion.Current,
        ["cardVersion"] = "1.0",
        ["capabilities"] = new JsonObject { ["streaming"] = false, ["pushNotifications"] = false, ["stateTransitionHistory"] = false },
        ["skills"] = new JsonArray(new JsonObject
        {
            ["id"] = "threadline-conversation",
            ["name"] = "Conversation",
            ["description"] = "Messages in a thread, answered by the agent's Claude Code session for that thread.",
            ["inputModes"] = new JsonArray("text/plain"),
            ["outputModes"] = new JsonArray("text/plain"),
        }),
        ["threadline"] = new JsonObject
        {
            ["version"] = "1.0",
            ["identityPublicKey"] = Convert.ToHexStringLower(identity.PublicKey),
            ["capabilities"] = new JsonArray(),
            ["supportsHandshake"] = true,
            ["supportsRelay"] = false,
        },
    };

    public static string Sign(ThreadlineIdentity identity, JsonObject card) =>
        Convert.ToHexStringLower(identity.Sign(Encoding.UTF8.GetBytes(CanonicalJson.Card(card))));

    /// <summary>The identity key a card claims, when its signature verifies under that very key; otherwise null.</summary>
    public static byte[]? VerifiedKey(JsonObject card, string? signatureHex)
    {
        if (UntrustedJson.Text(card["threadline"]?["identityPublicKey"]) is not { Length: 64 } keyHex || signatureHex is not { Length: 128 })
        {
            return null;
        }
        try
        {
            var key = Convert.FromHexString(keyHex);
            return Sodium.Verify(Convert.FromHexString(signatureHex), Encoding.UTF8.GetBytes(CanonicalJson.Card(card)), key) ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
