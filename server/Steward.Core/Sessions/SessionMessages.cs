using System.Globalization;
using System.Text.Json.Nodes;
using Steward.Core.Commands;

namespace Steward.Core.Sessions;

/// <summary>The words every front door uses about sessions, so the CLI and the MCP tools say the same thing.</summary>
public static class SessionMessages
{
    public static string Summary(SessionRecord session, DateTimeOffset now)
    {
        var activity = session.LastEventAt is { } at ? $", last activity {Ago(now - at)} ago" : "";
        var cost = string.Create(CultureInfo.InvariantCulture, $"${session.CostUsd:0.####}");
        var ended = session.Status.HasEnded() && session.EndedReason is { } reason ? $" ({reason})" : "";
        return $"{session.Name}: {session.Status.ToDatabase()}{ended}, {session.Turns} turn(s), {cost}{activity}, model {session.Model ?? "default"}, started by {session.LaunchedBy}";
    }

    /// <summary>What happened to a spawn, send or kill the front door queued.</summary>
    public static (string Text, bool IsError) Outcome(CommandSubmission submission, string name, string action)
    {
        if (!submission.DaemonRunning)
        {
            return ($"The {action} for session '{name}' is queued (command {submission.Command.Id}): the Steward daemon is not running, so it happens when the daemon starts (`steward serve`).", false);
        }
        if (!submission.Finished)
        {
            return ($"The {action} for session '{name}' is queued (command {submission.Command.Id}); the daemon has not finished it yet. Check with session_list.", false);
        }
        if (!submission.Succeeded)
        {
            return ($"The {action} for session '{name}' failed: {submission.Command.Error}", true);
        }
        var result = submission.Command.Result is { } json ? JsonNode.Parse(json) : null;
        var pid = result?["pid"]?.GetValue<int>();
        var released = result?["released"]?.GetValue<string>() is { } r ? $" Session '{r}' was idle and gave up its process to make room (it stays resumable)." : "";
        return action switch
        {
            "spawn" => ($"Session '{name}' started (pid {pid}). It works in the background: read it with session_output, talk to it with session_send.{released}", false),
            "send" when result?["resumed"]?.GetValue<bool>() == true => ($"Session '{name}' had ended; it was resumed (pid {pid}) with your message as its next turn.{released}", false),
            "send" => ($"Delivered to session '{name}' (pid {pid}) as its next turn.", false),
            _ => ($"Session '{name}' is killed.", false),
        };
    }

    public static JsonObject ToJson(SessionRecord session) => new()
    {
        ["name"] = session.Name,
        ["status"] = session.Status.ToDatabase(),
        ["model"] = session.Model,
        ["cwd"] = session.WorkingDirectory,
        ["turns"] = session.Turns,
        ["cost_usd"] = session.CostUsd,
        ["input_tokens"] = session.InputTokens,
        ["output_tokens"] = session.OutputTokens,
        ["launched_by"] = session.LaunchedBy,
        ["created_at"] = session.CreatedAt.ToString("O"),
        ["last_event_at"] = session.LastEventAt?.ToString("O"),
        ["ended_reason"] = session.EndedReason,
        ["error"] = session.Error,
        ["last_result"] = session.LastResult,
        ["claude_session_id"] = session.ClaudeSessionId,
    };

    private static string Ago(TimeSpan span) => span.TotalSeconds < 90 ? $"{Math.Max(0, (int)span.TotalSeconds)} s"
        : span.TotalMinutes < 90 ? $"{(int)span.TotalMinutes} min"
        : span.TotalHours < 48 ? $"{(int)span.TotalHours} h"
        : $"{(int)span.TotalDays} d";
}
