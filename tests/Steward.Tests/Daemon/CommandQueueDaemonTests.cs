using System.Text.Json.Nodes;
using Steward.Core.Commands;
using Steward.Core.Storage;
using Steward.Testing;

namespace Steward.Tests.Daemon;

/// <summary>The durable command queue across daemon restarts and crashes, with real processes.</summary>
public sealed class CommandQueueDaemonTests : IDisposable
{
    private readonly StewardHomeFixture _fixture = new();
    private readonly CommandQueue _queue;

    public CommandQueueDaemonTests()
    {
        _queue = new CommandQueue(new StewardDatabase(_fixture.Home.DatabasePath));
    }

    [Fact]
    public async Task A_command_queued_while_the_daemon_is_down_runs_once_after_it_starts()
    {
        using var ping = await _fixture.RunAsync("queue", "ping", "--no-wait");
        Assert.Equal(0, ping.ExitCode);
        Assert.Contains("not running", ping.Stdout, StringComparison.Ordinal);
        var queued = Assert.Single(_queue.List());
        Assert.Equal(CommandStatus.Queued, queued.Status);

        using (var daemon = await DaemonProcess.StartAsync(_fixture))
        {
            await Eventually.TrueAsync(() => _queue.Get(queued.Id)!.Status == CommandStatus.Succeeded, TimeSpan.FromSeconds(20), "the queued command ran");
            Assert.Equal(daemon.Pid, JsonNode.Parse(_queue.Get(queued.Id)!.Result!)!["daemon_pid"]!.GetValue<int>());
            await DaemonProcess.StopAsync(daemon);
        }

        using (var again = await DaemonProcess.StartAsync(_fixture))
        {
            await Task.Delay(500);
            await DaemonProcess.StopAsync(again);
        }
        var final = _queue.Get(queued.Id)!;
        Assert.Equal(CommandStatus.Succeeded, final.Status);
        Assert.Equal(1, final.Attempts);
    }

    [Fact]
    public async Task A_front_door_wakes_the_running_daemon_at_once()
    {
        using var daemon = await DaemonProcess.StartAsync(_fixture);

        using var ping = await _fixture.RunAsync("queue", "ping", "--timeout", "4");

        Assert.Equal(0, ping.ExitCode);
        Assert.Contains("executed probe command", ping.Stdout, StringComparison.Ordinal);
        await DaemonProcess.StopAsync(daemon);
    }

    [Fact]
    public async Task Kill_9_during_an_unsafe_command_records_it_as_interrupted_and_never_reruns_it()
    {
        var command = _queue.Enqueue(SleepCommandHandler.CommandKind, """{"milliseconds":60000}""", "test");
        using (var daemon = await DaemonProcess.StartAsync(_fixture))
        {
            await Eventually.TrueAsync(() => _queue.Get(command.Id)!.Status == CommandStatus.Running, TimeSpan.FromSeconds(20), "the daemon started the command");
            daemon.KillHard();
            await daemon.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }
        Assert.Equal(CommandStatus.Running, _queue.Get(command.Id)!.Status);

        using (var restarted = await DaemonProcess.StartAsync(_fixture))
        {
            await Eventually.TrueAsync(() => _queue.Get(command.Id)!.Status == CommandStatus.Interrupted, TimeSpan.FromSeconds(20), "recovery recorded the interruption");
            await Task.Delay(300);
            await DaemonProcess.StopAsync(restarted);
        }

        var row = _queue.Get(command.Id)!;
        Assert.Equal(CommandStatus.Interrupted, row.Status);
        Assert.Equal(1, row.Attempts);
        Assert.Contains("daemon stopped", row.Error, StringComparison.Ordinal);
        using var status = await _fixture.RunAsync("status", "--json");
        Assert.Equal(1, System.Text.Json.JsonDocument.Parse(status.Stdout).RootElement.GetProperty("queue").GetProperty("interrupted").GetInt32());
    }

    [Fact]
    public async Task Kill_9_during_a_repeatable_command_runs_it_again_after_restart()
    {
        var command = _queue.Enqueue(SleepCommandHandler.CommandKind, """{"milliseconds":2000,"retry_on_interrupt":true}""", "test");
        using (var daemon = await DaemonProcess.StartAsync(_fixture))
        {
            await Eventually.TrueAsync(() => _queue.Get(command.Id)!.Status == CommandStatus.Running, TimeSpan.FromSeconds(20), "the daemon started the command");
            daemon.KillHard();
            await daemon.WaitForExitAsync(TimeSpan.FromSeconds(10));
        }

        using var restarted = await DaemonProcess.StartAsync(_fixture);
        await Eventually.TrueAsync(() => _queue.Get(command.Id)!.Status == CommandStatus.Succeeded, TimeSpan.FromSeconds(30), "the retried command finished");

        var row = _queue.Get(command.Id)!;
        Assert.Equal(2, row.Attempts);
        Assert.Equal(2, JsonNode.Parse(row.Result!)!["attempt"]!.GetValue<int>());
        await DaemonProcess.StopAsync(restarted);
    }

    [Fact]
    public async Task Commands_queued_while_one_runs_execute_in_order_after_it()
    {
        var slow = _queue.Enqueue(SleepCommandHandler.CommandKind, """{"milliseconds":300}""", "test");
        var first = _queue.Enqueue(EchoCommandHandler.CommandKind, """{"text":"1"}""", "test");
        var second = _queue.Enqueue(EchoCommandHandler.CommandKind, """{"text":"2"}""", "test");

        using var daemon = await DaemonProcess.StartAsync(_fixture);
        await Eventually.TrueAsync(() => _queue.Get(second.Id)!.Status == CommandStatus.Succeeded, TimeSpan.FromSeconds(20), "all commands ran");

        var rows = new[] { slow, first, second }.Select(c => _queue.Get(c.Id)!).ToList();
        Assert.All(rows, r => Assert.Equal(CommandStatus.Succeeded, r.Status));
        Assert.True(rows[0].FinishedAt <= rows[1].StartedAt);
        Assert.True(rows[1].FinishedAt <= rows[2].StartedAt);
        await DaemonProcess.StopAsync(daemon);
    }

    public void Dispose() => _fixture.Dispose();
}
