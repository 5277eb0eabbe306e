using Steward.Core.Homes;
using Steward.Core.Storage;
using Steward.Core.Telegram;
using Steward.Testing;

namespace Steward.Core.Tests.Telegram;

/// <summary>The durable parts: inbox (store before confirm, once only), outbox (order, retry, failure) and pairing.</summary>
public sealed class TelegramStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new("tg");
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly StewardDatabase _database;

    public TelegramStoreTests() => _database = new StewardDatabase(_directory.Combine("state.db"));

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    private static TelegramUpdate Update(long id, string text, long user = 42) =>
        new(id, new TelegramMessage(id, new TelegramUser(user, false, "Grace", "grace"), user, "private", false, null, text, null));

    [Fact]
    public void Updates_are_stored_once_with_the_offset_that_confirms_them()
    {
        var inbox = new TelegramInbox(_database, _clock);

        Assert.Equal(0, inbox.Offset());
        Assert.Equal(2, inbox.Store([Update(10, "one"), Update(11, "two")]));
        // Telegram delivers again after a crash before the offset reached it: nothing doubles.
        Assert.Equal(1, inbox.Store([Update(11, "two"), Update(12, "three")]));

        Assert.Equal(13, inbox.Offset());
        Assert.Equal(["one", "two", "three"], inbox.Pending().Select(u => u.Text));
        inbox.Finish(10, handled: true, "done");
        inbox.Finish(11, handled: false, "stranger");
        inbox.Finish(10, handled: false, "again");
        Assert.Equal(["three"], inbox.Pending().Select(u => u.Text));
        Assert.Equal((1, 1, 1), inbox.Counts());
    }

    [Fact]
    public void The_outbox_keeps_order_per_chat_retries_and_moves_on_after_a_permanent_failure()
    {
        var outbox = new TelegramOutbox(_database, _clock);
        var first = outbox.Enqueue(1, null, string.Join("\n\n", Enumerable.Repeat(new string('a', 3_000), 3)), "test");
        outbox.Enqueue(1, null, "after", "test");
        outbox.Enqueue(2, 5, "other chat", "test");

        Assert.Equal(3, first.Count);
        Assert.Equal([first[0], 5], outbox.Due().Select(m => m.Id));
        outbox.MarkRetry(first[0], "429", TimeSpan.FromSeconds(30));
        Assert.Equal([5L], outbox.Due().Select(m => m.Id));
        _clock.Advance(TimeSpan.FromSeconds(31));
        outbox.MarkSent(first[0], 900);
        outbox.MarkFailed(first[1], "400 Bad Request: chat not found");
        Assert.Equal([first[2], 5], outbox.Due().Select(m => m.Id));
        Assert.Equal((3, 1, 1), (outbox.Status().Queued, outbox.Status().Sent, outbox.Status().Failed));
        Assert.Throws<StewardException>(() => outbox.Enqueue(1, null, "  ", "test"));
        Assert.Throws<StewardException>(() => outbox.Enqueue(1, null, new string('x', TelegramOutbox.MaxTextLength + 1), "test"));
    }

    [Fact]
    public void A_pairing_code_works_once_within_ten_minutes()
    {
        var pairing = new TelegramPairing(_database, _clock);
        var (code, expires) = pairing.Create();

        Assert.Equal(_clock.GetUtcNow() + TimeSpan.FromMinutes(10), expires);
        Assert.False(pairing.TryRedeem("WRONG234"));
        Assert.True(pairing.TryRedeem(" " + code.ToLowerInvariant() + " "));
        Assert.False(pairing.TryRedeem(code));

        var (late, _) = pairing.Create();
        _clock.Advance(TimeSpan.FromMinutes(11));
        Assert.False(pairing.TryRedeem(late));
        _clock.Advance(TimeSpan.FromMinutes(-5));
        Assert.False(pairing.TryRedeem(late));
    }

    [Fact]
    public void A_new_code_replaces_the_old_one()
    {
        var pairing = new TelegramPairing(_database, _clock);
        var (old, _) = pairing.Create();
        var (current, _) = pairing.Create();

        Assert.False(old != current && pairing.TryRedeem(old));
        Assert.True(pairing.TryRedeem(current));
    }
}
