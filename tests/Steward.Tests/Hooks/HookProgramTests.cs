using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Steward.Hooks;
using Steward.Testing;

namespace Steward.Tests.Hooks;

/// <summary>steward-hook's contract, in process, with the real stdin Claude Code sends (captured samples).</summary>
public sealed class HookProgramTests : IDisposable
{
    private readonly TempDirectory _directory = new("hk");

    private static JsonObject Sample(string name) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestData", "hook-samples", name)))!.AsObject();

    private static (int Code, string Stdout, string Stderr) Run(string hook, string stdin)
    {
        using var output = new MemoryStream();
        using var error = new StringWriter();
        var code = HookProgram.Run([hook], new MemoryStream(Encoding.UTF8.GetBytes(stdin)), output, error);
        return (code, Encoding.UTF8.GetString(output.ToArray()), error.ToString());
    }

    private JsonObject BashEvent(string command)
    {
        var sample = Sample("PreToolUse__Bash.json");
        sample["tool_input"]!["command"] = command;
        sample["cwd"] = _directory.Path;
        return sample;
    }

    [Fact]
    public void The_guard_denies_with_the_contracts_json_and_exit_0()
    {
        var (code, stdout, _) = Run("command-guard", BashEvent("rm -rf /").ToJsonString());

        Assert.Equal(0, code);
        var output = JsonNode.Parse(stdout)!["hookSpecificOutput"]!;
        Assert.Equal("PreToolUse", output["hookEventName"]!.GetValue<string>());
        Assert.Equal("deny", output["permissionDecision"]!.GetValue<string>());
        Assert.StartsWith("Steward command guard (rm-recursive-critical)", output["permissionDecisionReason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public void An_allowed_command_prints_nothing_so_claude_codes_own_permissions_still_apply()
    {
        var (code, stdout, _) = Run("command-guard", BashEvent("dotnet test").ToJsonString());

        Assert.Equal(0, code);
        Assert.Equal("", stdout);
    }

    [Fact]
    public async Task A_lease_force_push_of_the_current_branch_depends_on_which_branch_git_has_checked_out()
    {
        async Task Git(params string[] arguments)
        {
            using var git = ChildProcess.Start("git", arguments, _directory.Path, new Dictionary<string, string?>
            {
                ["GIT_AUTHOR_NAME"] = "t", ["GIT_AUTHOR_EMAIL"] = "t@example.com", ["GIT_COMMITTER_NAME"] = "t", ["GIT_COMMITTER_EMAIL"] = "t@example.com",
            });
            await git.WaitForExitAsync(TimeSpan.FromSeconds(30));
            Assert.True(git.ExitCode == 0, $"git {string.Join(' ', arguments)}: {git.Stderr}");
        }
        await Git("init", "-q", "-b", "feature/login");
        await Git("commit", "-q", "--allow-empty", "-m", "start");

        var onFeature = Run("command-guard", BashEvent("git push --force-with-lease").ToJsonString());
        await Git("checkout", "-q", "-b", "main");
        var onMain = Run("command-guard", BashEvent("git push --force-with-lease").ToJsonString());

        Assert.Equal("", onFeature.Stdout);
        Assert.Equal("deny", JsonNode.Parse(onMain.Stdout)!["hookSpecificOutput"]!["permissionDecision"]!.GetValue<string>());
        Assert.Contains("main", JsonNode.Parse(onMain.Stdout)!["hookSpecificOutput"]!["permissionDecisionReason"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not json at all")]
    [InlineData("")]
    [InlineData("{\"tool_name\": \"Bash\", \"tool_input\": {}}")]
    public void The_guard_fails_closed_on_input_it_cannot_read(string stdin)
    {
        var (code, stdout, stderr) = Run("command-guard", stdin);

        Assert.Equal(0, code);
        Assert.Equal("deny", JsonNode.Parse(stdout)!["hookSpecificOutput"]!["permissionDecision"]!.GetValue<string>());
        Assert.NotEqual("", stderr);
    }

    [Fact]
    public void The_scanner_flags_a_bash_result_and_never_prints_the_secret()
    {
        var sample = Sample("PostToolUse__Bash.json");
        sample["tool_response"]!["stdout"] = "token: ghp_" + "a1b2c3d4e5f6g7h8i9j0k1l2m3n4o5p6q7r8";
        sample["tool_response"]!["stdout"] = "config:\naws_access_key_id = AKIAZ7QXW3RB4TYU2PLM\n";

        var (code, stdout, _) = Run("credential-scan", sample.ToJsonString());

        Assert.Equal(0, code);
        var output = JsonNode.Parse(stdout)!;
        Assert.Equal("block", output["decision"]!.GetValue<string>());
        Assert.Contains("AKIA…", output["reason"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("AKIAZ7QXW3RB4TYU2PLM", stdout, StringComparison.Ordinal);
        Assert.Null(output["hookSpecificOutput"]);
    }

    [Fact]
    public void The_scanner_redacts_an_mcp_tool_result_keeping_its_shape()
    {
        var sample = Sample("PostToolUse__mcp__everything__echo.json");
        sample["tool_response"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = "key AKIAZ7QXW3RB4TYU2PLM here" });

        var (_, stdout, _) = Run("credential-scan", sample.ToJsonString());

        var updated = JsonNode.Parse(stdout)!["hookSpecificOutput"]!["updatedMCPToolOutput"]!.AsArray();
        Assert.Equal("text", updated[0]!["type"]!.GetValue<string>());
        Assert.Contains("[REDACTED:", updated[0]!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("AKIAZ7QXW3RB4TYU2PLM", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public void A_clean_result_prints_nothing()
    {
        var (code, stdout, _) = Run("credential-scan", Sample("PostToolUse__Bash.json").ToJsonString());

        Assert.Equal(0, code);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void Reading_a_secret_file_asks_first()
    {
        File.WriteAllText(Path.Combine(_directory.Path, ".env"), "API_KEY=abc\n");

        var (_, stdout, _) = Run("credential-scan", BashEvent("cat .env").ToJsonString());

        Assert.Equal("ask", JsonNode.Parse(stdout)!["hookSpecificOutput"]!["permissionDecision"]!.GetValue<string>());
    }

    [Fact]
    public void An_unknown_hook_name_is_a_usage_error()
    {
        Assert.Equal(64, Run("everything", "{}").Code);
    }

    public void Dispose() => _directory.Dispose();
}
