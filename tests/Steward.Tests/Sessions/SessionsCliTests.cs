using System.Text.Json;
using Steward.Core.Sessions;
using Steward.Testing;

namespace Steward.Tests.Sessions;

/// <summary>`steward sessions ...` end to end: real CLI processes, the real daemon, the real Claude Code CLI.</summary>
public sealed class SessionsCliTests
{
    private static Task<ChildProcess> Run(SessionDaemonFixture fixture, params string[] arguments) =>
        ChildProcess.RunStewardAsync(fixture.Project, fixture.Project, [.. arguments, "--home", fixture.Home.Root]);

    [Fact]
    public async Task Spawn_list_output_send_attach_and_kill_from_the_command_line()
    {
        await using var fixture = await SessionDaemonFixture.StartAsync();

        using var spawn = await Run(fixture, "sessions", "spawn", "cli-made", "REPLY hello from the cli", "--model", "haiku", "--reason", "testing the CLI");
        Assert.True(spawn.ExitCode == 0, spawn.Stderr);
        Assert.Contains("Session 'cli-made' started (pid", spawn.Stdout, StringComparison.Ordinal);
        await fixture.WaitForStatusAsync("cli-made", SessionStatus.Idle);

        using var list = await Run(fixture, "sessions", "list", "--json");
        var row = Assert.Single(JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray());
        Assert.Equal("idle", row.GetProperty("status").GetString());
        Assert.Equal("haiku", row.GetProperty("model").GetString());
        Assert.Equal(fixture.Project, row.GetProperty("cwd").GetString());

        using var status = await Run(fixture, "status", "--json");
        var sessions = JsonDocument.Parse(status.Stdout).RootElement.GetProperty("sessions");
        Assert.Equal(1, sessions.GetProperty("idle").GetInt32());
        Assert.Equal(1, sessions.GetProperty("live").GetInt32());

        using var output = await Run(fixture, "sessions", "output", "cli-made");
        Assert.Contains("user: REPLY hello from the cli", output.Stdout, StringComparison.Ordinal);
        Assert.Contains("assistant: hello from the cli", output.Stdout, StringComparison.Ordinal);

        using var send = await Run(fixture, "sessions", "send", "cli-made", "DELAY 120000");
        Assert.True(send.ExitCode == 0, send.Stderr);
        Assert.Contains("Delivered to session 'cli-made'", send.Stdout, StringComparison.Ordinal);
        await fixture.WaitForStatusAsync("cli-made", SessionStatus.Running);

        using var attach = ChildProcess.StartSteward(fixture.Project, fixture.Project, ["sessions", "attach", "cli-made", "--home", fixture.Home.Root]);
        await attach.WaitForOutputAsync("assistant: hello from the cli", TimeSpan.FromSeconds(20));

        using var kill = await Run(fixture, "sessions", "kill", "cli-made");
        Assert.True(kill.ExitCode == 0, kill.Stderr);
        Assert.Contains("is killed", kill.Stdout, StringComparison.Ordinal);

        await attach.WaitForExitAsync(TimeSpan.FromSeconds(20));
        Assert.Contains("[steward] exited", attach.Stdout, StringComparison.Ordinal);
        Assert.Contains("cli-made: killed", attach.Stdout, StringComparison.Ordinal);

        using var killAgain = await Run(fixture, "sessions", "kill", "cli-made");
        Assert.Equal(1, killAgain.ExitCode);
        Assert.Contains("not running (killed)", killAgain.Stderr, StringComparison.Ordinal);
    }
}
