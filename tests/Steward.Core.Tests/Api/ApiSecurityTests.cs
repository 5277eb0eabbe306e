using Steward.Core.Api;
using Steward.Core.Configuration;
using Steward.Core.Net;
using Steward.Testing;

namespace Steward.Core.Tests.Api;

/// <summary>The local API's token, spawn limit and address rules.</summary>
public sealed class ApiSecurityTests : IDisposable
{
    private readonly TestHome _home = new("Ada");

    public void Dispose() => _home.Dispose();

    [Fact]
    public void Init_creates_a_long_random_token_that_only_matches_itself()
    {
        var token = StewardConfig.Load(_home.Home.ConfigPath).ApiToken!;
        Assert.StartsWith(ApiToken.Prefix, token, StringComparison.Ordinal);
        Assert.Equal(ApiToken.Prefix.Length + 64, token.Length);
        Assert.True(ApiToken.Matches(token, token));
        Assert.False(ApiToken.Matches(token[..^1], token));
        Assert.False(ApiToken.Matches(token + "0", token));
        Assert.False(ApiToken.Matches(null, token));
        Assert.False(ApiToken.Matches("", ""));
        Assert.NotEqual(token, ApiToken.Generate());
    }

    [Fact]
    public void Rotate_replaces_the_token_in_config_and_ensure_keeps_an_existing_one()
    {
        var before = ApiToken.Ensure(_home.Home);
        var after = ApiToken.Rotate(_home.Home);
        Assert.NotEqual(before, after);
        Assert.Equal(after, StewardConfig.Load(_home.Home.ConfigPath).ApiToken);
        Assert.Equal(after, ApiToken.Ensure(_home.Home));
    }

    [Fact]
    public void A_home_from_before_the_API_gets_a_token_on_first_use()
    {
        var config = StewardConfig.Load(_home.Home.ConfigPath);
        config.Root.Remove("api");
        config.Save(_home.Home.ConfigPath);
        var token = ApiToken.Ensure(_home.Home);
        Assert.Equal(token, StewardConfig.Load(_home.Home.ConfigPath).ApiToken);
    }

    [Fact]
    public void A_non_loopback_listen_address_needs_allow_remote()
    {
        var config = StewardConfig.Load(_home.Home.ConfigPath);
        config.Root["api"]!["listen"] = "0.0.0.0:4040";
        config.Save(_home.Home.ConfigPath);
        Assert.Contains("api.allow_remote", Assert.Throws<StewardException>(() => StewardConfig.Load(_home.Home.ConfigPath)).Message, StringComparison.Ordinal);
        config.Root["api"]!["allow_remote"] = true;
        config.Save(_home.Home.ConfigPath);
        Assert.True(StewardConfig.Load(_home.Home.ConfigPath).ApiAllowRemote);
        config.Root["api"]!["token"] = "short";
        config.Save(_home.Home.ConfigPath);
        Assert.Contains("api.token", Assert.Throws<StewardException>(() => StewardConfig.Load(_home.Home.ConfigPath)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1:4040", true)]
    [InlineData("localhost:0", true)]
    [InlineData("[::1]:4040", true)]
    [InlineData("0.0.0.0:4040", false)]
    [InlineData("192.168.1.5:4040", false)]
    [InlineData("example.com:4040", false)]
    public void Loopback_addresses_are_told_apart(string listen, bool loopback) => Assert.Equal(loopback, LoopbackAddress.IsLoopback(listen));

    [Fact]
    public void Spawns_are_limited_per_client_in_a_sliding_minute()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
        var limiter = new ClientRateLimiter(10, clock);
        Assert.All(Enumerable.Range(0, 10), _ => Assert.True(limiter.TryAcquire("127.0.0.1")));
        Assert.False(limiter.TryAcquire("127.0.0.1"));
        Assert.True(limiter.TryAcquire("::1"));
        clock.Advance(TimeSpan.FromSeconds(59));
        Assert.False(limiter.TryAcquire("127.0.0.1"));
        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.True(limiter.TryAcquire("127.0.0.1"));
    }
}
