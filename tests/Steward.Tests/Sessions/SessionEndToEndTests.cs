using System.Text.Json.Nodes;
using Steward.Core.Commands;
using Steward.Core.Sessions;
using Steward.Core.Usage;
using Steward.Testing;

namespace Steward.Tests.Sessions;

/// <summary>Background sessions through the real daemon and the real Claude Code CLI, offline against the fake model.</summary>
public sealed class SessionEndToEndTests
{
    private static async Task<CommandSubmission> SpawnAsync(SessionDaemonFixture fixture, string name, string prompt)
    {
        var (_, command) = fixture.Services.SessionRequests.RequestSpawn(name, prompt, null, fixture.Project, null, "test", null, fixture.Project);
        return await fixture.Services.Submitter.SubmitAsync(command, TimeSpan.FromSeconds(30));
    }

    private static async Task<CommandSubmission> SendAsync(SessionDaemonFixture fixture, string name, string text)
    {
        var command = fixture.Services.SessionRequests.RequestSend(name, text, "test");
        return await fixture.Services.Submitter.SubmitAsync(command, TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task A_session_runs_two_turns_goes_idle_and_takes_a_third_in_the_same_process()
    {
        await using var fixture = await SessionDaemonFixture.StartAsync();

        var spawn = await SpawnAsync(fixture, "two-turns", "Check who you are.\nTOOL_CALL mcp__steward__identity_get {}");
        Assert.True(spawn.Succeeded, spawn.Command.Error);
        await fixture.WaitForStatusAsync("two-turns", SessionStatus.Idle);

        var afterFirst = fixture.Session("two-turns");
        Assert.Equal(2, afterFirst.Turns);
        Assert.True(afterFirst.ConversationStarted);
        var pid = JsonNode.Parse(spawn.Command.Result!)!["pid"]!.GetValue<int>();
        // The second model turn saw the tool's output: Steward's MCP server was available in the session.
        Assert.Contains("# Ada", afterFirst.LastResult, StringComparison.Ordinal);

        var send = await SendAsync(fixture, "two-turns", "REPLY third turn done");
        Assert.True(send.Succeeded, send.Command.Error);
        Assert.False(JsonNode.Parse(send.Command.Result!)!["resumed"]!.GetValue<bool>());
        Assert.Equal(pid, JsonNode.Parse(send.Command.Result!)!["pid"]!.GetValue<int>());
        await Eventually.TrueAsync(() => fixture.Session("two-turns").Turns == 3, TimeSpan.FromSeconds(60), "the third turn was recorded");
        await fixture.WaitForStatusAsync("two-turns", SessionStatus.Idle);

        var session = fixture.Session("two-turns");
        Assert.Equal("third turn done", session.LastResult);
        Assert.True(session.CostUsd > 0);
        Assert.True(session.InputTokens > 0);
        var usage = fixture.Services.Usage.ForSource(UsageLedger.SessionSource, "two-turns");
        Assert.Equal(2, usage.Count);
        Assert.Equal(session.CostUsd, usage.Sum(u => u.CostUsd), 6);

        var transcript = fixture.Transcript("two-turns");
        foreach (var expected in new[] { "\"subtype\":\"init\"", "\"name\":\"mcp__steward__identity_get\"", "\"type\":\"tool_result\"", "\"type\":\"result\"", "\"event\":\"spawned\"", "third turn done" })
        {
            Assert.Contains(expected, transcript, StringComparison.Ordinal);
        }
        var lines = transcript.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.All(lines, line => JsonNode.Parse(line));
        Assert.Equal(2, lines.Count(l => l.Contains("\"type\":\"result\"", StringComparison.Ordinal)));

        var items = TranscriptReader.LastItems(TranscriptFile.PathFor(fixture.Home, "two-turns"), 50);
        Assert.Contains(items, i => i.StartsWith("→ mcp__steward__identity_get", StringComparison.Ordinal));
        Assert.Contains(items, i => i.StartsWith("[result success", StringComparison.Ordinal) && i.EndsWith("third turn done", StringComparison.Ordinal));
    }

    [Fact]
    public async Task After_the_daemon_dies_the_session_is_interrupted_and_a_send_resumes_the_conversation()
    {
        await using var fixture = await SessionDaemonFixture.StartAsync();
        Assert.True((await SpawnAsync(fixture, "survivor", "REPLY remember the word PELICAN")).Succeeded);
        await fixture.WaitForStatusAsync("survivor", SessionStatus.Idle);
        var before = fixture.Session("survivor");

        await fixture.CrashDaemonAsync();
        await fixture.StartDaemonAsync();

        await fixture.WaitForStatusAsync("survivor", SessionStatus.Interrupted, 10);
        await Eventually.TrueAsync(() => !ProcessGroup.IsSameProcess(before.Pid!.Value, before.ProcessStartTicks), TimeSpan.FromSeconds(10), "the orphaned claude process was stopped");

        var send = await SendAsync(fixture, "survivor", "REPLY back again");
        Assert.True(send.Succeeded, send.Command.Error);
        Assert.True(JsonNode.Parse(send.Command.Result!)!["resumed"]!.GetValue<bool>());
        await Eventually.TrueAsync(() => fixture.Session("survivor").LastResult == "back again", TimeSpan.FromSeconds(60), "the resumed turn finished");

        var resumedRequest = fixture.Model.Requests.Last(r => r.LastUserText == "REPLY back again");
        Assert.Contains(resumedRequest.ConversationTexts, t => t.Contains("PELICAN", StringComparison.Ordinal));
        var transcript = fixture.Transcript("survivor");
        Assert.Contains("\"event\":\"interrupted\"", transcript, StringComparison.Ordinal);
        Assert.Contains("\"event\":\"resumed\"", transcript, StringComparison.Ordinal);
        Assert.Equal(fixture.Session("survivor").ClaudeSessionId, before.ClaudeSessionId);
        Assert.Equal(2, fixture.Services.Usage.ForSource(UsageLedger.SessionSource, "survivor").Count);
    }

    [Fact]
    public async Task Session_kill_ends_a_long_running_session_and_its_process_group()
    {
        await using var fixture = await SessionDaemonFixture.StartAsync();
        Assert.True((await SpawnAsync(fixture, "slowpoke", "DELAY 120000\nREPLY never")).Succeeded);
        await fixture.WaitForStatusAsync("slowpoke", SessionStatus.Running);
        var running = fixture.Session("slowpoke");

        var command = fixture.Services.SessionRequests.RequestKill("slowpoke", "test");
        var kill = await fixture.Services.Submitter.SubmitAsync(command, TimeSpan.FromSeconds(30));

        Assert.True(kill.Succeeded, kill.Command.Error);
        var killed = fixture.Session("slowpoke");
        Assert.Equal(SessionStatus.Killed, killed.Status);
        Assert.Contains("killed on request", killed.EndedReason, StringComparison.Ordinal);
        Assert.False(ProcessGroup.IsSameProcess(running.Pid!.Value, running.ProcessStartTicks));
        Assert.Contains("\"event\":\"exited\"", fixture.Transcript("slowpoke"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_idle_session_releases_its_process_and_stays_resumable()
    {
        await using var fixture = await SessionDaemonFixture.StartAsync(config => config["sessions"]!["idle_minutes"] = 0.03);
        Assert.True((await SpawnAsync(fixture, "napper", "REPLY first")).Succeeded);

        await fixture.WaitForStatusAsync("napper", SessionStatus.Completed, 30);
        Assert.Contains("idle", fixture.Session("napper").EndedReason, StringComparison.Ordinal);

        var send = await SendAsync(fixture, "napper", "REPLY second");
        Assert.True(JsonNode.Parse(send.Command.Result!)!["resumed"]!.GetValue<bool>());
        await Eventually.TrueAsync(() => fixture.Session("napper").LastResult == "second", TimeSpan.FromSeconds(60), "the resumed turn finished");
    }

    [Fact]
    public async Task A_session_past_max_minutes_is_killed()
    {
        await using var fixture = await SessionDaemonFixture.StartAsync(config => config["sessions"]!["max_minutes"] = 0.03);
        Assert.True((await SpawnAsync(fixture, "overtime", "DELAY 120000\nREPLY never")).Succeeded);

        await fixture.WaitForStatusAsync("overtime", SessionStatus.Killed, 30);

        Assert.Contains("sessions.max_minutes", fixture.Session("overtime").EndedReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Daemon_shutdown_interrupts_live_sessions()
    {
        await using var fixture = await SessionDaemonFixture.StartAsync();
        Assert.True((await SpawnAsync(fixture, "cut-short", "DELAY 120000\nREPLY never")).Succeeded);
        await fixture.WaitForStatusAsync("cut-short", SessionStatus.Running);

        await fixture.StopDaemonAsync();

        Assert.Equal(SessionStatus.Interrupted, fixture.Session("cut-short").Status);
        Assert.Contains("daemon shut down", fixture.Session("cut-short").EndedReason, StringComparison.Ordinal);
    }
}
