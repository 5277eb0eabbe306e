using Steward.Core.Commands;
using Steward.Core.Storage;

namespace Steward.Core.Tests.Commands;

public sealed class CommandQueueTests : IDisposable
{
    private readonly TestHome _test = new();
    private readonly CommandQueue _queue;

    public CommandQueueTests()
    {
        _queue = new CommandQueue(new StewardDatabase(_test.Home.DatabasePath));
    }

    [Fact]
    public void Commands_are_claimed_oldest_first_and_each_claim_counts_an_attempt()
    {
        var first = _queue.Enqueue("diag.echo", "{}", "test");
        var second = _queue.Enqueue("diag.echo", "{}", "test");

        var claimed = _queue.ClaimNext();

        Assert.Equal(first.Id, claimed!.Id);
        Assert.Equal(CommandStatus.Running, claimed.Status);
        Assert.Equal(1, claimed.Attempts);
        Assert.NotNull(claimed.StartedAt);
        Assert.Equal(second.Id, _queue.ClaimNext()!.Id);
        Assert.Null(_queue.ClaimNext());
    }

    [Fact]
    public void Outcomes_are_recorded()
    {
        _queue.Enqueue("diag.echo", "{}", "test");
        _queue.Enqueue("diag.echo", "{}", "test");
        var ok = _queue.ClaimNext()!;
        var bad = _queue.ClaimNext()!;

        _queue.Complete(ok.Id, """{"answer":42}""");
        _queue.Fail(bad.Id, "it broke");

        Assert.Equal(CommandStatus.Succeeded, _queue.Get(ok.Id)!.Status);
        Assert.Equal("""{"answer":42}""", _queue.Get(ok.Id)!.Result);
        Assert.Equal("it broke", _queue.Get(bad.Id)!.Error);
        Assert.NotNull(_queue.Get(bad.Id)!.FinishedAt);
        Assert.Equal(new QueueCounts(0, 0, 1, 1, 0, 0), _queue.Counts());
    }

    [Fact]
    public void An_outcome_for_a_command_that_is_not_running_is_refused()
    {
        var queued = _queue.Enqueue("diag.echo", "{}", "test");

        Assert.Throws<InvalidOperationException>(() => _queue.Complete(queued.Id, null));
        Assert.Equal(CommandStatus.Queued, _queue.Get(queued.Id)!.Status);
    }

    [Theory]
    [InlineData("Diag.Echo", "{}")]
    [InlineData("", "{}")]
    [InlineData("diag echo", "{}")]
    [InlineData("diag.echo", "not json")]
    [InlineData("diag.echo", "[1,2]")]
    public void Bad_commands_are_refused_and_nothing_is_stored(string kind, string payload)
    {
        Assert.Throws<StewardException>(() => _queue.Enqueue(kind, payload, "test"));
        Assert.Empty(_queue.List());
    }

    [Fact]
    public void An_oversized_payload_is_refused()
    {
        var payload = $$"""{"text":"{{new string('x', CommandQueue.MaxPayloadBytes)}}"}""";

        var error = Assert.Throws<StewardException>(() => _queue.Enqueue("diag.echo", payload, "test"));
        Assert.Contains("KiB", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Failed_and_interrupted_commands_can_be_retried_but_not_succeeded_ones()
    {
        _queue.Enqueue("diag.echo", "{}", "test");
        _queue.Enqueue("diag.echo", "{}", "test");
        var failed = _queue.ClaimNext()!;
        var succeeded = _queue.ClaimNext()!;
        _queue.Fail(failed.Id, "x");
        _queue.Complete(succeeded.Id, null);

        var retried = _queue.Retry(failed.Id);

        Assert.Equal(CommandStatus.Queued, retried.Status);
        Assert.Null(retried.Error);
        Assert.Throws<StewardException>(() => _queue.Retry(succeeded.Id));
        Assert.Throws<StewardException>(() => _queue.Retry(9999));
        Assert.Equal(2, _queue.ClaimNext()!.Attempts);
    }

    [Fact]
    public void Only_queued_commands_can_be_cancelled_and_a_cancelled_one_is_never_claimed()
    {
        var first = _queue.Enqueue("diag.echo", "{}", "test");
        var second = _queue.Enqueue("diag.echo", "{}", "test");

        Assert.Equal(CommandStatus.Cancelled, _queue.Cancel(first.Id).Status);
        Assert.Equal(second.Id, _queue.ClaimNext()!.Id);
        var error = Assert.Throws<StewardException>(() => _queue.Cancel(second.Id));
        Assert.Contains("running", error.Message, StringComparison.Ordinal);
        Assert.Null(_queue.ClaimNext());
    }

    [Fact]
    public void Requeue_puts_a_running_command_back()
    {
        _queue.Enqueue("diag.echo", "{}", "test");
        var claimed = _queue.ClaimNext()!;

        _queue.Requeue(claimed.Id, "daemon stopped");

        var again = _queue.ClaimNext()!;
        Assert.Equal(claimed.Id, again.Id);
        Assert.Equal(2, again.Attempts);
    }

    [Fact]
    public void Pruning_removes_only_finished_commands_older_than_the_cutoff()
    {
        _queue.Enqueue("diag.echo", "{}", "test");
        var old = _queue.ClaimNext()!;
        _queue.Complete(old.Id, null);
        var waiting = _queue.Enqueue("diag.echo", "{}", "test");

        Assert.Equal(0, _queue.PruneFinished(DateTimeOffset.UtcNow.AddDays(-1)));
        Assert.Equal(1, _queue.PruneFinished(DateTimeOffset.UtcNow.AddMinutes(1)));

        Assert.Null(_queue.Get(old.Id));
        Assert.NotNull(_queue.Get(waiting.Id));
    }

    [Fact]
    public async Task Waiting_returns_the_outcome_once_the_command_finishes()
    {
        var command = _queue.Enqueue("diag.echo", "{}", "test");
        var waiting = _queue.WaitForFinishAsync(command.Id, TimeSpan.FromSeconds(10));

        var claimed = _queue.ClaimNext()!;
        _queue.Complete(claimed.Id, "{}");

        Assert.Equal(CommandStatus.Succeeded, (await waiting).Status);
    }

    [Fact]
    public async Task Waiting_gives_up_at_the_timeout_with_the_current_state()
    {
        var command = _queue.Enqueue("diag.echo", "{}", "test");

        var state = await _queue.WaitForFinishAsync(command.Id, TimeSpan.FromMilliseconds(100));

        Assert.Equal(CommandStatus.Queued, state.Status);
    }

    public void Dispose() => _test.Dispose();
}
