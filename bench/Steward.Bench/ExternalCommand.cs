using System.Diagnostics;

namespace Steward.Bench;

internal static class ExternalCommand
{
    /// <summary>Runs a preparation step (publish, npm ci); its output goes to stderr so results stay readable.</summary>
    public static async Task RunAsync(string fileName, string workingDirectory, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{fileName} {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }
    }
}
