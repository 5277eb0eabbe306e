using System.Globalization;
using System.Text;
using Steward.Core.Homes;
using Steward.Core.Sessions;

namespace Steward.Core.Telegram;

/// <summary>The bot's slash commands: thin wrappers over the same services the CLI and MCP tools use.</summary>
public sealed class TelegramCommands(HomeServices services)
{
    public static readonly (string Command, string Description)[] All =
    [
        ("status", "Is the agent's daemon running; sessions and outbox"),
        ("sessions", "Background sessions and their status"),
        ("new", "Start a fresh session for this topic: /new [name]"),
        ("stop", "Stop this topic's session"),
        ("jobs", "Scheduled jobs and their next run"),
        ("run", "Run a job now: /run <job>"),
        ("quota", "Model spend today and this week"),
        ("help", "What the bot understands"),
    ];

    /// <summary>The reply to a command; <paramref name="topicSession"/> is this topic's session, if any.</summary>
    public string Run(string text, string? topicSession, Func<string?, string> startFresh)
    {
        var parts = text.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var command = parts[0].TrimStart('/').Split('@')[0].ToLowerInvariant();
        var argument = parts.Length > 1 ? parts[1] : null;
        try
        {
            return command switch
            {
                "status" => Status(),
                "sessions" => Sessions(),
                "new" => startFresh(argument),
                "stop" => Stop(topicSession),
                "jobs" => Jobs(),
                "run" => RunJob(argument),
                "quota" => Quota(),
                "help" or "start" => Help(),
                _ => $"Unknown command /{command}. " + Help(),
            };
        }
        catch (StewardException e)
        {
            return e.Message;
        }
    }

    private static string Help() =>
        "Write to me and the session of this topic answers. Commands:\n" + string.Join("\n", All.Select(c => $"/{c.Command} — {c.Description}"));

    private string Status()
    {
        var counts = services.Sessions.CountByStatus();
        var outbox = new TelegramOutbox(services.Database).Status();
        return $"Agent {services.Config.Name}. Sessions: {string.Join(", ", counts.Where(c => c.Value > 0).Select(c => $"{c.Value} {c.Key.ToDatabase()}"))}. Outbox: {outbox.Queued} queued.";
    }

    private string Sessions()
    {
        var sessions = services.Sessions.List().Take(15).ToList();
        return sessions.Count == 0
            ? "No sessions yet."
            : string.Join("\n", sessions.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Name}: {s.Status.ToDatabase()}, {s.Turns} turns, ${s.CostUsd:0.00}")));
    }

    private string Stop(string? topicSession)
    {
        if (topicSession is null)
        {
            return "This topic has no session yet.";
        }
        services.SessionRequests.RequestKill(topicSession, "telegram");
        return $"Stopping {topicSession}. Write again to resume it.";
    }

    private string Jobs()
    {
        var jobs = services.Jobs.List();
        if (jobs.Count == 0)
        {
            return "No scheduled jobs.";
        }
        var text = new StringBuilder();
        foreach (var listing in jobs.Take(20))
        {
            text.Append(listing.Job is { } job
                ? string.Create(CultureInfo.InvariantCulture, $"{job.Name}: {job.ScheduleText}{(job.Enabled ? "" : " (paused)")}, next {listing.NextRun?.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture) ?? "never"}")
                : $"(invalid) {listing.Problem}").Append('\n');
        }
        return text.ToString().TrimEnd();
    }

    private string RunJob(string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            return "Which job? /run <job> (see /jobs).";
        }
        var run = services.Jobs.RunNow(name);
        return $"Queued run {run.Id} of {run.Job}.";
    }

    private string Quota()
    {
        var quota = services.Quota.Measure(services.Time.GetUtcNow());
        return string.Create(CultureInfo.InvariantCulture,
            $"Today ${quota.DailySpent:0.00}{(quota.DailyBudget is { } d ? $" of ${d:0.00}" : "")}; this week ${quota.WeeklySpent:0.00}{(quota.WeeklyBudget is { } w ? $" of ${w:0.00}" : "")}.");
    }
}
