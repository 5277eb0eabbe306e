using System.Text.Json.Nodes;
using Steward.Testing;
using Steward.Testing.FakeModel;

namespace Steward.Tests.Hooks;

/// <summary>
/// One real `claude -p` run, offline against the fake model, with Steward's hook executable
/// registered in a settings file — the way a user's project would register it.
/// </summary>
internal sealed class ClaudeRun : IAsyncDisposable
{
    private readonly TempDirectory _directory = new("cch");

    private ClaudeRun(FakeMessagesApi model)
    {
        Model = model;
        Directory.CreateDirectory(UserHome);
        Directory.CreateDirectory(Project);
        Directory.CreateDirectory(ConfigDirectory);
    }

    public FakeMessagesApi Model { get; }

    public string UserHome => _directory.Combine("home");

    public string Project => _directory.Combine("project");

    public string ConfigDirectory => _directory.Combine("claude-config");

    public string SettingsPath => _directory.Combine("settings.json");

    public static async Task<ClaudeRun> StartAsync(Func<ModelRequest, ModelReply>? responder = null) => new(await FakeMessagesApi.StartAsync(responder));

    /// <summary>Registers steward-hook for the events Steward's plugin uses.</summary>
    public void RegisterHooks()
    {
        JsonObject Hook(string name) => new() { ["type"] = "command", ["command"] = $"dotnet {BuiltArtifacts.HookDll} {name}", ["timeout"] = 30 };
        JsonArray Entry(string? matcher, string name)
        {
            var entry = new JsonObject { ["hooks"] = new JsonArray(Hook(name)) };
            if (matcher is not null)
            {
                entry["matcher"] = matcher;
            }
            return new JsonArray(entry);
        }
        var preToolUse = Entry("Bash", "command-guard");
        preToolUse.Add(new JsonObject { ["matcher"] = "Bash|Read", ["hooks"] = new JsonArray(Hook("credential-scan")) });
        var settings = new JsonObject
        {
            ["hooks"] = new JsonObject
            {
                ["PreToolUse"] = preToolUse,
                ["PostToolUse"] = Entry("Bash|Read|Grep|WebFetch|mcp__.*", "credential-scan"),
                ["SessionStart"] = Entry(null, "identity"),
                ["UserPromptSubmit"] = Entry(null, "identity"),
            },
        };
        File.WriteAllText(SettingsPath, settings.ToJsonString());
    }

    /// <summary>Runs `claude -p` in the project: with the settings file when hooks were registered, plus <paramref name="extraArguments"/>.</summary>
    public async Task<ChildProcess> RunAsync(string prompt, IReadOnlyDictionary<string, string?>? extraEnvironment = null, IReadOnlyList<string>? extraArguments = null)
    {
        var claude = await ClaudeCodeCli.EnsureInstalledAsync();
        var environment = ClaudeCodeCli.OfflineEnvironment(Model.BaseUrl, ConfigDirectory);
        environment["HOME"] = UserHome;
        environment["CLAUDE_PROJECT_DIR"] = null;
        foreach (var (key, value) in extraEnvironment ?? new Dictionary<string, string?>())
        {
            environment[key] = value;
        }
        List<string> arguments = ["-p", prompt, "--output-format", "stream-json", "--verbose", "--max-turns", "6"];
        if (File.Exists(SettingsPath))
        {
            arguments.AddRange(["--settings", SettingsPath]);
        }
        arguments.AddRange(extraArguments ?? ["--allowedTools", "Bash"]);
        var process = ChildProcess.Start(claude, arguments, Project, environment);
        await process.WaitForExitAsync(TimeSpan.FromMinutes(2));
        return process;
    }

    public async ValueTask DisposeAsync()
    {
        await Model.DisposeAsync();
        _directory.Dispose();
    }
}
