using System.Text.Json.Nodes;
using Steward.Core.Commands;

namespace Steward.Core.Threadline.Relay;

/// <summary>The relay connection lives in the daemon; the MCP server and CLI reach it through queued commands.</summary>
public static class RelayCommandKinds
{
    public const string Discover = "threadline.discover";
    public const string AddContact = "threadline.add_relay_contact";

    internal static string? OptionalString(QueuedCommand command, string property) =>
        JsonNode.Parse(command.Payload)?[property] is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0 ? text : null;

    internal static ThreadlineClient Require(Func<ThreadlineClient?> client) =>
        client() is { Relay: not null } ready ? ready : throw new StewardException("Threadline is off in the daemon (no identity key or no libsodium; see the daemon log).");
}

public sealed class RelayDiscoverHandler(Func<ThreadlineClient?> client) : ICommandHandler
{
    public string Kind => RelayCommandKinds.Discover;

    public InterruptPolicy InterruptPolicyFor(QueuedCommand command) => InterruptPolicy.RetryUpTo(2);

    public async Task<CommandOutcome> ExecuteAsync(QueuedCommand command, CancellationToken cancellationToken)
    {
        var found = await RelayCommandKinds.Require(client).DiscoverAsync(RelayCommandKinds.OptionalString(command, "capability"), RelayCommandKinds.OptionalString(command, "name"), cancellationToken);
        return CommandOutcome.Success(new JsonArray(found.Select(f => (JsonNode)new JsonObject
        {
            ["agent_id"] = f.Agent.AgentId,
            ["name"] = f.Agent.Name,
            ["framework"] = f.Agent.Framework,
            ["capabilities"] = new JsonArray(f.Agent.Capabilities.Select(c => (JsonNode)c).ToArray()),
            ["status"] = f.Agent.Status,
            ["contact"] = f.Contact?.Name,
        }).ToArray()));
    }
}

public sealed class AddRelayContactHandler(Func<ThreadlineClient?> client) : ICommandHandler
{
    public string Kind => RelayCommandKinds.AddContact;

    // Adding is idempotent and a repeated introduction is harmless.
    public InterruptPolicy InterruptPolicyFor(QueuedCommand command) => InterruptPolicy.RetryUpTo(2);

    public async Task<CommandOutcome> ExecuteAsync(QueuedCommand command, CancellationToken cancellationToken)
    {
        var agentId = RelayCommandKinds.OptionalString(command, "agent_id") ?? throw new StewardException("The command has no \"agent_id\".");
        var (contact, introduction) = await RelayCommandKinds.Require(client).AddRelayContactAsync(agentId, RelayCommandKinds.OptionalString(command, "name"), cancellationToken);
        return CommandOutcome.Success(new JsonObject
        {
            ["name"] = contact.Name,
            ["fingerprint"] = contact.Fingerprint,
            ["trust"] = contact.Trust.Name(),
            ["keys_pinned"] = contact.HasKeys,
            ["introduction"] = introduction,
        });
    }
}
