using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Steward.Core.Commands;
using Steward.Core.Storage;

namespace Steward.Core.Tests.Commands;

public sealed class CommandDispatcherTests : IDisposable
{
    private readonly TestHome _test = new();
    private readonly CommandQueue _queue;
    private readonly RecordingHandler _recorder = new();

    public CommandDispatcherTests()
    {
        _queue = new CommandQueue(new StewardDatabase(_test.Home.DatabasePath));
    }

    private CommandDispatcher Dispatcher() => new(_queue, [_recorder, new EchoCommandHandler(), new SleepCommandHandler()], NullLogger<CommandDispatcher>.Instance);

    [Fact]
    public async Task Queued_commands_run_in_order_and_their_outcome_is_recorded()
    {
        var a = _queue.Enqueue(RecordingHandler.CommandKind, """{"name":"a"}""", "test");
        var b = _queue.Enqueue(RecordingHandler.CommandKind, """{"name":"b"}""", "test");
        var dispatcher = Dispatcher();

        while (await dispatcher.RunNextAsync(CancellationToken.None))
        {
        }

        Assert.Equal(["a", "b"], _recorder.Seen);
        Assert.Equal(CommandStatus.Succeeded, _queue.Get(a.Id)!.Status);
        Assert.Equal("""{"name":"a"}""", _queue.Get(a.Id)!.Result);
        Assert.Equal(1, _queue.Get(b.Id)!.Attempts);
    }

    [Fact]
    public async Task An_unknown_kind_fails_with_the_list_of_known_kinds()
    {
        var command = _queue.Enqueue("telegram.send", "{}", "test");

        await Dispatcher().RunNextAsync(CancellationToken.None);

        var error = _queue.Get(command.Id)!.Error!;
        Assert.Contains("No handler for command kind 'telegram.send'", error, StringComparison.Ordinal);
        Assert.Contains("diag.echo", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_handler_that_throws_records_a_failure_and_the_dispatcher_goes_on()
    {
        var boom = _queue.Enqueue(RecordingHandler.CommandKind, """{"name":"boom"}""", "test");
        var next = _queue.Enqueue(RecordingHandler.CommandKind, """{"name":"next"}""", "test");
        var dispatcher = Dispatcher();

        await dispatcher.RunNextAsync(CancellationToken.None);
        await dispatcher.RunNextAsync(CancellationToken.None);

        Assert.Equal(CommandStatus.Failed, _queue.Get(boom.Id)!.Status);
        Assert.Contains("InvalidOperationException: boom requested", _queue.Get(boom.Id)!.Error, StringComparison.Ordinal);
        Assert.Equal(CommandStatus.Succeeded, _queue.Get(next.Id)!.Status);
    }

    [Fact]
    public void After_a_crash_an_unsafe_command_is_recorded_as_interrupted_not_rerun()
    {
        var command = _queue.Enqueue(SleepCommandHandler.CommandKind, """{"milliseconds":5000}""", "test");
        _queue.ClaimNext(); // the daemon that claimed it died here

        var report = Dispatcher().RecoverAbandoned();

        Assert.Equal([command.Id], report.Interrupted);
        var row = _queue.Get(command.Id)!;
        Assert.Equal(CommandStatus.Interrupted, row.Status);
        Assert.Contains("steward queue retry", row.Error, StringComparison.Ordinal);
        Assert.Null(_queue.ClaimNext());
    }

    [Fact]
    public void After_a_crash_a_repeatable_command_is_queued_again_until_its_attempts_run_out()
    {
        var command = _queue.Enqueue(SleepCommandHandler.CommandKind, """{"milliseconds":5000,"retry_on_interrupt":true}""", "test");
        var dispatcher = Dispatcher();

        for (var attempt = 1; attempt <= 2; attempt++)
        {
            Assert.Equal(attempt, _queue.ClaimNext()!.Attempts);
            Assert.Equal([command.Id], dispatcher.RecoverAbandoned().Retried);
        }
        Assert.Equal(3, _queue.ClaimNext()!.Attempts);
        Assert.Equal([command.Id], dispatcher.RecoverAbandoned().Interrupted);
        Assert.Equal(CommandStatus.Interrupted, _queue.Get(command.Id)!.Status);
    }

    [Fact]
    public async Task Shutdown_during_a_command_records_it_instead_of_leaving_it_running()
    {
        var unsafeCommand = _queue.Enqueue(SleepCommandHandler.CommandKind, """{"milliseconds":60000}""", "test");
        using var stopping = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Dispatcher().RunNextAsync(stopping.Token));

        Assert.Equal(CommandStatus.Interrupted, _queue.Get(unsafeCommand.Id)!.Status);
    }

    [Fact]
    public async Task Shutdown_during_a_repeatable_command_puts_it_back_in_the_queue()
    {
        var command = _queue.Enqueue(SleepCommandHandler.CommandKind, """{"milliseconds":60000,"retry_on_interrupt":true}""", "test");
        using var stopping = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Dispatcher().RunNextAsync(stopping.Token));

        Assert.Equal(CommandStatus.Queued, _queue.Get(command.Id)!.Status);
    }

    [Fact]
    public async Task The_echo_command_returns_its_text()
    {
        var command = _queue.Enqueue(EchoCommandHandler.CommandKind, """{"text":"hello"}""", "test");

        await Dispatcher().RunNextAsync(CancellationToken.None);

        Assert.Equal("hello", JsonNode.Parse(_queue.Get(command.Id)!.Result!)!["text"]!.GetValue<string>());
    }

    [Fact]
    public void Two_handlers_for_one_kind_are_a_configuration_error()
    {
        Assert.Throws<InvalidOperationException>(() =>
            new CommandDispatcher(_queue, [new EchoCommandHandler(), new EchoCommandHandler()], NullLogger<CommandDispatcher>.Instance));
    }

    public void Dispose() => _test.Dispose();

    private sealed class RecordingHandler : ICommandHandler
    {
        public const string CommandKind = "test.record";

        public List<string> Seen { get; } = [];

        public string Kind => CommandKind;

        public InterruptPolicy InterruptPolicyFor(QueuedCommand command) => InterruptPolicy.MarkInterrupted;

        public Task<CommandOutcome> ExecuteAsync(QueuedCommand command, CancellationToken cancellationToken)
        {
            var name = JsonNode.Parse(command.Payload)!["name"]!.GetValue<string>();
            if (name == "boom")
            {
                throw new InvalidOperationException("boom requested");
            }
            Seen.Add(name);
            return Task.FromResult(CommandOutcome.Success(new JsonObject { ["name"] = name }));
        }
    }
}
