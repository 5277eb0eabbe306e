using System.Diagnostics;
using Steward.Core.Homes;
using Steward.Core.Sessions;

namespace Steward.Bench;

/// <summary>The start info the process benchmarks share: all three streams redirected, arguments and environment as given.</summary>
internal static class BenchProcess
{
    public static ProcessStartInfo StartInfo(string file, IEnumerable<string> arguments, IReadOnlyDictionary<string, string> environment, string workingDirectory)
    {
        var info = new ProcessStartInfo(file)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        return info;
    }

    /// <summary>A published daemon serving <paramref name="home"/>; its sessions' Claude Code is /bin/true, so only Steward's own work is timed.</summary>
    public static Process StartDaemon(string steward, AgentHome home)
    {
        var info = StartInfo(steward, ["serve", "--home", home.Root], new Dictionary<string, string> { [SessionSettings.ClaudeEnvironmentVariable] = "/bin/true" }, home.Root);
        var daemon = Process.Start(info)!;
        _ = daemon.StandardOutput.ReadToEndAsync();
        _ = daemon.StandardError.ReadToEndAsync();
        return daemon;
    }
}
