using Steward.Core.Storage;
using Steward.Core.Threadline;
using Steward.Testing;

namespace Steward.Core.Tests.Threadline;

public sealed class ReplayAndRateTests : IDisposable
{
    private readonly TestHome _home = new();
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => _home.Dispose();

    [Fact]
    public void A_message_id_passes_once_even_across_instances_and_is_forgotten_after_the_retention()
    {
        var database = new StewardDatabase(_home.Home.DatabasePath);

        Assert.True(new ReplayGuard(database, _clock).TryRecord("message", "m-1"));
        Assert.False(new ReplayGuard(database, _clock).TryRecord("message", "m-1"));
        Assert.True(new ReplayGuard(database, _clock).TryRecord("nonce", "m-1"));
        _clock.Advance(ReplayGuard.Retention + TimeSpan.FromSeconds(1));
        Assert.True(new ReplayGuard(database, _clock).TryRecord("message", "m-1"));
    }

    [Fact]
    public async Task Concurrent_copies_of_one_message_let_exactly_one_through()
    {
        var database = new StewardDatabase(_home.Home.DatabasePath);

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => Task.Run(() => new ReplayGuard(database, _clock).TryRecord("message", "race"))));

        Assert.Equal(1, results.Count(passed => passed));
    }

    [Fact]
    public void Senders_are_held_to_their_trust_levels_limits()
    {
        var limiter = new SenderRateLimiter(_clock);

        Assert.False(limiter.TryMessage("stranger", TrustLevel.Untrusted));
        Assert.Equal(10, Enumerable.Range(0, 12).Count(_ => limiter.TryMessage("bob", TrustLevel.Verified)));
        _clock.Advance(TimeSpan.FromMinutes(61));
        Assert.True(limiter.TryMessage("bob", TrustLevel.Verified));
        for (var hour = 0; hour < 5; hour++)
        {
            _clock.Advance(TimeSpan.FromMinutes(61));
            Enumerable.Range(0, 10).ToList().ForEach(_ => limiter.TryMessage("bob", TrustLevel.Verified));
        }
        Assert.False(limiter.TryMessage("bob", TrustLevel.Verified));
        Assert.Equal(5, Enumerable.Range(0, 7).Count(_ => limiter.TryProbe("stranger", TrustLevel.Untrusted)));
    }
}
