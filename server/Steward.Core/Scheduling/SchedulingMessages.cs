using System.Globalization;
using System.Text.Json.Nodes;
using Steward.Core.Scheduling.Jobs;
using Steward.Core.Scheduling.Runs;

namespace Steward.Core.Scheduling;

/// <summary>The words the CLI and the MCP tools use about jobs and runs.</summary>
public static class SchedulingMessages
{
    public static string Describe(JobListing listing)
    {
        if (listing.Job is not { } job)
        {
            return $"{listing.Name}: INVALID ({listing.Problem!.Message}) — fix {listing.Problem.Path}";
        }
        var next = listing.NextRun is { } at
            ? $"next {job.Schedule.ToLocal(at):yyyy-MM-dd HH:mm} {job.Schedule.TimeZone.Id} ({at.UtcDateTime:yyyy-MM-dd HH:mm}Z)"
            : job.Enabled ? "no further runs" : "disabled";
        var last = listing.LastRun is { } run ? $", last {run.Status.Name()}{(run.FinishedAt is { } f ? $" at {f.UtcDateTime:yyyy-MM-dd HH:mm}Z" : "")}" : "";
        return $"{job.Name}: \"{job.ScheduleText}\" {job.Priority.Name()}{(job.Model is null ? "" : " " + job.Model)}, {next}{last}";
    }

    public static string Describe(JobRun run)
    {
        var duration = run.Duration is { } d ? string.Create(CultureInfo.InvariantCulture, $", {d.TotalSeconds:0.#} s") : "";
        var cost = run.CostUsd is { } c ? string.Create(CultureInfo.InvariantCulture, $", ${c:0.####}") : "";
        var started = run.StartedAt is { } s ? $"started {s.UtcDateTime:yyyy-MM-dd HH:mm:ss}Z" : $"due {run.DueAt.UtcDateTime:yyyy-MM-dd HH:mm}Z";
        var detail = run.SkipReason ?? run.Error;
        return $"run {run.Id} {run.Job} [{run.Trigger.Name()}] {run.Status.Name()}, {started}{duration}{cost}" +
            (run.SessionName is null ? "" : $", session {run.SessionName}") + (detail is null ? "" : $": {detail}");
    }

    public static JsonObject ToJson(JobListing listing) => new()
    {
        ["name"] = listing.Name,
        ["valid"] = listing.Job is not null,
        ["problem"] = listing.Problem?.Message,
        ["schedule"] = listing.Job?.ScheduleText,
        ["timezone"] = listing.Job?.Schedule.TimeZone.Id,
        ["enabled"] = listing.Job?.Enabled,
        ["priority"] = listing.Job?.Priority.Name(),
        ["model"] = listing.Job?.Model,
        ["timeout_minutes"] = listing.Job?.TimeoutMinutes,
        ["catch_up"] = listing.Job?.CatchUp.Name(),
        ["notify"] = listing.Job?.Notify.Name(),
        ["description"] = listing.Job?.Description,
        ["next_run_local"] = listing.NextRun is { } at && listing.Job is { } job ? job.Schedule.ToLocal(at).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture) : null,
        ["next_run_utc"] = listing.NextRun?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        ["last_run"] = listing.LastRun is null ? null : ToJson(listing.LastRun),
    };

    public static JsonObject ToJson(JobRun run) => new()
    {
        ["id"] = run.Id,
        ["job"] = run.Job,
        ["trigger"] = run.Trigger.Name(),
        ["status"] = run.Status.Name(),
        ["due_at"] = run.DueAt.ToString("O"),
        ["started_at"] = run.StartedAt?.ToString("O"),
        ["finished_at"] = run.FinishedAt?.ToString("O"),
        ["duration_seconds"] = run.Duration?.TotalSeconds,
        ["session"] = run.SessionName,
        ["model"] = run.Model,
        ["cost_usd"] = run.CostUsd,
        ["input_tokens"] = run.InputTokens,
        ["output_tokens"] = run.OutputTokens,
        ["turns"] = run.Turns,
        ["result_subtype"] = run.ResultSubtype,
        ["result"] = run.ResultText,
        ["skip_reason"] = run.SkipReason,
        ["error"] = run.Error,
    };
}
