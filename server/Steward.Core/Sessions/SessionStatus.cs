using System.Text.Json.Serialization;

namespace Steward.Core.Sessions;

/// <summary>Where a background session is. Every change comes from an event or an exit, never from guessing.</summary>
public enum SessionStatus
{
    /// <summary>Requested by a front door; waiting for the daemon to start it.</summary>
    [JsonStringEnumMemberName("queued")]
    Queued,
    /// <summary>The claude process is started; no system/init yet.</summary>
    [JsonStringEnumMemberName("starting")]
    Starting,
    /// <summary>system/init seen: the model is working on a turn.</summary>
    [JsonStringEnumMemberName("running")]
    Running,
    /// <summary>A result arrived and the process waits for input.</summary>
    [JsonStringEnumMemberName("idle")]
    Idle,
    /// <summary>The process ended normally (or was released after idling); session_send resumes it.</summary>
    [JsonStringEnumMemberName("completed")]
    Completed,
    /// <summary>The process could not start or ended with an error.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,
    /// <summary>Stopped by session_kill or a limit.</summary>
    [JsonStringEnumMemberName("killed")]
    Killed,
    /// <summary>The daemon stopped or died while the process ran; session_send resumes it.</summary>
    [JsonStringEnumMemberName("interrupted")]
    Interrupted,
}

public static class SessionStatusNames
{
    private static readonly (SessionStatus Status, string Name)[] Names =
    [
        (SessionStatus.Queued, "queued"), (SessionStatus.Starting, "starting"), (SessionStatus.Running, "running"),
        (SessionStatus.Idle, "idle"), (SessionStatus.Completed, "completed"), (SessionStatus.Failed, "failed"),
        (SessionStatus.Killed, "killed"), (SessionStatus.Interrupted, "interrupted"),
    ];

    public static string ToDatabase(this SessionStatus status) => Names.First(n => n.Status == status).Name;

    public static SessionStatus Parse(string value) =>
        Names.FirstOrDefault(n => string.Equals(n.Name, value.Trim(), StringComparison.OrdinalIgnoreCase)) is { Name: not null } found
            ? found.Status
            : throw new StewardException($"Unknown session status '{value}'; expected one of {string.Join(", ", Names.Select(n => n.Name))}.");

    /// <summary>A process exists (or is being created) for the session.</summary>
    public static bool HasProcess(this SessionStatus status) => status is SessionStatus.Starting or SessionStatus.Running or SessionStatus.Idle;

    public static bool HasEnded(this SessionStatus status) =>
        status is SessionStatus.Completed or SessionStatus.Failed or SessionStatus.Killed or SessionStatus.Interrupted;
}
