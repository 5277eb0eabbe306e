using Steward.Core.Sessions;
using Steward.Core.Storage;
using Steward.Core.Usage;

namespace Steward.Core.Tests.Sessions;

public sealed class SessionStoreTests : IDisposable
{
    private readonly TestHome _test = new();
    private readonly SessionStore _store;
    private readonly UsageLedger _ledger;

    public SessionStoreTests()
    {
        var database = new StewardDatabase(_test.Home.DatabasePath);
        _store = new SessionStore(database);
        _ledger = new UsageLedger(database);
    }

    private SessionRecord Create(string name = "alpha") => _store.Create(name, "prompt", "haiku", "/tmp", 10, "test", "because", DateTimeOffset.UtcNow);

    private static TurnResult Result(double totalCost, int turns = 1) =>
        new("success", false, "done", turns, 1200, totalCost, 100, 20, 5, 7, "claude-haiku");

    [Fact]
    public void A_new_session_is_queued_with_its_own_claude_session_id()
    {
        var session = Create();

        Assert.Equal(SessionStatus.Queued, session.Status);
        Assert.True(Guid.TryParse(session.ClaudeSessionId, out _));
        Assert.NotEqual(session.ClaudeSessionId, Create("beta").ClaudeSessionId);
    }

    [Fact]
    public void A_taken_name_is_refused_with_the_existing_status()
    {
        Create();

        var error = Assert.Throws<StewardException>(() => Create());

        Assert.Contains("already exists (queued)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_name_whose_session_failed_before_talking_is_free_again_but_not_one_that_talked()
    {
        Create("failed-early");
        _store.MarkEnded("failed-early", SessionStatus.Failed, "could not start", "no claude", DateTimeOffset.UtcNow);
        Create("talked");
        _store.MarkRunning("talked", DateTimeOffset.UtcNow);
        _store.MarkEnded("talked", SessionStatus.Failed, "crashed", "boom", DateTimeOffset.UtcNow);

        Assert.Equal(SessionStatus.Queued, Create("failed-early").Status);
        Assert.Throws<StewardException>(() => Create("talked"));
    }

    [Fact]
    public void Results_go_idle_and_the_ledger_gets_each_turns_own_cost()
    {
        Create();
        _store.MarkStarting("alpha", 123, 456, DateTimeOffset.UtcNow);
        _store.MarkRunning("alpha", DateTimeOffset.UtcNow);

        // total_cost_usd is the conversation's running total, also across --resume.
        _store.RecordResult("alpha", Result(0.10, turns: 2), DateTimeOffset.UtcNow);
        _store.RecordResult("alpha", Result(0.25), DateTimeOffset.UtcNow);

        var session = _store.Require("alpha");
        Assert.Equal(SessionStatus.Idle, session.Status);
        Assert.Equal(3, session.Turns);
        Assert.Equal(0.25, session.CostUsd, 10);
        Assert.Equal(200, session.InputTokens);
        Assert.Equal("done", session.LastResult);
        var entries = _ledger.ForSource(UsageLedger.SessionSource, "alpha");
        Assert.Equal([0.10, 0.15], entries.Select(e => Math.Round(e.CostUsd, 10)));
        Assert.Equal("claude-haiku", entries[0].Model);
        Assert.Equal(2, _ledger.Since(DateTimeOffset.UtcNow.AddMinutes(-1)).Runs);
        Assert.Equal(0.25, _ledger.Since(DateTimeOffset.UtcNow.AddMinutes(-1)).CostUsd, 10);
    }

    [Fact]
    public void A_total_that_restarts_from_zero_is_counted_whole()
    {
        Create();
        _store.RecordResult("alpha", Result(0.30), DateTimeOffset.UtcNow);
        _store.RecordResult("alpha", Result(0.05), DateTimeOffset.UtcNow);

        Assert.Equal([0.30, 0.05], _ledger.ForSource(UsageLedger.SessionSource, "alpha").Select(e => Math.Round(e.CostUsd, 10)));
    }

    [Fact]
    public void Ending_clears_the_process_and_records_why()
    {
        Create();
        _store.MarkStarting("alpha", 123, 456, DateTimeOffset.UtcNow);

        _store.MarkEnded("alpha", SessionStatus.Killed, "killed on request", null, DateTimeOffset.UtcNow);

        var session = _store.Require("alpha");
        Assert.Equal(SessionStatus.Killed, session.Status);
        Assert.Null(session.Pid);
        Assert.Equal("killed on request", session.EndedReason);
        Assert.NotNull(session.EndedAt);
    }

    [Fact]
    public void Busy_counts_queued_starting_and_running_but_not_idle()
    {
        Create("a");
        Create("b");
        _store.MarkStarting("b", 1, null, DateTimeOffset.UtcNow);
        Create("c");
        _store.MarkRunning("c", DateTimeOffset.UtcNow);
        Create("d");
        _store.RecordResult("d", Result(0.01), DateTimeOffset.UtcNow);

        Assert.Equal(3, _store.CountBusy());
    }

    public void Dispose() => _test.Dispose();
}
