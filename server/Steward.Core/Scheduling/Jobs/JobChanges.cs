namespace Steward.Core.Scheduling.Jobs;

/// <summary>
/// Fields a front door sets on a job; null leaves a field as it is. To clear an optional field:
/// an empty string (model, timezone, description), 0 (max_turns) or an empty list (allowed_tools).
/// </summary>
public sealed record JobChanges(
    string? Schedule = null,
    string? Prompt = null,
    string? TimeZone = null,
    string? Priority = null,
    string? Model = null,
    int? Timeout = null,
    string? CatchUp = null,
    int? MaxTurns = null,
    IReadOnlyList<string>? AllowedTools = null,
    string? Notify = null,
    string? Description = null,
    bool? Enabled = null)
{
    public JobDefinition ApplyTo(JobDefinition job) => job with
    {
        ScheduleText = Schedule ?? job.ScheduleText,
        Prompt = Prompt ?? job.Prompt,
        TimeZoneId = TimeZone is null ? job.TimeZoneId : Blank(TimeZone),
        Priority = Priority is null ? job.Priority : JobEnumNames.ParsePriority(Priority),
        Model = Model is null ? job.Model : Blank(Model),
        TimeoutMinutes = Timeout ?? job.TimeoutMinutes,
        CatchUp = CatchUp is null ? job.CatchUp : JobEnumNames.ParseCatchUp(CatchUp),
        MaxTurns = MaxTurns is null ? job.MaxTurns : MaxTurns == 0 ? null : MaxTurns,
        AllowedTools = AllowedTools is null ? job.AllowedTools : AllowedTools.Count == 0 ? null : AllowedTools,
        Notify = Notify is null ? job.Notify : JobEnumNames.ParseNotify(Notify),
        Description = Description is null ? job.Description : Blank(Description),
        Enabled = Enabled ?? job.Enabled,
    };

    /// <summary>A new job from these fields (schedule and prompt are required).</summary>
    public JobDefinition Create(string name)
    {
        if (string.IsNullOrWhiteSpace(Schedule))
        {
            throw new StewardException("A job needs a schedule: a cron expression (\"0 9 * * 1-5\"), a macro (@daily), @every 15m or @at 2026-12-01T09:00.");
        }
        if (string.IsNullOrWhiteSpace(Prompt))
        {
            throw new StewardException("A job needs a prompt: what the Claude Code session should do each run.");
        }
        var empty = new JobDefinition(name, Schedule, null, true, JobPriority.Normal, null, JobDefinition.DefaultTimeoutMinutes,
            CatchUpPolicy.Once, null, null, NotifyPolicy.OnFailure, null, Prompt);
        return ApplyTo(empty);
    }

    private static string? Blank(string value) => value.Trim().Length == 0 ? null : value.Trim();
}
