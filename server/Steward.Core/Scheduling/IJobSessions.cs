using Steward.Core.Sessions;

namespace Steward.Core.Scheduling;

/// <summary>What a job run needs from a Claude Code session.</summary>
public sealed record JobSessionStart(
    string SessionName,
    string Prompt,
    string? Model,
    int? MaxTurns,
    IReadOnlyList<string>? AllowedTools,
    string LaunchedBy,
    string Reason);

/// <summary>A session as a run sees it: where it is and what its last turn produced.</summary>
public sealed record JobSessionState(
    SessionStatus Status,
    string? ResultSubtype,
    string? ResultText,
    double CostUsd,
    long InputTokens,
    long OutputTokens,
    int Turns,
    string? Error,
    string? EndedReason,
    bool ResultIsError = false);

/// <summary>
/// The scheduler's port to the session runner. In the daemon it is <see cref="SupervisorJobSessions"/>;
/// it keeps the scheduling rules testable with a clock of their own.
/// </summary>
public interface IJobSessions
{
    /// <summary>Starts the session; throws <see cref="SessionCapacityException"/> when no slot is free (try later), other <see cref="StewardException"/>s when it cannot start.</summary>
    Task StartAsync(JobSessionStart start, CancellationToken cancellationToken);

    JobSessionState? Find(string sessionName);

    /// <summary>Stops it now (the job's timeout).</summary>
    Task StopAsync(string sessionName, string reason);

    /// <summary>Lets it end gracefully after its result (it stays resumable).</summary>
    Task ReleaseAsync(string sessionName, string reason);
}
