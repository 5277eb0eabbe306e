using Steward.Core.Homes;
using Steward.Core.Sessions;

namespace Steward.Core.Scheduling;

/// <summary>Job runs as ordinary background sessions: visible in session_list, with transcripts, resumable.</summary>
public sealed class SupervisorJobSessions(SessionSupervisor supervisor, SessionStore store, AgentHome home, SessionSettings settings, TimeProvider time) : IJobSessions
{
    public async Task StartAsync(JobSessionStart start, CancellationToken cancellationToken)
    {
        store.Create(start.SessionName, start.Prompt, start.Model, home.ProjectDirectory, start.MaxTurns ?? settings.DefaultMaxTurns,
            start.LaunchedBy, start.Reason, time.GetUtcNow(), start.AllowedTools);
        await supervisor.StartAsync(start.SessionName, time.GetUtcNow(), cancellationToken);
    }

    public JobSessionState? Find(string sessionName) => store.Get(sessionName) is { } session
        ? new JobSessionState(session.Status, session.LastResultSubtype, session.LastResult, session.CostUsd, session.InputTokens,
            session.OutputTokens, session.Turns, session.Error, session.EndedReason, session.LastResultIsError)
        : null;

    public async Task StopAsync(string sessionName, string reason)
    {
        if (store.Get(sessionName) is { Status: var status } && !status.HasEnded())
        {
            await supervisor.KillAsync(sessionName, reason);
        }
    }

    public Task ReleaseAsync(string sessionName, string reason) => supervisor.ReleaseAsync(sessionName, reason);
}
