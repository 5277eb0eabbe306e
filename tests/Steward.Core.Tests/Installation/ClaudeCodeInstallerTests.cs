using System.Text.Json.Nodes;
using Steward.Core.Installation;

namespace Steward.Core.Tests.Installation;

/// <summary>steward install / uninstall against real files, with the repository's own hooks.json and .mcp.json as the bundle.</summary>
public sealed class ClaudeCodeInstallerTests : IDisposable
{
    private const string UserSettings = "{\n    \"permissions\": {\"allow\": [\"Bash(npm test)\"]},\n    \"hooks\": {\"PreToolUse\": [{\"matcher\": \"Bash\", \"hooks\": [{\"type\": \"command\", \"command\": \"my-guard\"}]}]}\n}\n";
    private const string UserMcp = "{\"mcpServers\": {\"other\": {\"command\": \"other-server\", \"args\": [\"--x\"]}}}";

    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("installer-");

    private string Project => Path.Combine(_root.FullName, "project");

    private string SettingsPath => Path.Combine(Project, ".claude", "settings.json");

    private string McpPath => Path.Combine(Project, ".mcp.json");

    public ClaudeCodeInstallerTests() => Directory.CreateDirectory(Project);

    public void Dispose() => _root.Delete(recursive: true);

    private PluginBundle Bundle(string name = "bundle")
    {
        var bundle = Path.Combine(_root.FullName, name);
        var repository = RepositoryRoot();
        Directory.CreateDirectory(Path.Combine(bundle, "bin"));
        Directory.CreateDirectory(Path.Combine(bundle, "hooks"));
        File.WriteAllText(Path.Combine(bundle, "bin", "steward-hook"), "");
        File.Copy(Path.Combine(repository, "hooks", "hooks.json"), Path.Combine(bundle, "hooks", "hooks.json"), overwrite: true);
        File.Copy(Path.Combine(repository, "plugin", "mcp.json"), Path.Combine(bundle, ".mcp.json"), overwrite: true);
        return PluginBundle.Load(bundle);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Mcp.sln")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new InvalidOperationException("repository root not found");
    }

    private void WriteUserFiles()
    {
        Directory.CreateDirectory(Path.GetDirectoryName(SettingsPath)!);
        File.WriteAllText(SettingsPath, UserSettings);
        File.WriteAllText(McpPath, UserMcp);
    }

    private static JsonObject Json(string path) => JsonNode.Parse(File.ReadAllText(path))!.AsObject();

    private static IEnumerable<string> Commands(JsonObject settings, string eventName) =>
        (settings["hooks"]![eventName] as JsonArray ?? []).SelectMany(g => g!["hooks"]!.AsArray()).Select(h => h!["command"]!.GetValue<string>());

    [Fact]
    public void Install_keeps_the_users_entries_rerunning_changes_nothing_and_uninstall_restores_every_byte()
    {
        WriteUserFiles();
        var bundle = Bundle();
        var target = InstallTarget.Project(Project);

        ClaudeCodeInstaller.Install(bundle, target);
        var settings = Json(SettingsPath);
        var mcp = Json(McpPath);
        var afterFirst = (File.ReadAllText(SettingsPath), File.ReadAllText(McpPath), File.ReadAllText(target.RecordPath));
        var second = ClaudeCodeInstaller.Install(bundle, target);

        Assert.Contains("my-guard", Commands(settings, "PreToolUse"));
        Assert.Contains($"\"{bundle.Root}/bin/steward-hook\" command-guard", Commands(settings, "PreToolUse"));
        Assert.Single(Commands(settings, "SessionStart"));
        Assert.Equal("Bash|Read|Grep|WebFetch|mcp__steward__.*", settings["hooks"]!["PostToolUse"]![0]!["matcher"]!.GetValue<string>());
        Assert.Equal("Bash(npm test)", settings["permissions"]!["allow"]![0]!.GetValue<string>());
        Assert.Equal(["steward"], settings["enabledMcpjsonServers"]!.AsArray().Select(s => s!.GetValue<string>()));
        Assert.Equal("other-server", mcp["mcpServers"]!["other"]!["command"]!.GetValue<string>());
        Assert.Equal($"{bundle.Root}/bin/steward", mcp["mcpServers"]!["steward"]!["command"]!.GetValue<string>());
        Assert.Contains(second, line => line.StartsWith("Nothing changed", StringComparison.Ordinal));
        Assert.Equal(afterFirst, (File.ReadAllText(SettingsPath), File.ReadAllText(McpPath), File.ReadAllText(target.RecordPath)));

        ClaudeCodeInstaller.Uninstall(target);

        Assert.Equal(UserSettings, File.ReadAllText(SettingsPath));
        Assert.Equal(UserMcp, File.ReadAllText(McpPath));
        Assert.False(File.Exists(target.RecordPath));
    }

    [Fact]
    public void On_a_bare_project_uninstall_leaves_no_trace()
    {
        var target = InstallTarget.Project(Project);

        ClaudeCodeInstaller.Install(Bundle(), target);
        Assert.True(File.Exists(SettingsPath) && File.Exists(McpPath));
        ClaudeCodeInstaller.Uninstall(target);

        Assert.Empty(Directory.EnumerateFileSystemEntries(Project));
    }

