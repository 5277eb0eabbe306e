using System.Diagnostics;
using Steward.Core.Telegram;
using Steward.Testing.FakeTelegram;

namespace Steward.Core.Tests.Telegram;

/// <summary>The Bot API client against a real local HTTP server speaking the Bot API.</summary>
public sealed class TelegramBotClientTests : IAsyncLifetime, IDisposable
{
    private FakeBotApi _telegram = null!;
    private readonly HttpClient _http = new();

    public async Task InitializeAsync() => _telegram = await FakeBotApi.StartAsync();

    public async Task DisposeAsync() => await _telegram.DisposeAsync();

    public void Dispose() => _http.Dispose();

    private TelegramBotClient Client(string token = FakeBotApi.Token, int retries = 5) => new(_http, _telegram.BaseUrl, token, retries);

    [Fact]
    public async Task GetMe_and_sending_work_and_updates_carry_topics()
    {
        var client = Client();
        _telegram.Write(42, "hello in a topic", chatId: -1001234, threadId: 7, topicName: "Deploys");

        var me = await client.GetMeAsync(CancellationToken.None);
        var updates = await client.GetUpdatesAsync(0, 1, CancellationToken.None);
        var id = await client.SendMessageAsync(-1001234, "answer", 7, CancellationToken.None);

        Assert.Equal("steward_test_bot", me.Username);
        var message = Assert.Single(updates).Message!;
        Assert.Equal((-1001234L, 7L, "Deploys", "hello in a topic", 42L), (message.ChatId, message.ThreadId!.Value, message.TopicName, message.Text, message.From!.Id));
        Assert.True(message.ChatIsForum);
        Assert.True(id > 0);
        Assert.Equal(new SentMessage(-1001234, 7, "answer", default).Text, Assert.Single(_telegram.Sent).Text);
    }

    [Fact]
    public async Task A_429_is_retried_after_exactly_the_wait_telegram_asks_for()
    {
        _telegram.RateLimitNextSends(1, retryAfterSeconds: 3);
        var watch = Stopwatch.StartNew();

        await Client().SendMessageAsync(42, "after the wait", null, CancellationToken.None);

        // At least the 3 s Telegram asked for (Polly's own first backoff would be 1 s); the upper
        // bound only rules out a second wait, and leaves room for a loaded CI machine.
        Assert.InRange(watch.Elapsed.TotalSeconds, 2.95, 13);
        Assert.Equal(1, _telegram.RateLimitedAnswers);
        Assert.Equal("after the wait", Assert.Single(_telegram.Sent).Text);
    }

    [Fact]
    public async Task A_409_conflict_surfaces_at_once_and_says_so()
    {
        _telegram.ConflictNextPolls(1);

        var error = await Assert.ThrowsAsync<TelegramApiException>(() => Client().GetUpdatesAsync(0, 1, CancellationToken.None));

        Assert.True(error.IsConflict);
        Assert.Single(_telegram.Offsets);
    }

    [Fact]
    public async Task A_wrong_token_fails_without_the_token_in_the_message()
    {
        const string Wrong = "987654321:AAEsomeOtherTokenThatIsNotValid_xyz12";

        var error = await Assert.ThrowsAsync<TelegramApiException>(() => Client(Wrong).GetMeAsync(CancellationToken.None));

        Assert.Equal(401, error.ErrorCode);
        Assert.DoesNotContain(Wrong, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("AAEsome", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_server_is_a_transient_error_that_names_no_url()
    {
        using var http = new HttpClient();
        var client = new TelegramBotClient(http, "http://127.0.0.1:9", FakeBotApi.Token, maxRetries: 1);

        var error = await Assert.ThrowsAsync<TelegramApiException>(() => client.GetMeAsync(CancellationToken.None));

        Assert.True(error.IsTransient);
        Assert.DoesNotContain(FakeBotApi.Token, error.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("12345:short")]
    [InlineData("abc:AAEfakeTokenForStewardTestsOnly_abcdef")]
    public void Malformed_tokens_are_refused_before_any_call(string token) =>
        Assert.Throws<StewardException>(() => new TelegramBotClient(_http, "http://127.0.0.1:9", token));
}
