using System.Text.Json.Nodes;
using Steward.Core.Commands;

namespace Steward.Core.Threadline.Relay;

/// <summary>The front doors' side of the relay commands (MCP server, CLI): queue, wake the daemon, wait for its answer.</summary>
public sealed class RelayRequests(CommandQueue queue, CommandSubmitter submitter)
{
    /// <summary>Discovery is one round trip; adding waits for the other agent's introduction too.</summary>
    private static readonly TimeSpan DiscoverWait = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan AddWait = ThreadlineClient.IntroductionWait + TimeSpan.FromSeconds(20);

    public async Task<JsonArray> DiscoverAsync(string? capability, string? name, string source, CancellationToken cancellationToken) =>
        (await RunAsync(RelayCommandKinds.Discover, new JsonObject { ["capability"] = capability, ["name"] = name }, source, DiscoverWait, cancellationToken)) as JsonArray
        ?? throw new StewardException("The daemon's discovery answer was not a list.");

    public async Task<JsonObject> AddContactAsync(string agentId, string? name, string source, CancellationToken cancellationToken)
    {
        if (!ThreadlineContacts.IsFingerprint(agentId.Trim().ToLowerInvariant()))
        {
            throw new StewardException($"'{agentId}' is not an agent id (32 hex characters, as threadline_discover lists them).");
        }
        return (await RunAsync(RelayCommandKinds.AddContact, new JsonObject { ["agent_id"] = agentId.Trim().ToLowerInvariant(), ["name"] = name }, source, AddWait, cancellationToken)) as JsonObject
            ?? throw new StewardException("The daemon's answer was not an object.");
    }

    private async Task<JsonNode?> RunAsync(string kind, JsonObject payload, string source, TimeSpan wait, CancellationToken cancellationToken)
    {
        var command = queue.Enqueue(kind, payload.ToJsonString(), source);
        var submission = await submitter.SubmitAsync(command, wait, cancellationToken);
        if (!submission.DaemonRunning)
        {
            try
            {
                queue.Cancel(command.Id);
            }
            catch (StewardException)
            {
                // A daemon that started meanwhile took it; its answer is in the queue.
            }
            throw new StewardException("The relay connection lives in the daemon, and it is not running: start it with `steward serve` (or `steward service install`).");
        }
        if (!submission.Finished)
        {
            throw new StewardException($"The daemon did not answer within {wait.TotalSeconds:0} s (command {command.Id}); `steward queue list` shows how it ends.");
        }
        return submission.Succeeded
            ? JsonNode.Parse(submission.Command.Result ?? "null")
            : throw new StewardException(submission.Command.Error ?? "The daemon could not do it.");
    }
}