    [Fact]
    public void Entries_the_user_added_after_install_survive_uninstall()
    {
        WriteUserFiles();
        var target = InstallTarget.Project(Project);
        ClaudeCodeInstaller.Install(Bundle(), target);
        var settings = Json(SettingsPath);
        settings["hooks"]!["Stop"] = JsonNode.Parse("""[{"hooks": [{"type": "command", "command": "notify-me"}]}]""");
        File.WriteAllText(SettingsPath, settings.ToJsonString());

        var report = ClaudeCodeInstaller.Uninstall(target);

        var after = Json(SettingsPath);
        Assert.Equal(["my-guard"], Commands(after, "PreToolUse"));
        Assert.Equal(["notify-me"], Commands(after, "Stop"));
        Assert.Null(after["hooks"]!["SessionStart"]);
        Assert.Null(after["enabledMcpjsonServers"]);
        Assert.Contains(report, line => line.Contains("edited since install", StringComparison.Ordinal));
        Assert.Equal(UserMcp, File.ReadAllText(McpPath));
    }

    [Fact]
    public void Installing_from_a_moved_bundle_replaces_the_old_entries_instead_of_doubling_them()
    {
        var target = InstallTarget.Project(Project);
        ClaudeCodeInstaller.Install(Bundle("old"), target);

        var moved = Bundle("new");
        ClaudeCodeInstaller.Install(moved, target);

        var settings = Json(SettingsPath);
        Assert.Equal([$"\"{moved.Root}/bin/steward-hook\" command-guard", $"\"{moved.Root}/bin/steward-hook\" credential-scan"], Commands(settings, "PreToolUse"));
        Assert.Equal($"{moved.Root}/bin/steward", Json(McpPath)["mcpServers"]!["steward"]!["command"]!.GetValue<string>());
        ClaudeCodeInstaller.Uninstall(target);
        Assert.Empty(Directory.EnumerateFileSystemEntries(Project));
    }

    [Theory]
    [InlineData("{ \"hooks\": ", "not valid JSON")]
    [InlineData("[1, 2]", "must hold a JSON object")]
    [InlineData("{ \"hooks\": [] }", "\"hooks\" is not a JSON object")]
    [InlineData("{ \"hooks\": { \"PreToolUse\": {} } }", "\"PreToolUse\" is not a JSON array")]
    public void A_settings_file_steward_cannot_read_stops_the_install_before_anything_is_written(string content, string expected)
    {
        WriteUserFiles();
        File.WriteAllText(SettingsPath, content);
        var target = InstallTarget.Project(Project);

        var error = Assert.Throws<StewardException>(() => ClaudeCodeInstaller.Install(Bundle(), target));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(content, File.ReadAllText(SettingsPath));
        Assert.Equal(UserMcp, File.ReadAllText(McpPath));
        Assert.False(File.Exists(target.RecordPath));
    }

    [Fact]
    public void A_server_named_steward_that_someone_else_added_is_not_overwritten()
    {
        WriteUserFiles();
        const string Foreign = "{\"mcpServers\": {\"steward\": {\"command\": \"/opt/other/steward\"}}}";
        File.WriteAllText(McpPath, Foreign);

        var error = Assert.Throws<StewardException>(() => ClaudeCodeInstaller.Install(Bundle(), InstallTarget.Project(Project)));

        Assert.Contains("did not add", error.Message, StringComparison.Ordinal);
        Assert.Equal(Foreign, File.ReadAllText(McpPath));
        Assert.Equal(UserSettings, File.ReadAllText(SettingsPath));
    }

    [Fact]
    public void The_user_scope_writes_settings_and_the_claude_state_file_in_the_config_directory()
    {
        var config = Path.Combine(_root.FullName, "claude-config");
        Directory.CreateDirectory(config);
        const string State = "{\"numStartups\": 3, \"projects\": {\"/x\": {}}}";
        File.WriteAllText(Path.Combine(config, ".claude.json"), State);
        var target = InstallTarget.User(Path.Combine(_root.FullName, "home"), config);

        ClaudeCodeInstaller.Install(Bundle(), target);
        var state = Json(Path.Combine(config, ".claude.json"));
        var settings = Json(Path.Combine(config, "settings.json"));
        ClaudeCodeInstaller.Uninstall(target);

        Assert.Equal(3, state["numStartups"]!.GetValue<int>());
        Assert.NotNull(state["mcpServers"]!["steward"]);
        Assert.Null(settings["enabledMcpjsonServers"]);
        Assert.Equal(State, File.ReadAllText(Path.Combine(config, ".claude.json")));
        Assert.False(File.Exists(Path.Combine(config, "settings.json")));
    }

    [Fact]
    public void Uninstall_without_an_install_changes_nothing()
    {
        WriteUserFiles();

        var report = ClaudeCodeInstaller.Uninstall(InstallTarget.Project(Project));

        Assert.Contains("not installed", Assert.Single(report), StringComparison.Ordinal);
        Assert.Equal(UserSettings, File.ReadAllText(SettingsPath));
    }

    [Fact]
    public void A_directory_that_is_not_a_bundle_is_named_in_the_error()
    {
        var error = Assert.Throws<StewardException>(() => PluginBundle.Load(Project));

        Assert.Contains("plugin/build.sh", error.Message, StringComparison.Ordinal);
        Assert.Contains(Project, error.Message, StringComparison.Ordinal);
    }
}
