using Steward.Core.Sessions;

namespace Steward.Tests.Sessions;

public sealed class SessionStartFailureTests
{
    [Fact]
    public async Task A_missing_claude_fails_the_spawn_with_the_npm_package_to_install()
    {
        await using var fixture = await SessionDaemonFixture.StartAsync(claude: "/nonexistent/claude");
        var (_, command) = fixture.Services.SessionRequests.RequestSpawn("no-cli", "hello", null, fixture.Project, null, "test", null, fixture.Project);

        var submission = await fixture.Services.Submitter.SubmitAsync(command, TimeSpan.FromSeconds(30));

        Assert.False(submission.Succeeded);
        Assert.Contains("npm install -g @anthropic-ai/claude-code", submission.Command.Error, StringComparison.Ordinal);
        var session = fixture.Session("no-cli");
        Assert.Equal(SessionStatus.Failed, session.Status);
        Assert.Contains("@anthropic-ai/claude-code", session.Error, StringComparison.Ordinal);
        var (text, isError) = SessionMessages.Outcome(submission, "no-cli", "spawn");
        Assert.True(isError);
        Assert.Contains("could not", text + session.EndedReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_daemon_refuses_a_start_past_the_limit_when_no_session_is_idle()
    {
        await using var fixture = await SessionDaemonFixture.StartAsync(config => config["sessions"]!["max_concurrent"] = 1);
        var (_, first) = fixture.Services.SessionRequests.RequestSpawn("busy-one", "DELAY 120000\nREPLY later", null, fixture.Project, null, "test", null, fixture.Project);
        Assert.True((await fixture.Services.Submitter.SubmitAsync(first, TimeSpan.FromSeconds(30))).Succeeded);
        await fixture.WaitForStatusAsync("busy-one", SessionStatus.Running);

        // The front door refuses at once ...
        var frontDoor = Assert.Throws<Steward.Core.StewardException>(() =>
            fixture.Services.SessionRequests.RequestSpawn("busy-two", "hello", null, fixture.Project, null, "test", null, fixture.Project));
        Assert.Contains("max_concurrent is 1", frontDoor.Message, StringComparison.Ordinal);

        // ... and the daemon too, when a request slipped past it (two front doors at the same moment).
        fixture.Services.Sessions.Create("busy-two", "hello", null, fixture.Project, 5, "test", null, DateTimeOffset.UtcNow);
        var raced = fixture.Services.Queue.Enqueue(SessionCommandKinds.Spawn, """{"name":"busy-two"}""", "test");
        var submission = await fixture.Services.Submitter.SubmitAsync(raced, TimeSpan.FromSeconds(30));
        Assert.False(submission.Succeeded);
        Assert.Contains("sessions are busy (busy-one)", submission.Command.Error, StringComparison.Ordinal);
        Assert.Equal(SessionStatus.Failed, fixture.Session("busy-two").Status);

        // A session that never started leaves its name free.
        await fixture.Services.Submitter.SubmitAsync(fixture.Services.SessionRequests.RequestKill("busy-one", "test"), TimeSpan.FromSeconds(30));
        var (again, _) = fixture.Services.SessionRequests.RequestSpawn("busy-two", "hello again", null, fixture.Project, null, "test", null, fixture.Project);
        Assert.Equal(SessionStatus.Queued, again.Status);
    }

    [Fact]
    public async Task At_the_limit_the_idlest_session_gives_up_its_process_for_a_new_one()
    {
        await using var fixture = await SessionDaemonFixture.StartAsync(config => config["sessions"]!["max_concurrent"] = 1);
        var (_, first) = fixture.Services.SessionRequests.RequestSpawn("early", "REPLY done early", null, fixture.Project, null, "test", null, fixture.Project);
        Assert.True((await fixture.Services.Submitter.SubmitAsync(first, TimeSpan.FromSeconds(30))).Succeeded);
        await fixture.WaitForStatusAsync("early", SessionStatus.Idle);

        var (_, second) = fixture.Services.SessionRequests.RequestSpawn("late", "REPLY done late", null, fixture.Project, null, "test", null, fixture.Project);
        var submission = await fixture.Services.Submitter.SubmitAsync(second, TimeSpan.FromSeconds(30));

        Assert.True(submission.Succeeded, submission.Command.Error);
        Assert.Contains("\"released\":\"early\"", submission.Command.Result, StringComparison.Ordinal);
        Assert.Equal(SessionStatus.Completed, fixture.Session("early").Status);
        await fixture.WaitForStatusAsync("late", SessionStatus.Idle);
    }
}
