using System.ComponentModel;
using System.Text;
using System.Text.Json.Nodes;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Steward.Core.Commands;
using Steward.Core.Homes;
using Steward.Core.Sessions;

namespace Steward.Mcp;

/// <summary>session_*: thin adapters over <see cref="SessionRequests"/> (the daemon does the work) and the transcript.</summary>
[McpServerToolType]
internal sealed class SessionTools(HomeServices services)
{
    private static readonly TimeSpan KillWait = TimeSpan.FromSeconds(20);

    /// <summary>Who is asking: the owner's Claude Code session, or a background session using Steward's tools.</summary>
    private static string Caller => Environment.GetEnvironmentVariable("STEWARD_SESSION") is { Length: > 0 } session
        ? $"session {session}"
        : "Claude Code (MCP)";

    [McpServerTool(Name = "session_spawn", Title = "Start a background Claude Code session")]
    [Description("Start a background Claude Code session that works on a prompt while you continue. Returns at once; the Steward daemon runs it, keeps its full transcript, and it survives this conversation. Use session_output to read it, session_send to give it another turn, session_kill to stop it.")]
    public Task<CallToolResult> SpawnAsync(
        [Description("Unique session name: lowercase letters, digits and '-', e.g. \"fix-flaky-test\" (^[a-z0-9][a-z0-9-]{0,62}$).")] string name,
        [Description("The task for the session, as you would type it to Claude Code (at most 100,000 characters).")] string prompt,
        [Description("Optional model: opus, sonnet, haiku or a full model id. Default: Claude Code's default.")] string? model = null,
        [Description("Optional working directory (default: this project's directory).")] string? cwd = null,
        [Description("Optional cap on model turns (1-1000; default from config, 50).")] int? max_turns = null,
        CancellationToken cancellationToken = default) => ToolResults.Guard(async () =>
    {
        var (session, command) = services.SessionRequests.RequestSpawn(name, prompt, model, cwd, max_turns, Caller, reason: null, Environment.CurrentDirectory);
        var submission = await services.Submitter.SubmitAsync(command, CommandSubmitter.DefaultWait, cancellationToken);
        return Outcome(submission, session.Name, "spawn");
    });

    [McpServerTool(Name = "session_list", Title = "List background sessions", ReadOnly = true, Idempotent = true)]
    [Description("List background sessions with their status (queued, starting, running, idle, completed, failed, killed, interrupted), turns, cost and last activity.")]
    public Task<CallToolResult> ListAsync(
        [Description("Optional: only sessions with this status.")] string? status = null) => ToolResults.Guard(() =>
    {
        var filter = status is null ? (SessionStatus?)null : SessionStatusNames.Parse(status);
        var sessions = services.Sessions.List(filter);
        var now = services.Time.GetUtcNow();
        var text = sessions.Count == 0
            ? (filter is null ? "No sessions yet. Start one with session_spawn." : $"No {status} sessions.")
            : string.Join("\n", sessions.Select(s => SessionMessages.Summary(s, now)));
        return Task.FromResult(ToolResults.Success(text, new JsonObject { ["sessions"] = new JsonArray([.. sessions.Select(s => (JsonNode)SessionMessages.ToJson(s))]) }));
    });

    [McpServerTool(Name = "session_output", Title = "Read a session's transcript", ReadOnly = true, Idempotent = true)]
    [Description("Read what a background session did: the last N items of its transcript as readable text (prompts, assistant text, one line per tool call, results), with its status.")]
    public Task<CallToolResult> OutputAsync(
        [Description("The session's name.")] string name,
        [Description("How many items, newest last (1-1000, default 30).")] int? lines = null) => ToolResults.Guard(() =>
    {
        SessionLimits.ValidateName(name);
        var session = services.Sessions.Require(name);
        var items = TranscriptReader.LastItems(TranscriptFile.PathFor(services.Home, name), lines ?? 30);
        var text = new StringBuilder(SessionMessages.Summary(session, services.Time.GetUtcNow())).Append('\n');
        text.Append(items.Count == 0 ? "(no transcript yet)" : string.Join("\n", items));
        return Task.FromResult(ToolResults.Success(text.ToString(), new JsonObject
        {
            ["session"] = SessionMessages.ToJson(session),
            ["items"] = new JsonArray([.. items.Select(i => (JsonNode?)i)]),
        }));
    });

    [McpServerTool(Name = "session_send", Title = "Send a message to a session")]
    [Description("Give a background session its next turn. A live session gets it at once; one that has ended (completed, interrupted, released after idling) is resumed with its whole conversation.")]
    public Task<CallToolResult> SendAsync(
        [Description("The session's name.")] string name,
        [Description("The message (at most 100,000 characters).")] string text,
        CancellationToken cancellationToken = default) => ToolResults.Guard(async () =>
    {
        var command = services.SessionRequests.RequestSend(name, text, Caller);
        return Outcome(await services.Submitter.SubmitAsync(command, CommandSubmitter.DefaultWait, cancellationToken), name, "send");
    });

    [McpServerTool(Name = "session_kill", Title = "Stop a session", Destructive = true)]
    [Description("Stop a background session now: its process group gets SIGTERM, then SIGKILL after a grace period. The transcript stays, and session_send can resume it later.")]
    public Task<CallToolResult> KillAsync(
        [Description("The session's name.")] string name,
        CancellationToken cancellationToken = default) => ToolResults.Guard(async () =>
    {
        var command = services.SessionRequests.RequestKill(name, Caller);
        return Outcome(await services.Submitter.SubmitAsync(command, KillWait, cancellationToken), name, "kill");
    });

    private CallToolResult Outcome(CommandSubmission submission, string name, string action)
    {
        var (text, isError) = SessionMessages.Outcome(submission, name, action);
        if (isError)
        {
            return ToolResults.Error(text);
        }
        var session = services.Sessions.Get(name);
        return ToolResults.Success(text, new JsonObject
        {
            ["command_id"] = submission.Command.Id,
            ["command_status"] = submission.Command.Status.ToDatabase(),
            ["daemon_running"] = submission.DaemonRunning,
            ["session"] = session is null ? null : SessionMessages.ToJson(session),
        });
    }
}
