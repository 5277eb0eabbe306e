using System.Text.Json.Nodes;

namespace Steward.Core.Commands;

/// <summary>
/// Executes one kind of queued command inside the daemon. Later capabilities (sessions, Telegram,
/// Threadline, jobs) register their handlers; the dispatcher owns ordering and bookkeeping.
/// </summary>
public interface ICommandHandler
{
    string Kind { get; }

    /// <summary>
    /// What to do with a run of this command that a crash or shutdown cut short. Only commands that
    /// are safe to repeat may be retried; everything else is recorded as interrupted.
    /// </summary>
    InterruptPolicy InterruptPolicyFor(QueuedCommand command);

    Task<CommandOutcome> ExecuteAsync(QueuedCommand command, CancellationToken cancellationToken);
}

public sealed record InterruptPolicy(bool Retry, int MaxAttempts)
{
    public static InterruptPolicy MarkInterrupted { get; } = new(false, 1);

    public static InterruptPolicy RetryUpTo(int maxAttempts) => new(true, maxAttempts);

    public bool ShouldRetry(int attemptsSoFar) => Retry && attemptsSoFar < MaxAttempts;
}

public sealed record CommandOutcome(bool Succeeded, JsonNode? Result, string? Error)
{
    public static CommandOutcome Success(JsonNode? result = null) => new(true, result, null);

    public static CommandOutcome Failure(string error) => new(false, null, error);
}
