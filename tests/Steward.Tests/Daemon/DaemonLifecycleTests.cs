using Steward.Core.Control;
using Steward.Testing;

namespace Steward.Tests.Daemon;

public sealed class DaemonLifecycleTests : IDisposable
{
    private readonly StewardHomeFixture _fixture = new();

    [Fact]
    public async Task A_second_daemon_on_the_same_home_exits_at_once_with_a_clear_message()
    {
        using var first = await DaemonProcess.StartAsync(_fixture);

        using var second = _fixture.StartDaemon();
        await second.WaitForExitAsync(TimeSpan.FromSeconds(20));

        Assert.Equal(3, second.ExitCode);
        Assert.Contains("already running", second.Stderr, StringComparison.Ordinal);
        Assert.Contains($"pid {first.Pid}", second.Stderr, StringComparison.Ordinal);
        Assert.False(first.HasExited);
        Assert.Equal(first.Pid, (await new ControlClient(_fixture.Home).TryGetStatusAsync())!.Pid);
    }

    [Theory]
    [InlineData(NativeSignals.SigTerm)]
    [InlineData(NativeSignals.SigInt)]
    public async Task A_signal_shuts_the_daemon_down_cleanly(int signal)
    {
        using var daemon = await DaemonProcess.StartAsync(_fixture);

        daemon.Signal(signal);
        await daemon.WaitForExitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, daemon.ExitCode);
        Assert.False(File.Exists(_fixture.Home.SocketPath));
        Assert.False(File.Exists(_fixture.Home.DaemonPidPath));
        var log = string.Concat(Directory.GetFiles(_fixture.Home.LogsDirectory, "daemon-*.log").Select(File.ReadAllText));
        Assert.Contains("Steward daemon stopped", log, StringComparison.Ordinal);
        // The lock is free again: a new daemon starts.
        using var next = await DaemonProcess.StartAsync(_fixture);
        await DaemonProcess.StopAsync(next);
    }

    [Fact]
    public async Task After_kill_9_the_lock_is_released_and_the_stale_socket_replaced()
    {
        using (var crashed = await DaemonProcess.StartAsync(_fixture))
        {
            crashed.KillHard();
            await crashed.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
        Assert.True(File.Exists(_fixture.Home.SocketPath));

        var stale = await HomeStatus.ReadAsync(_fixture.Home);
        Assert.False(stale.Running);
        Assert.Contains("no daemon answers", stale.Problem, StringComparison.Ordinal);

        using var restarted = await DaemonProcess.StartAsync(_fixture);
        Assert.True((await HomeStatus.ReadAsync(_fixture.Home)).Running);
        await DaemonProcess.StopAsync(restarted);
    }

    [Fact]
    public async Task Status_reports_the_running_daemon_over_its_socket()
    {
        using var daemon = await DaemonProcess.StartAsync(_fixture);

        using var status = await _fixture.RunAsync("status", "--json");
        using var human = await _fixture.RunAsync("status");

        Assert.Equal(0, status.ExitCode);
        var json = System.Text.Json.JsonDocument.Parse(status.Stdout).RootElement;
        Assert.True(json.GetProperty("running").GetBoolean());
        Assert.Equal(daemon.Pid, json.GetProperty("pid").GetInt32());
        Assert.Equal(_fixture.Home.Root, json.GetProperty("home").GetString());
        Assert.True(json.GetProperty("uptime_seconds").GetDouble() >= 0);
        Assert.Equal(0, json.GetProperty("queue").GetProperty("queued").GetInt32());
        Assert.Contains($"running (pid {daemon.Pid}", human.Stdout, StringComparison.Ordinal);
        await DaemonProcess.StopAsync(daemon);
    }

    [Fact]
    public async Task The_socket_is_owner_only()
    {
        using var daemon = await DaemonProcess.StartAsync(_fixture);

        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_fixture.Home.SocketPath));
        await DaemonProcess.StopAsync(daemon);
    }

    public void Dispose() => _fixture.Dispose();
}
