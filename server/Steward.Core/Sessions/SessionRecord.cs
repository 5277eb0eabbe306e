namespace Steward.Core.Sessions;

/// <summary>One background session as stored in state.db.</summary>
public sealed record SessionRecord(
    string Name,
    string ClaudeSessionId,
    SessionStatus Status,
    string Prompt,
    string? Model,
    string WorkingDirectory,
    int MaxTurns,
    string LaunchedBy,
    string? Reason,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? LastEventAt,
    DateTimeOffset? EndedAt,
    int? Pid,
    long? ProcessStartTicks,
    bool ConversationStarted,
    int Turns,
    double CostUsd,
    long InputTokens,
    long OutputTokens,
    string? LastResult,
    string? LastResultSubtype,
    string? EndedReason,
    string? Error);
