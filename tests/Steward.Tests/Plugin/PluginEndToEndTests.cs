using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Steward.Core.Homes;
using Steward.Testing;
using Steward.Testing.FakeModel;
using Steward.Tests.Hooks;

namespace Steward.Tests.Plugin;

/// <summary>The built bundle inside the real Claude Code CLI: validated, loaded with --plugin-dir, and installed with `steward install`.</summary>
public sealed class PluginEndToEndTests
{
    private const string Remember = "mcp__plugin_steward_steward__memory_remember";
    private const string Search = "mcp__plugin_steward_steward__memory_search";
    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task Claude_plugin_validate_accepts_the_built_bundle()
    {
        var plugin = await BuiltPlugin.DirectoryAsync();
        var claude = await ClaudeCodeCli.EnsureInstalledAsync();
        using var config = new TempDirectory("pv");
        var environment = ClaudeCodeCli.OfflineEnvironment("http://127.0.0.1:9", config.Path);
        environment["HOME"] = config.Path;

        using var validate = ChildProcess.Start(claude, ["plugin", "validate", plugin], config.Path, environment);
        await validate.WaitForExitAsync(TimeSpan.FromMinutes(2));

        Assert.True(validate.ExitCode == 0, validate.Stdout + validate.Stderr);
        Assert.Contains("Validation passed", validate.Stdout, StringComparison.Ordinal);
        Assert.Contains("mcpServers: steward", validate.Stdout, StringComparison.Ordinal);
        Assert.Equal("steward", JsonNode.Parse(File.ReadAllText(Path.Combine(plugin, ".claude-plugin", "plugin.json")))!["name"]!.GetValue<string>());
        Assert.True(File.Exists(Path.Combine(plugin, "bin", "steward")) && File.Exists(Path.Combine(plugin, "bin", "steward-hook")));
        Assert.Equal(9, Directory.GetFiles(Path.Combine(plugin, "skills"), "SKILL.md", SearchOption.AllDirectories).Length);

        foreach (var step in new[] { new[] { "plugin", "marketplace", "add", plugin }, ["plugin", "install", "steward@steward"] })
        {
            using var command = ChildProcess.Start(claude, step, config.Path, environment);
            await command.WaitForExitAsync(TimeSpan.FromMinutes(2));
            Assert.True(command.ExitCode == 0, $"claude {string.Join(' ', step)}: {command.Stdout}{command.Stderr}");
        }
        using var list = ChildProcess.Start(claude, ["plugin", "list"], config.Path, environment);
        await list.WaitForExitAsync(TimeSpan.FromMinutes(2));
        Assert.Contains("steward@steward", list.Stdout, StringComparison.Ordinal);
        Assert.Contains("enabled", list.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Claude_code_loads_the_plugin_and_uses_its_tools_hooks_and_skills()
    {
        var plugin = await BuiltPlugin.DirectoryAsync();
        await using var run = await ClaudeRun.StartAsync(RememberSearchThenDelete);
        HomeInitializer.Initialize(new AgentHome(Path.Combine(run.Project, ".steward")), "Ada");
        var victim = Path.Combine(run.UserHome, "victim");
        Directory.CreateDirectory(victim);
        File.WriteAllText(Path.Combine(victim, "precious.txt"), "keep");

        using var claude = await run.RunAsync("Note the deploy day, check it, then tidy up.", extraArguments: ["--plugin-dir", plugin, "--allowedTools", "Bash", Remember, Search]);

        var init = Events(claude.Stdout).First(e => e["type"]?.GetValue<string>() == "system" && e["subtype"]?.GetValue<string>() == "init");
        var server = init["mcp_servers"]!.AsArray().Single(s => s!["name"]!.GetValue<string>() == "plugin:steward:steward");
        Assert.Equal("connected", server!["status"]!.GetValue<string>());
        var tools = init["tools"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        Assert.Contains(Remember, tools);
        Assert.Contains("mcp__plugin_steward_steward__identity_get", tools);
        var skills = init["skills"]!.AsArray().Select(t => t!.GetValue<string>()).ToList();
        Assert.Contains("steward:steward-memory", skills);
        Assert.Contains("steward:command-guard", skills);

        Assert.Contains("You are **Ada**", run.Model.Requests[0].Body.ToJsonString(Unescaped), StringComparison.Ordinal);
        var searched = run.Model.Requests.Single(r => ToolResultCount(r) == 2).LastToolResults.Single();
        Assert.False(searched.IsError, searched.Text);
        Assert.Contains("Thursdays", searched.Text, StringComparison.Ordinal);
        var guarded = run.Model.Requests.Single(r => ToolResultCount(r) == 3).LastToolResults.Single();
        Assert.Contains("Steward command guard (rm-recursive-critical)", guarded.Text, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(victim, "precious.txt")), "the plugin's guard let `rm -rf ~` run");
    }

    [Fact]
    public async Task Steward_install_wires_a_project_so_plain_claude_uses_the_server_and_the_guard()
    {
        var plugin = await BuiltPlugin.DirectoryAsync();
        await using var run = await ClaudeRun.StartAsync();
        HomeInitializer.Initialize(new AgentHome(Path.Combine(run.Project, ".steward")), "Ada");
        var victim = Path.Combine(run.UserHome, "victim");
        Directory.CreateDirectory(victim);
        using (var install = ChildProcess.Start(Path.Combine(plugin, "bin", "steward"), ["install", "--project", run.Project], run.Project, new Dictionary<string, string?>()))
        {
            await install.WaitForExitAsync(TimeSpan.FromMinutes(1));
            Assert.True(install.ExitCode == 0, install.Stderr);
        }

        using var claude = await run.RunAsync("Who am I, then clean up.\nTOOL_CALL mcp__steward__identity_get {}\nTOOL_CALL Bash {\"command\": \"rm -rf ~\"}",
            extraArguments: ["--allowedTools", "Bash", "mcp__steward__identity_get"]);

        var results = run.Model.Requests.First(r => r.LastToolResults.Count > 0).LastToolResults;
        Assert.Contains(results, r => !r.IsError && r.Text.Contains("You are **Ada**", StringComparison.Ordinal));
        Assert.Contains(results, r => r.Text.Contains("Steward command guard (rm-recursive-critical)", StringComparison.Ordinal));
        Assert.True(Directory.Exists(victim), "the installed guard let `rm -rf ~` run");
    }

    private static ModelReply RememberSearchThenDelete(ModelRequest request) => ToolResultCount(request) switch
    {
        0 => new([new ToolUseBlock(Remember, new JsonObject { ["text"] = "The staging deploy runs on Thursdays at 14:00", ["topic"] = "ops" })]),
        1 => new([new ToolUseBlock(Search, new JsonObject { ["query"] = "staging deploy" })]),
        2 => new([new ToolUseBlock("Bash", new JsonObject { ["command"] = "rm -rf ~" })]),
        _ => ModelReply.Text("done"),
    };

    private static int ToolResultCount(ModelRequest request) =>
        request.Messages.SelectMany(m => m?["content"] as JsonArray ?? []).Count(b => b?["type"]?.GetValue<string>() == "tool_result");

    private static IEnumerable<JsonNode> Events(string stdout) =>
        stdout.Split('\n').Where(line => line.StartsWith('{')).Select(line => JsonNode.Parse(line)!);
}
