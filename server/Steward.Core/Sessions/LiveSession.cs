namespace Steward.Core.Sessions;

/// <summary>A session whose process the daemon holds right now.</summary>
internal sealed class LiveSession(string name, SessionProcess process, TranscriptFile transcript, DateTimeOffset startedAt)
{
    private readonly Lock _gate = new();

    public string Name { get; } = name;

    public SessionProcess Process { get; } = process;

    public TranscriptFile Transcript { get; } = transcript;

    public DateTimeOffset StartedAt { get; } = startedAt;

    /// <summary>When the last result arrived, while no new turn has started; null while working.</summary>
    public DateTimeOffset? IdleSince { get; set; }

    public DateTimeOffset LastTouched { get; set; } = startedAt;

    /// <summary>Completes when the process is gone and its final status is stored.</summary>
    public Task Completion { get; set; } = Task.CompletedTask;

    /// <summary>Why Steward is ending it (kill, release, shutdown); null when the process ends on its own.</summary>
    public (SessionStatus Status, string Reason)? Ending { get; private set; }

    public bool IsEnding
    {
        get { lock (_gate) { return Ending is not null; } }
    }

    /// <summary>Claims the ending; false when another ending was claimed first (its outcome stands).</summary>
    public bool TryEnd(SessionStatus status, string reason)
    {
        lock (_gate)
        {
            if (Ending is not null)
            {
                return false;
            }
            Ending = (status, reason);
            return true;
        }
    }
}
