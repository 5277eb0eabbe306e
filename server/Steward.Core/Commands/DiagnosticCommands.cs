using System.Text.Json;
using System.Text.Json.Nodes;

namespace Steward.Core.Commands;

/// <summary>
/// `diag.echo`: proves the queue round trip (front door → SQLite → socket poke → daemon → outcome).
/// `steward queue ping` uses it. Payload: {"text": "..."}.
/// </summary>
public sealed class EchoCommandHandler(TimeProvider? timeProvider = null) : ICommandHandler
{
    public const string CommandKind = "diag.echo";

    public string Kind => CommandKind;

    public InterruptPolicy InterruptPolicyFor(QueuedCommand command) => InterruptPolicy.RetryUpTo(3);

    public Task<CommandOutcome> ExecuteAsync(QueuedCommand command, CancellationToken cancellationToken)
    {
        var text = JsonNode.Parse(command.Payload)?["text"]?.GetValue<string>() ?? "";
        return Task.FromResult(CommandOutcome.Success(new JsonObject
        {
            ["text"] = text,
            ["executed_at"] = (timeProvider ?? TimeProvider.System).GetUtcNow().ToString("O"),
            ["daemon_pid"] = Environment.ProcessId,
        }));
    }
}

/// <summary>
/// `diag.sleep`: holds the dispatcher for a while, to check how the daemon treats a command that a
/// crash or shutdown interrupts. Payload: {"milliseconds": 1-3600000, "retry_on_interrupt": bool}.
/// </summary>
public sealed class SleepCommandHandler : ICommandHandler
{
    public const string CommandKind = "diag.sleep";

    public string Kind => CommandKind;

    public InterruptPolicy InterruptPolicyFor(QueuedCommand command) =>
        Read(command).RetryOnInterrupt ? InterruptPolicy.RetryUpTo(3) : InterruptPolicy.MarkInterrupted;

    public async Task<CommandOutcome> ExecuteAsync(QueuedCommand command, CancellationToken cancellationToken)
    {
        var (milliseconds, _) = Read(command);
        if (milliseconds is < 1 or > 3_600_000)
        {
            return CommandOutcome.Failure("diag.sleep needs \"milliseconds\" between 1 and 3600000.");
        }
        await Task.Delay(milliseconds, cancellationToken).ConfigureAwait(false);
        return CommandOutcome.Success(new JsonObject { ["slept_ms"] = milliseconds, ["attempt"] = command.Attempts });
    }

    private static (int Milliseconds, bool RetryOnInterrupt) Read(QueuedCommand command)
    {
        try
        {
            var payload = JsonNode.Parse(command.Payload);
            return (payload?["milliseconds"]?.GetValue<int>() ?? 0, payload?["retry_on_interrupt"]?.GetValue<bool>() ?? false);
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            return (0, false);
        }
    }
}
