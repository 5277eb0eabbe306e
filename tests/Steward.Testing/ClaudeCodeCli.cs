using System.Diagnostics;

namespace Steward.Testing;

/// <summary>
/// The real Claude Code CLI for end-to-end tests, installed with npm into tests/claude-code on first
/// use (package.json + package-lock pin the version). A failed install fails the test; it never skips.
/// </summary>
public static class ClaudeCodeCli
{
    public const string Version = "2.1.330";

    private static readonly SemaphoreSlim InstallGate = new(1, 1);

    public static string Folder => Path.Combine(BuiltArtifacts.RepositoryRoot, "tests", "claude-code");

    public static string Executable => Path.Combine(Folder, "node_modules", ".bin", "claude");

    public static async Task<string> EnsureInstalledAsync()
    {
        await InstallGate.WaitAsync();
        try
        {
            // Several test processes may install at once; the lock file keeps it to one.
            using var lockFile = await AcquireLockAsync(Path.Combine(Folder, ".install.lock"));
            if (await InstalledVersionAsync() != Version)
            {
                await RunAsync("npm", "ci", "--no-audit", "--no-fund");
                var version = await InstalledVersionAsync();
                if (version != Version)
                {
                    throw new InvalidOperationException($"npm ci finished but {Executable} reports '{version}', not {Version}.");
                }
            }
            return Executable;
        }
        finally
        {
            InstallGate.Release();
        }
    }

    /// <summary>The environment that runs the CLI offline against a fake model endpoint, with no credentials and no outside traffic.</summary>
    public static Dictionary<string, string?> OfflineEnvironment(string modelBaseUrl, string configDirectory) => new()
    {
        ["ANTHROPIC_BASE_URL"] = modelBaseUrl,
        ["ANTHROPIC_API_KEY"] = "sk-ant-test-offline",
        ["CLAUDE_CONFIG_DIR"] = configDirectory,
        ["DISABLE_AUTOUPDATER"] = "1",
        ["DISABLE_TELEMETRY"] = "1",
        ["DISABLE_ERROR_REPORTING"] = "1",
        ["CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC"] = "1",
        ["ENABLE_TOOL_SEARCH"] = "false",
        // A broken fake answer should fail a test fast, not after minutes of retries.
        ["CLAUDE_CODE_MAX_RETRIES"] = "0",
        ["CLAUDECODE"] = null,
    };

    private static async Task<string?> InstalledVersionAsync()
    {
        if (!File.Exists(Executable))
        {
            return null;
        }
        var info = new ProcessStartInfo(Executable, "--version") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output.Split(' ', 2)[0].Trim();
    }

    private static async Task RunAsync(string fileName, params string[] arguments)
    {
        var info = new ProcessStartInfo(fileName) { WorkingDirectory = Folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        Process process;
        try
        {
            process = Process.Start(info)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Cannot run {fileName} to install @anthropic-ai/claude-code@{Version}: {e.Message}. Install node and npm.", e);
        }
        using (process)
        {
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"Installing @anthropic-ai/claude-code@{Version} failed ({fileName} {string.Join(' ', arguments)} exited {process.ExitCode}):\n{await stdout}\n{await stderr}");
            }
        }
    }

    private static async Task<FileStream> AcquireLockAsync(string path)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (true)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
            }
            catch (IOException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(200);
            }
        }
    }
}
