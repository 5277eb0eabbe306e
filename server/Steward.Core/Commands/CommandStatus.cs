using System.Text.Json.Serialization;

namespace Steward.Core.Commands;

public enum CommandStatus
{
    /// <summary>Waiting for the daemon.</summary>
    [JsonStringEnumMemberName("queued")]
    Queued,
    /// <summary>The daemon is executing it (or crashed while doing so; recovery decides at the next start).</summary>
    [JsonStringEnumMemberName("running")]
    Running,
    [JsonStringEnumMemberName("succeeded")]
    Succeeded,
    [JsonStringEnumMemberName("failed")]
    Failed,
    /// <summary>Cut short by a crash or shutdown and not safe to run again automatically.</summary>
    [JsonStringEnumMemberName("interrupted")]
    Interrupted,
    /// <summary>Withdrawn by the owner before it ran.</summary>
    [JsonStringEnumMemberName("cancelled")]
    Cancelled,
}

public static class CommandStatusNames
{
    public static string ToDatabase(this CommandStatus status) => status switch
    {
        CommandStatus.Queued => "queued",
        CommandStatus.Running => "running",
        CommandStatus.Succeeded => "succeeded",
        CommandStatus.Failed => "failed",
        CommandStatus.Interrupted => "interrupted",
        CommandStatus.Cancelled => "cancelled",
        _ => throw new ArgumentOutOfRangeException(nameof(status)),
    };

    public static CommandStatus Parse(string value) => value switch
    {
        "queued" => CommandStatus.Queued,
        "running" => CommandStatus.Running,
        "succeeded" => CommandStatus.Succeeded,
        "failed" => CommandStatus.Failed,
        "interrupted" => CommandStatus.Interrupted,
        "cancelled" => CommandStatus.Cancelled,
        _ => throw new StewardException($"Unknown command status '{value}'; expected queued, running, succeeded, failed, interrupted or cancelled."),
    };

    public static bool IsFinished(this CommandStatus status) =>
        status is CommandStatus.Succeeded or CommandStatus.Failed or CommandStatus.Interrupted or CommandStatus.Cancelled;
}
