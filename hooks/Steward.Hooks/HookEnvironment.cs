using System.Diagnostics;
using Steward.Core.Homes;

namespace Steward.Hooks;

/// <summary>Where a hook runs: the project, the agent home (if any), the user's home directory.</summary>
internal static class HookEnvironment
{
    public static string WorkingDirectory(HookInput input) =>
        input.WorkingDirectory is { Length: > 0 } cwd ? cwd : Directory.GetCurrentDirectory();

    public static string? ProjectRoot() => Environment.GetEnvironmentVariable("CLAUDE_PROJECT_DIR") is { Length: > 0 } project ? project : null;

    public static string UserHome() => Environment.GetEnvironmentVariable("HOME") is { Length: > 0 } home ? home : Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);

    /// <summary>The agent home for this event: $STEWARD_HOME, the nearest .steward/ up from the project, ~/.steward; null when none exists.</summary>
    public static AgentHome? Home(HookInput input)
    {
        var location = new HomeLocator(ProjectRoot() ?? WorkingDirectory(input), Environment.GetEnvironmentVariable(HomeLocator.EnvironmentVariable), UserHome()).Locate();
        return location.Exists ? location.Home : null;
    }

    /// <summary>
    /// Whether a repository has changes a destructive git command would throw away. Asked only for
    /// such commands; when git cannot tell (not a repo, timeout), the answer is "yes" to stay safe.
    /// </summary>
    public static bool HasUncommittedWork(string directory) =>
        Git(directory, "status", "--porcelain") is not { } status || status.Trim().Length > 0;

    /// <summary>The checked-out branch, for a force push that names none; null when git cannot tell (detached, not a repo).</summary>
    public static string? CurrentBranch(string directory) =>
        Git(directory, "rev-parse", "--abbrev-ref", "HEAD")?.Trim() is { Length: > 0 } branch && branch != "HEAD" ? branch : null;

    /// <summary>git's stdout, or null when it failed, timed out (3 s) or is not installed.</summary>
    private static string? Git(string directory, params string[] arguments)
    {
        try
        {
            var info = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            info.ArgumentList.Add("-C");
            info.ArgumentList.Add(directory);
            foreach (var argument in arguments)
            {
                info.ArgumentList.Add(argument);
            }
            using var git = Process.Start(info)!;
            var output = git.StandardOutput.ReadToEndAsync();
            _ = git.StandardError.ReadToEndAsync();
            if (!git.WaitForExit(3_000))
            {
                git.Kill(entireProcessTree: true);
                return null;
            }
            return git.ExitCode == 0 ? output.Result : null;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return null;
        }
    }
}
