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
    public static bool HasUncommittedWork(string directory)
    {
        try
        {
            var info = new ProcessStartInfo("git") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in new[] { "-C", directory, "status", "--porcelain" })
            {
                info.ArgumentList.Add(argument);
            }
            using var git = Process.Start(info)!;
            var output = git.StandardOutput.ReadToEndAsync();
            if (!git.WaitForExit(3_000))
            {
                git.Kill(entireProcessTree: true);
                return true;
            }
            return git.ExitCode != 0 || output.Result.Trim().Length > 0;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return true;
        }
    }
}
