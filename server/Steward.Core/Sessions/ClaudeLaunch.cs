using System.Diagnostics;
using System.Text.Json.Nodes;
using Steward.Core.Homes;

namespace Steward.Core.Sessions;

/// <summary>
/// The exact command line of a background session: headless Claude Code speaking stream-json both
/// ways, bound to the session's id, with Steward's MCP server and the session's limits. The prompt
/// goes in on stdin (never argv: no length limit, not visible in ps).
/// </summary>
public static class ClaudeLaunch
{
    public static ProcessStartInfo Build(SessionRecord session, bool resume, SessionSettings settings, AgentHome home)
    {
        var claude = ClaudeExecutable.Resolve(settings.ClaudeCommand);
        var arguments = new List<string>
        {
            "-p", "--output-format", "stream-json", "--verbose", "--input-format", "stream-json", "--replay-user-messages",
            resume ? "--resume" : "--session-id", session.ClaudeSessionId,
            "--max-turns", session.MaxTurns.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--append-system-prompt", SystemPrompt(session, settings, home),
        };
        if (session.Model is { } model)
        {
            arguments.AddRange(["--model", model]);
        }
        if (settings.PermissionMode is { } mode)
        {
            arguments.AddRange(["--permission-mode", mode]);
        }
        var allowedTools = session.AllowedTools ?? settings.AllowedTools;
        if (allowedTools.Count > 0)
        {
            arguments.AddRange(["--allowedTools", string.Join(',', allowedTools)]);
        }
        if (settings.PluginDirectory is { } plugin)
        {
            // The plugin brings Steward's MCP server, hooks and skills itself.
            arguments.AddRange(["--plugin-dir", plugin]);
        }
        else if (settings.StewardCommand is { Count: > 0 } steward)
        {
            arguments.AddRange(["--mcp-config", McpConfig(steward, home)]);
        }

        // Its own process group (setsid), so a kill reaches the MCP servers and tools it started too.
        var setsid = ClaudeExecutable.FindOnPath("setsid");
        var info = new ProcessStartInfo(setsid ?? claude)
        {
            WorkingDirectory = session.WorkingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (setsid is not null)
        {
            info.ArgumentList.Add(claude);
        }
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        info.Environment.Remove("CLAUDECODE");
        info.Environment["STEWARD_HOME"] = home.Root;
        info.Environment["STEWARD_SESSION"] = session.Name;
        return info;
    }

    public static string SystemPrompt(SessionRecord session, SessionSettings settings, AgentHome home) =>
        $"You are running as a background Claude Code session named \"{session.Name}\", supervised by Steward for the agent " +
        $"\"{settings.AgentName}\" (agent home: {home.Root}). It was started by {session.LaunchedBy}" +
        (session.Reason is { Length: > 0 } reason ? $" because: {reason}" : "") + ". " +
        "Nobody watches this session live: work independently, and end each turn with a short summary of what you did and what is left. " +
        "Steward's MCP tools (identity, memory, sessions) are available to you.";

    /// <summary>The line a session's stdin takes for one user turn.</summary>
    public static string UserMessage(string text) => new JsonObject
    {
        ["type"] = "user",
        ["message"] = new JsonObject { ["role"] = "user", ["content"] = text },
    }.ToJsonString();

    private static string McpConfig(IReadOnlyList<string> steward, AgentHome home) => new JsonObject
    {
        ["mcpServers"] = new JsonObject
        {
            ["steward"] = new JsonObject
            {
                ["type"] = "stdio",
                ["command"] = steward[0],
                ["args"] = new JsonArray([.. steward.Skip(1).Select(a => (JsonNode?)a), "mcp"]),
                ["env"] = new JsonObject { ["STEWARD_HOME"] = home.Root },
            },
        },
    }.ToJsonString();
}
