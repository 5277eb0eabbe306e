namespace Steward.Core.Sessions;

/// <summary>Finds the Claude Code CLI the way a shell would, so a missing one is a clear error instead of a failed exec.</summary>
public static class ClaudeExecutable
{
    public const string NpmPackage = "@anthropic-ai/claude-code";

    public static string Resolve(string command)
    {
        if (command.Contains('/', StringComparison.Ordinal))
        {
            var full = Path.GetFullPath(command);
            return IsExecutable(full) ? full : throw NotFound(command, $"{full} does not exist or is not executable");
        }
        return FindOnPath(command) ?? throw NotFound(command, $"'{command}' is not on PATH");
    }

    /// <summary>The first executable of that name in $PATH, or null.</summary>
    public static string? FindOnPath(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, name))
            .FirstOrDefault(IsExecutable);

    private static bool IsExecutable(string path) =>
        File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;

    private static StewardException NotFound(string command, string detail) => new(
        $"The Claude Code CLI was not found ({detail}). Install it with `npm install -g {NpmPackage}`, " +
        $"or point config.json \"claude.command\" (or ${SessionSettings.ClaudeEnvironmentVariable}) at it.");
}
