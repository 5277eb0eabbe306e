using System.Text.Encodings.Web;
using System.Text.Json;
using Steward.Core.Homes;

namespace Steward.Tests.Hooks;

/// <summary>steward-hook inside the real Claude Code CLI: the guard really stops a command, the scanner's reason and the identity really reach the model.</summary>
public sealed class HookEndToEndTests
{
    // The hook reason reaches the model inside JSON; compare it with "…" unescaped.
    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    [Fact]
    public async Task A_dangerous_command_does_not_run_and_the_reason_reaches_the_model()
    {
        await using var run = await ClaudeRun.StartAsync();
        run.RegisterHooks();
        var victim = Path.Combine(run.UserHome, "victim");
        Directory.CreateDirectory(victim);
        File.WriteAllText(Path.Combine(victim, "precious.txt"), "do not delete");
        File.WriteAllText(Path.Combine(run.Project, "control.txt"), "");

        using var claude = await run.RunAsync("Clean up.\nTOOL_CALL Bash {\"command\": \"rm -rf ~\"}");

        Assert.True(File.Exists(Path.Combine(victim, "precious.txt")), "the guard let `rm -rf ~` run");
        var followUp = run.Model.Requests.First(r => r.LastToolResults.Count > 0);
        var result = Assert.Single(followUp.LastToolResults);
        Assert.True(result.IsError);
        Assert.Contains("Steward command guard (rm-recursive-critical)", result.Text, StringComparison.Ordinal);
        Assert.Equal(0, claude.ExitCode);
    }

    [Fact]
    public async Task A_safe_command_runs_untouched()
    {
        await using var run = await ClaudeRun.StartAsync();
        run.RegisterHooks();
        var build = Path.Combine(run.Project, "build");
        Directory.CreateDirectory(build);

        await run.RunAsync("Tidy.\nTOOL_CALL Bash {\"command\": \"rm -rf ./build && echo tidied\"}");

        Assert.False(Directory.Exists(build));
        var result = Assert.Single(run.Model.Requests.First(r => r.LastToolResults.Count > 0).LastToolResults);
        Assert.False(result.IsError);
        Assert.Contains("tidied", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_credential_in_bash_output_is_flagged_to_the_model_masked()
    {
        await using var run = await ClaudeRun.StartAsync();
        run.RegisterHooks();
        const string Key = "AKIAZ7QXW3RB4TYU2PLM";

        await run.RunAsync($"Show the config.\nTOOL_CALL Bash {{\"command\": \"echo aws_access_key_id={Key}\"}}");

        var followUp = run.Model.Requests.First(r => r.LastToolResults.Count > 0);
        var everything = string.Join("\n", followUp.ConversationTexts) + followUp.Body.ToJsonString(Unescaped);
        Assert.Contains("Steward credential scan", everything, StringComparison.Ordinal);
        Assert.Contains("AKIA…", everything, StringComparison.Ordinal);
        var reasonStart = everything.IndexOf("Steward credential scan", StringComparison.Ordinal);
        Assert.DoesNotContain(Key, everything[reasonStart..Math.Min(everything.Length, reasonStart + 600)], StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_session_start_identity_reaches_the_first_model_request()
    {
        await using var run = await ClaudeRun.StartAsync();
        run.RegisterHooks();
        var home = new AgentHome(Path.Combine(run.Project, ".steward"));
        HomeInitializer.Initialize(home, "Ada");
        File.WriteAllText(Path.Combine(home.Root, "USER.md"), "# Grace\nLikes short answers.\n");

        await run.RunAsync("REPLY hello", new Dictionary<string, string?> { ["STEWARD_HOME"] = home.Root });

        var first = run.Model.Requests[0].Body.ToJsonString();
        Assert.Contains("You are **Ada**", first, StringComparison.Ordinal);
        Assert.Contains("Likes short answers.", first, StringComparison.Ordinal);
        Assert.Contains("Local time:", first, StringComparison.Ordinal);
    }
}
