using System.ComponentModel;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Steward.Core.Homes;
using Steward.Core.Scheduling;
using Steward.Core.Scheduling.Jobs;

namespace Steward.Mcp;

/// <summary>schedule_*: thin adapters over <see cref="JobRequests"/>. Job files are written here; the daemon picks them up within seconds.</summary>
[McpServerToolType]
internal sealed class ScheduleTools(HomeServices services)
{
    private const string ScheduleHelp = "cron \"m h dom mon dow\" (e.g. \"0 9 * * 1-5\"), a macro (@hourly @daily @weekly @monthly @yearly), \"@every 15m\" (s/m/h/d) or \"@at 2026-12-01T09:00\" (once, in the job's zone)";

    [McpServerTool(Name = "schedule_create", Title = "Create a scheduled job")]
    [Description("Create a job: a Claude Code session the Steward daemon runs on a schedule with the given prompt, even while nobody is at the keyboard. Written to <home>/jobs/<name>.md.")]
    public Task<CallToolResult> CreateAsync(
        [Description("Job name: lowercase letters, digits, '-' (^[a-z0-9][a-z0-9-]{0,62}$).")] string name,
        [Description("When it runs: " + ScheduleHelp + ".")] string schedule,
        [Description("What the session should do each run.")] string prompt,
        [Description("IANA time zone for the schedule, e.g. Europe/Berlin (default: the home's zone).")] string? timezone = null,
        [Description("critical, high, normal (default) or low: queue order, and who still runs when the budget is nearly spent.")] string? priority = null,
        [Description("opus, sonnet, haiku or a full model id (default: Claude Code's default).")] string? model = null,
        [Description("Minutes before a run is stopped (1-1440, default 30).")] int? timeout = null,
        [Description("After the daemon was down: \"once\" (default, run once for the missed slots) or \"skip\".")] string? catch_up = null,
        [Description("Cap on model turns per run.")] int? max_turns = null,
        [Description("Tools the session may use without asking, e.g. [\"Read\", \"Bash(git status:*)\"] (default: config claude.allowed_tools).")] string[]? allowed_tools = null,
        [Description("never, on-failure (default) or always: when to tell the owner over Telegram.")] string? notify = null,
        [Description("One line about the job.")] string? description = null,
        [Description("false to create it paused (default true).")] bool? enabled = null) => ToolResults.Guard(() =>
    {
        var job = services.Jobs.Create(name, new JobChanges(schedule, prompt, timezone, priority, model, timeout, catch_up, max_turns, allowed_tools, notify, description, enabled));
        return Task.FromResult(Listed(job.Name, $"Created job '{job.Name}'."));
    });

    [McpServerTool(Name = "schedule_list", Title = "List scheduled jobs", ReadOnly = true, Idempotent = true)]
    [Description("List jobs with their schedule, next run (in the job's zone and UTC), last result, and any job file that is invalid (with the reason).")]
    public Task<CallToolResult> ListAsync() => ToolResults.Guard(() =>
    {
        var listings = services.Jobs.List();
        var text = listings.Count == 0 ? "No jobs yet. Create one with schedule_create." : string.Join("\n", listings.Select(SchedulingMessages.Describe));
        return Task.FromResult(ToolResults.Success(text, new JsonObject { ["jobs"] = new JsonArray([.. listings.Select(l => (JsonNode)SchedulingMessages.ToJson(l))]) }));
    });

    [McpServerTool(Name = "schedule_update", Title = "Change a scheduled job")]
    [Description("Change some fields of a job; fields you leave out stay as they are. Clear an optional field with an empty string (model, timezone, description), 0 (max_turns) or [] (allowed_tools).")]
    public Task<CallToolResult> UpdateAsync(
        [Description("The job's name.")] string name,
        [Description("New schedule: " + ScheduleHelp + ".")] string? schedule = null,
        [Description("New prompt.")] string? prompt = null,
        [Description("New IANA time zone.")] string? timezone = null,
        [Description("critical, high, normal or low.")] string? priority = null,
        [Description("opus, sonnet, haiku or a full model id.")] string? model = null,
        [Description("Minutes before a run is stopped (1-1440).")] int? timeout = null,
        [Description("once or skip.")] string? catch_up = null,
        [Description("Cap on model turns per run.")] int? max_turns = null,
        [Description("Tools the session may use without asking.")] string[]? allowed_tools = null,
        [Description("never, on-failure or always.")] string? notify = null,
        [Description("One line about the job.")] string? description = null,
        [Description("true to run on schedule, false to pause it.")] bool? enabled = null) => ToolResults.Guard(() =>
    {
        var job = services.Jobs.Update(name, new JobChanges(schedule, prompt, timezone, priority, model, timeout, catch_up, max_turns, allowed_tools, notify, description, enabled));
        return Task.FromResult(Listed(job.Name, $"Updated job '{job.Name}'."));
    });

    [McpServerTool(Name = "schedule_delete", Title = "Delete a scheduled job", Destructive = true)]
    [Description("Delete a job's file. Its run history stays (schedule_history).")]
    public Task<CallToolResult> DeleteAsync([Description("The job's name.")] string name) => ToolResults.Guard(() =>
    {
        services.Jobs.Delete(name);
        return Task.FromResult(ToolResults.Success($"Deleted job '{name}'. Its run history is kept.", new JsonObject { ["deleted"] = name }));
    });

    [McpServerTool(Name = "schedule_run_now", Title = "Run a job now")]
    [Description("Queue a run of a job now, outside its schedule. It starts within seconds if the daemon runs and a slot is free; the budget's 100% stop still applies.")]
    public Task<CallToolResult> RunNowAsync([Description("The job's name.")] string name) => ToolResults.Guard(async () =>
    {
        var run = services.Jobs.RunNow(name);
        var daemon = await services.Control.TryGetStatusAsync(TimeSpan.FromMilliseconds(750));
        var text = daemon is null
            ? $"Queued run {run.Id} of '{name}'. The Steward daemon is not running, so it starts when the daemon does (`steward serve`)."
            : $"Queued run {run.Id} of '{name}'; the daemon starts it within seconds. Follow it with schedule_history.";
        return ToolResults.Success(text, SchedulingMessages.ToJson(run));
    });

    [McpServerTool(Name = "schedule_history", Title = "Job run history", ReadOnly = true, Idempotent = true)]
    [Description("Runs of one job (or all), newest first: status (queued, running, succeeded, failed, timed_out, interrupted, skipped with the reason), start, duration, cost, session name, error.")]
    public Task<CallToolResult> HistoryAsync(
        [Description("Optional: only this job.")] string? name = null,
        [Description("How many runs (1-1000, default 20).")] int? limit = null) => ToolResults.Guard(() =>
    {
        var runs = services.Jobs.History(name, limit ?? 20);
        var text = runs.Count == 0 ? "No runs yet." : string.Join("\n", runs.Select(SchedulingMessages.Describe));
        return Task.FromResult(ToolResults.Success(text, new JsonObject { ["runs"] = new JsonArray([.. runs.Select(r => (JsonNode)SchedulingMessages.ToJson(r))]) }));
    });

    private CallToolResult Listed(string name, string headline)
    {
        var listing = services.Jobs.List().Single(l => l.Name == name);
        return ToolResults.Success($"{headline} {SchedulingMessages.Describe(listing)}", SchedulingMessages.ToJson(listing));
    }
}
