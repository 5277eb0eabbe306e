using Steward.Testing;

namespace Steward.Tests.Plugin;

/// <summary>
/// The plugin bundle as users get it: plugin/build.sh run once per test process (two ReadyToRun
/// publishes), into a temporary folder that is removed when the process exits.
/// </summary>
internal static class BuiltPlugin
{
    private static readonly Lazy<Task<string>> Build = new(BuildAsync);

    public static Task<string> DirectoryAsync() => Build.Value;

    private static async Task<string> BuildAsync()
    {
        var output = Path.Combine(Path.GetTempPath(), $"steward-plugin-{Environment.ProcessId}", "steward");
        AppDomain.CurrentDomain.ProcessExit += (_, _) =>
        {
            try
            {
                Directory.Delete(Path.GetDirectoryName(output)!, recursive: true);
            }
            catch (IOException)
            {
            }
        };
        using var build = ChildProcess.Start("bash", [Path.Combine(BuiltArtifacts.RepositoryRoot, "plugin", "build.sh"), "--out", output],
            BuiltArtifacts.RepositoryRoot, new Dictionary<string, string?>());
        await build.WaitForExitAsync(TimeSpan.FromMinutes(10));
        if (build.ExitCode != 0)
        {
            throw new InvalidOperationException($"plugin/build.sh failed ({build.ExitCode}):\n{build.Stderr}");
        }
        return output;
    }
}
