using Steward.Core.Configuration;

namespace Steward.Core.Sessions;

/// <summary>How the daemon runs background sessions: config.json's claude and sessions sections, resolved once.</summary>
public sealed record SessionSettings(
    string AgentName,
    string ClaudeCommand,
    IReadOnlyList<string> AllowedTools,
    string? PermissionMode,
    string? PluginDirectory,
    int MaxConcurrent,
    TimeSpan IdleTimeout,
    TimeSpan MaxRunTime,
    int DefaultMaxTurns,
    IReadOnlyList<string>? StewardCommand)
{
    public const string ClaudeEnvironmentVariable = "STEWARD_CLAUDE";

    /// <summary>How long a process gets to exit after SIGTERM (or after its input closes) before SIGKILL.</summary>
    public TimeSpan KillGrace { get; init; } = TimeSpan.FromSeconds(5);

    /// <param name="stewardCommand">The argv that runs this steward, so sessions get Steward's MCP server; null to leave it out.</param>
    public static SessionSettings From(StewardConfig config, IReadOnlyList<string>? stewardCommand) => new(
        config.Name,
        Environment.GetEnvironmentVariable(ClaudeEnvironmentVariable) is { Length: > 0 } fromEnvironment ? fromEnvironment : config.ClaudeCommand,
        config.ClaudeAllowedTools,
        config.ClaudePermissionMode,
        config.ClaudePluginDirectory,
        config.SessionsMaxConcurrent,
        TimeSpan.FromMinutes(config.SessionsIdleMinutes),
        TimeSpan.FromMinutes(config.SessionsMaxMinutes),
        config.SessionsMaxTurns,
        stewardCommand);
}
