using System.Text.Json.Serialization;
using Steward.Core.Scheduling.Jobs;

namespace Steward.Core.Scheduling.Runs;

public enum RunStatus
{
    [JsonStringEnumMemberName("queued")] Queued,
    [JsonStringEnumMemberName("running")] Running,
    [JsonStringEnumMemberName("succeeded")] Succeeded,
    [JsonStringEnumMemberName("failed")] Failed,
    [JsonStringEnumMemberName("timed_out")] TimedOut,
    [JsonStringEnumMemberName("interrupted")] Interrupted,
    [JsonStringEnumMemberName("skipped")] Skipped,
}

public enum RunTrigger
{
    [JsonStringEnumMemberName("schedule")] Schedule,
    [JsonStringEnumMemberName("catch_up")] CatchUp,
    [JsonStringEnumMemberName("manual")] Manual,
}

/// <summary>One run of a job: a claimed slot (or a manual request) and what became of it.</summary>
public sealed record JobRun(
    long Id,
    string Job,
    string Slot,
    RunTrigger Trigger,
    RunStatus Status,
    JobPriority Priority,
    DateTimeOffset DueAt,
    DateTimeOffset QueuedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    string? SessionName,
    string? Model,
    string? SkipReason,
    string? Error,
    string? ResultSubtype,
    string? ResultText,
    double? CostUsd,
    long? InputTokens,
    long? OutputTokens,
    int? Turns)
{
    public TimeSpan? Duration => StartedAt is { } start && FinishedAt is { } end ? end - start : null;
}

/// <summary>What a finished run records.</summary>
public sealed record RunOutcome(
    RunStatus Status,
    string? Error,
    string? ResultSubtype,
    string? ResultText,
    double? CostUsd,
    long? InputTokens,
    long? OutputTokens,
    int? Turns);

public static class RunNames
{
    public static string Name(this RunStatus status) => status switch
    {
        RunStatus.TimedOut => "timed_out",
        _ => status.ToString().ToLowerInvariant(),
    };

    public static RunStatus ParseStatus(string value) => value switch
    {
        "queued" => RunStatus.Queued,
        "running" => RunStatus.Running,
        "succeeded" => RunStatus.Succeeded,
        "failed" => RunStatus.Failed,
        "timed_out" => RunStatus.TimedOut,
        "interrupted" => RunStatus.Interrupted,
        "skipped" => RunStatus.Skipped,
        _ => throw new StewardException($"Unknown run status '{value}'."),
    };

    public static string Name(this RunTrigger trigger) => trigger switch
    {
        RunTrigger.CatchUp => "catch_up",
        _ => trigger.ToString().ToLowerInvariant(),
    };

    public static RunTrigger ParseTrigger(string value) => value switch
    {
        "schedule" => RunTrigger.Schedule,
        "catch_up" => RunTrigger.CatchUp,
        "manual" => RunTrigger.Manual,
        _ => throw new StewardException($"Unknown run trigger '{value}'."),
    };
}
