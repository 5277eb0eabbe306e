using Steward.Core.Scheduling.Cron;

namespace Steward.Core.Scheduling.Jobs;

/// <summary>One job as its file defines it. <see cref="Schedule"/> is parsed in the job's zone.</summary>
public sealed record JobDefinition(
    string Name,
    string ScheduleText,
    string? TimeZoneId,
    bool Enabled,
    JobPriority Priority,
    string? Model,
    int TimeoutMinutes,
    CatchUpPolicy CatchUp,
    int? MaxTurns,
    IReadOnlyList<string>? AllowedTools,
    NotifyPolicy Notify,
    string? Description,
    string Prompt)
{
    public const int DefaultTimeoutMinutes = 30;

    /// <summary>Set by <see cref="JobFile"/> once the schedule is known to parse.</summary>
    public CronSchedule Schedule { get; init; } = null!;
}

/// <summary>A job file that could not be used, and why. The scheduler skips it and says so.</summary>
public sealed record JobProblem(string Name, string Path, string Message);
