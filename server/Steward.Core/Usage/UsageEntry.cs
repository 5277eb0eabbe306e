namespace Steward.Core.Usage;

/// <summary>
/// What one model run cost: a session turn's `result` event, or later a job. The scheduler reads
/// the ledger to keep work inside the owner's budgets.
/// </summary>
public sealed record UsageEntry(
    DateTimeOffset At,
    string SourceKind,
    string SourceName,
    string? Model,
    double CostUsd,
    long InputTokens,
    long OutputTokens,
    long CacheReadTokens,
    long CacheCreationTokens,
    int Turns,
    long DurationMs,
    string? ResultSubtype);

public sealed record UsageTotals(int Runs, double CostUsd, long InputTokens, long OutputTokens, int Turns);
