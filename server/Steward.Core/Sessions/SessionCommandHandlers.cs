using System.Text.Json.Nodes;
using Steward.Core.Commands;

namespace Steward.Core.Sessions;

/// <summary>The daemon side of the session front doors: queued commands executed by the supervisor.</summary>
public static class SessionCommandKinds
{
    public const string Spawn = "session.spawn";
    public const string Send = "session.send";
    public const string Kill = "session.kill";

    internal static string RequireString(QueuedCommand command, string property) =>
        JsonNode.Parse(command.Payload)?[property]?.GetValue<string>()
        ?? throw new StewardException($"The {command.Kind} command has no \"{property}\".");
}

public sealed class SpawnSessionHandler(SessionSupervisor supervisor) : ICommandHandler
{
    public string Kind => SessionCommandKinds.Spawn;

    // Starting checks that the session is still queued, so a repeat after a crash cannot start it twice.
    public InterruptPolicy InterruptPolicyFor(QueuedCommand command) => InterruptPolicy.RetryUpTo(3);

    public async Task<CommandOutcome> ExecuteAsync(QueuedCommand command, CancellationToken cancellationToken)
    {
        var name = SessionCommandKinds.RequireString(command, "name");
        var launch = await supervisor.StartAsync(name, command.CreatedAt, cancellationToken);
        return CommandOutcome.Success(new JsonObject { ["name"] = name, ["pid"] = launch.Pid, ["released"] = launch.Released });
    }
}

public sealed class SendToSessionHandler(SessionSupervisor supervisor) : ICommandHandler
{
    public string Kind => SessionCommandKinds.Send;

    // The text may already have reached the model; sending it again could run the turn twice.
    public InterruptPolicy InterruptPolicyFor(QueuedCommand command) => InterruptPolicy.MarkInterrupted;

    public async Task<CommandOutcome> ExecuteAsync(QueuedCommand command, CancellationToken cancellationToken)
    {
        var name = SessionCommandKinds.RequireString(command, "name");
        var text = SessionCommandKinds.RequireString(command, "text");
        var delivery = await supervisor.SendAsync(name, text, command.CreatedAt, cancellationToken);
        return CommandOutcome.Success(new JsonObject { ["name"] = name, ["pid"] = delivery.Pid, ["resumed"] = delivery.Resumed, ["released"] = delivery.Released });
    }
}

public sealed class KillSessionHandler(SessionSupervisor supervisor) : ICommandHandler
{
    public string Kind => SessionCommandKinds.Kill;

    public InterruptPolicy InterruptPolicyFor(QueuedCommand command) => InterruptPolicy.RetryUpTo(3);

    public async Task<CommandOutcome> ExecuteAsync(QueuedCommand command, CancellationToken cancellationToken)
    {
        var name = SessionCommandKinds.RequireString(command, "name");
        await supervisor.KillAsync(name, $"killed on request ({command.Source})");
        return CommandOutcome.Success(new JsonObject { ["name"] = name });
    }
}
