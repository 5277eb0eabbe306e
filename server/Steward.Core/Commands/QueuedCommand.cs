namespace Steward.Core.Commands;

/// <summary>One row of the durable command queue.</summary>
public sealed record QueuedCommand(
    long Id,
    string Kind,
    string Payload,
    string Source,
    CommandStatus Status,
    int Attempts,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? Result,
    string? Error);

public sealed record QueueCounts(int Queued, int Running, int Succeeded, int Failed, int Interrupted, int Cancelled);
