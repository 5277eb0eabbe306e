using System.Text.Json.Nodes;
using Steward.Core.Sessions;

namespace Steward.Core.Tests.Sessions;

public sealed class ClaudeLaunchTests : IDisposable
{
    private readonly TestHome _test = new("Ada");

    private static SessionSettings Settings(string? pluginDirectory = null, string? permissionMode = null) => new(
        "Ada", "/bin/true", ["mcp__steward", "Read"], permissionMode, pluginDirectory, 4,
        TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(120), 50, ["/usr/bin/dotnet", "/opt/steward/steward.dll"]);

    private static SessionRecord Session(string? model = "sonnet") => new(
        "fixer", "5d9c6b2e-1111-4222-8333-944455556666", SessionStatus.Queued, "do it", model, "/tmp", 7, "job:nightly", "the build broke",
        DateTimeOffset.UtcNow, null, null, null, null, null, false, 0, 0, 0, 0, null, null, null, null);

    private static List<string> Arguments(System.Diagnostics.ProcessStartInfo info) => info.ArgumentList.ToList();

    private static string After(List<string> arguments, string flag) => arguments[arguments.IndexOf(flag) + 1];

    [Fact]
    public void A_new_session_runs_headless_stream_json_with_its_id_limits_and_steward()
    {
        var info = ClaudeLaunch.Build(Session(), resume: false, Settings(permissionMode: "acceptEdits"), _test.Home);
        var arguments = Arguments(info);

        Assert.Equal("/bin/true", arguments[0]);
        Assert.EndsWith("setsid", info.FileName, StringComparison.Ordinal);
        Assert.Equal(["-p", "--output-format", "stream-json", "--verbose", "--input-format", "stream-json"], arguments.Skip(1).Take(6));
        Assert.Equal("5d9c6b2e-1111-4222-8333-944455556666", After(arguments, "--session-id"));
        Assert.DoesNotContain("--resume", arguments);
        Assert.Equal("7", After(arguments, "--max-turns"));
        Assert.Equal("sonnet", After(arguments, "--model"));
        Assert.Equal("acceptEdits", After(arguments, "--permission-mode"));
        Assert.Equal("mcp__steward,Read", After(arguments, "--allowedTools"));
        Assert.Contains("job:nightly because: the build broke", After(arguments, "--append-system-prompt"), StringComparison.Ordinal);
        Assert.DoesNotContain("do it", arguments);
        var server = JsonNode.Parse(After(arguments, "--mcp-config"))!["mcpServers"]!["steward"]!;
        Assert.Equal("/usr/bin/dotnet", server["command"]!.GetValue<string>());
        Assert.Equal(["/opt/steward/steward.dll", "mcp"], server["args"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(_test.Home.Root, server["env"]!["STEWARD_HOME"]!.GetValue<string>());
        Assert.Equal("/tmp", info.WorkingDirectory);
        Assert.Equal("fixer", info.Environment["STEWARD_SESSION"]);
        Assert.False(info.Environment.ContainsKey("CLAUDECODE"));
    }

    [Fact]
    public void A_resume_uses_resume_and_a_plugin_replaces_the_mcp_config()
    {
        var arguments = Arguments(ClaudeLaunch.Build(Session(model: null), resume: true, Settings(pluginDirectory: "/opt/steward/plugin"), _test.Home));

        Assert.Equal("5d9c6b2e-1111-4222-8333-944455556666", After(arguments, "--resume"));
        Assert.DoesNotContain("--session-id", arguments);
        Assert.DoesNotContain("--model", arguments);
        Assert.Equal("/opt/steward/plugin", After(arguments, "--plugin-dir"));
        Assert.DoesNotContain("--mcp-config", arguments);
    }

    [Fact]
    public void A_missing_claude_names_the_npm_package()
    {
        var settings = Settings() with { ClaudeCommand = "claude-that-is-not-installed" };

        var error = Assert.Throws<StewardException>(() => ClaudeLaunch.Build(Session(), false, settings, _test.Home));

        Assert.Contains("npm install -g @anthropic-ai/claude-code", error.Message, StringComparison.Ordinal);
        Assert.Contains("STEWARD_CLAUDE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_user_turn_is_one_stream_json_line()
    {
        var line = ClaudeLaunch.UserMessage("hello\n\"world\"");

        Assert.DoesNotContain('\n', line);
        var message = JsonNode.Parse(line)!;
        Assert.Equal("user", message["type"]!.GetValue<string>());
        Assert.Equal("hello\n\"world\"", message["message"]!["content"]!.GetValue<string>());
    }

    public void Dispose() => _test.Dispose();
}
