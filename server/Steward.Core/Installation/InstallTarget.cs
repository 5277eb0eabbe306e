namespace Steward.Core.Installation;

/// <summary>
/// Where Claude Code reads hooks and MCP servers for one scope: a project (.claude/settings.json,
/// .mcp.json) or the user (~/.claude/settings.json, ~/.claude.json; $CLAUDE_CONFIG_DIR moves both).
/// </summary>
public sealed record InstallTarget(string Description, string SettingsPath, string McpPath, string RecordPath, bool IsProject)
{
    public static InstallTarget Project(string directory)
    {
        var root = Path.GetFullPath(directory);
        if (!Directory.Exists(root))
        {
            throw new StewardException($"No such project directory: {root}");
        }
        var claude = Path.Combine(root, ".claude");
        return new InstallTarget($"project {root}", Path.Combine(claude, "settings.json"), Path.Combine(root, ".mcp.json"), Path.Combine(claude, "steward-install.json"), IsProject: true);
    }

    public static InstallTarget User(string userHome, string? claudeConfigDirectory)
    {
        var config = string.IsNullOrEmpty(claudeConfigDirectory) ? Path.Combine(userHome, ".claude") : Path.GetFullPath(claudeConfigDirectory);
        var state = string.IsNullOrEmpty(claudeConfigDirectory) ? Path.Combine(userHome, ".claude.json") : Path.Combine(config, ".claude.json");
        return new InstallTarget($"user {config}", Path.Combine(config, "settings.json"), state, Path.Combine(config, "steward-install.json"), IsProject: false);
    }
}
