using Steward.Core.Scheduling;
using Steward.Core.Sessions;

namespace Steward.Core.Tests.Scheduling;

/// <summary>
/// The scheduler's session port, recording what the scheduler asked for and letting a test say
/// what each session did. The real port (the session supervisor with the real Claude Code CLI) is
/// exercised end to end in Steward.Tests.
/// </summary>
internal sealed class RecordingJobSessions : IJobSessions
{
    private readonly Dictionary<string, JobSessionState> _states = new(StringComparer.Ordinal);

    public List<JobSessionStart> Started { get; } = [];

    public List<(string Name, string Reason)> Stopped { get; } = [];

    public List<string> Released { get; } = [];

    /// <summary>When set, starting a session fails as if every session slot were busy.</summary>
    public bool AtCapacity { get; set; }

    public Task StartAsync(JobSessionStart start, CancellationToken cancellationToken)
    {
        if (AtCapacity)
        {
            throw new SessionCapacityException("all session slots are busy");
        }
        Started.Add(start);
        _states[start.SessionName] = new JobSessionState(SessionStatus.Running, null, null, 0, 0, 0, 0, null, null);
        return Task.CompletedTask;
    }

    public JobSessionState? Find(string sessionName) => _states.GetValueOrDefault(sessionName);

    public Task StopAsync(string sessionName, string reason)
    {
        Stopped.Add((sessionName, reason));
        _states[sessionName] = _states[sessionName] with { Status = SessionStatus.Killed, EndedReason = reason };
        return Task.CompletedTask;
    }

    public Task ReleaseAsync(string sessionName, string reason)
    {
        Released.Add(sessionName);
        return Task.CompletedTask;
    }

    /// <summary>The session's turn ended with a result.</summary>
    public void Answer(string sessionName, string subtype = "success", string text = "done", double cost = 0.01, bool isError = false) =>
        _states[sessionName] = new JobSessionState(SessionStatus.Idle, subtype, text, cost, 1000, 200, 1, null, null, isError);

    public void Fail(string sessionName, string error) =>
        _states[sessionName] = new JobSessionState(SessionStatus.Failed, null, null, 0, 0, 0, 0, error, "claude exited with code 1");
}
