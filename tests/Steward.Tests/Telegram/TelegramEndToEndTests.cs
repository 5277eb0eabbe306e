using System.Text.Json.Nodes;
using Steward.Core.Configuration;
using Steward.Core.Files;
using Steward.Core.Telegram;
using Steward.Testing;
using Steward.Testing.FakeTelegram;
using Steward.Tests.Sessions;

namespace Steward.Tests.Telegram;

/// <summary>
/// The real daemon against a fake Bot API server and the real Claude Code CLI against the fake
/// model: messages in, sessions spawned and resumed, answers back to the same topic.
/// </summary>
public sealed class TelegramEndToEndTests
{
    private const long Owner = 4242;
    private const long Group = -1003000000001;

    private static async Task<(SessionDaemonFixture Daemon, FakeBotApi Telegram)> StartAsync(bool paired = true)
    {
        var telegram = await FakeBotApi.StartAsync();
        var daemon = await SessionDaemonFixture.StartAsync(
            config => config["telegram"] = new JsonObject { ["base_url"] = telegram.BaseUrl, ["allowed_user_ids"] = paired ? new JsonArray(Owner) : new JsonArray() },
            prepare: home =>
            {
                Directory.CreateDirectory(home.KeysDirectory);
                AtomicFile.WriteAllText(Path.Combine(home.KeysDirectory, TelegramToken.FileName), FakeBotApi.Token + "\n", OwnerOnly.File);
            });
        return (daemon, telegram);
    }

    private static Task WaitForSentAsync(FakeBotApi telegram, Func<IReadOnlyList<SentMessage>, bool> condition, SessionDaemonFixture daemon, int seconds = 90) =>
        Eventually.TrueAsync(() => condition(telegram.Sent), TimeSpan.FromSeconds(seconds),
            () => $"sent so far: {string.Join(" | ", telegram.Sent.Select(m => $"{m.ChatId}/{m.ThreadId}: {m.Text[..Math.Min(80, m.Text.Length)]}"))}\ndaemon:\n{daemon.Daemon.Stderr}");

    [Fact]
    public async Task A_topic_message_reaches_a_session_and_the_answer_comes_back_to_that_topic_while_strangers_get_nothing()
    {
        var (daemon, telegram) = await StartAsync();
        await using var _ = daemon;
        await using var __ = telegram;

        telegram.Write(999, "let me in", firstName: "Mallory");
        telegram.Write(Owner, "What is on the launch checklist?", chatId: Group, threadId: 77, topicName: "Launch");
        await WaitForSentAsync(telegram, sent => sent.Any(m => m.ThreadId == 77), daemon);
        telegram.Write(Owner, "And the second item?", chatId: Group, threadId: 77, topicName: "Launch");
        await WaitForSentAsync(telegram, sent => sent.Count(m => m.ThreadId == 77) >= 2, daemon);

        var answers = telegram.SentTo(Group).Where(m => m.ThreadId == 77).ToList();
        Assert.Contains("What is on the launch checklist?", answers[0].Text, StringComparison.Ordinal);
        Assert.Contains("And the second item?", answers[1].Text, StringComparison.Ordinal);
        var session = TelegramUpdateHandler.SessionNameFor(Group, 77);
        Assert.Equal(2, daemon.Model.Requests.Count(r => r.LastUserText.Contains("[telegram from", StringComparison.Ordinal)));
        Assert.Contains(daemon.Model.Requests, r => r.LastUserText.Contains("[telegram from @grace (user 4242) in \"Launch\"] What is on the launch checklist?", StringComparison.Ordinal));
        Assert.Empty(telegram.SentTo(999));
        Assert.DoesNotContain("let me in", daemon.Transcript(session), StringComparison.Ordinal);
        Assert.Null(daemon.Services.Sessions.Get(TelegramUpdateHandler.SessionNameFor(999, null)));
        Assert.Equal(1, new TelegramInbox(daemon.Services.Database).Counts().Ignored);
        Assert.Contains(daemon.Services.Memory.Recent("telegram-launch", 10), e => e.Text.Contains("launch checklist", StringComparison.Ordinal));
        Assert.NotNull(daemon.Services.People.Resolve("telegram", Owner.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task Pairing_adds_the_first_user_who_sends_the_code_and_no_one_else()
    {
        var (daemon, telegram) = await StartAsync(paired: false);
        await using var _ = daemon;
        await using var __ = telegram;
        var (code, _) = new TelegramPairing(daemon.Services.Database).Create();

        telegram.Write(Owner, "hello?");
        telegram.Write(Owner, "ZZZZZZZZ");
        telegram.Write(Owner, code);
        await WaitForSentAsync(telegram, sent => sent.Any(m => m.Text.StartsWith("Paired", StringComparison.Ordinal)), daemon);
        telegram.Write(555, code, firstName: "Eve");
        telegram.Write(Owner, "/help");
        await WaitForSentAsync(telegram, sent => sent.Any(m => m.Text.Contains("/jobs", StringComparison.Ordinal)), daemon);

        Assert.Equal([Owner], StewardConfig.Load(daemon.Home.ConfigPath).TelegramAllowedUserIds);
        Assert.Empty(telegram.SentTo(555));
        Assert.Equal(2, telegram.SentTo(Owner).Count);
        Assert.Empty(daemon.Services.Sessions.List());
    }

    [Fact]
    public async Task A_long_answer_arrives_as_ordered_parts_through_a_429_storm()
    {
        var (daemon, telegram) = await StartAsync();
        await using var _ = daemon;
        await using var __ = telegram;
        var words = string.Join(' ', Enumerable.Range(0, 1_700).Select(i => $"w{i:D4}"));
        telegram.RateLimitNextSends(3, retryAfterSeconds: 1);

        telegram.Write(Owner, $"Write it all.\nREPLY {words}");
        await WaitForSentAsync(telegram, sent => string.Join(' ', sent.Select(m => m.Text)).Contains("w1699", StringComparison.Ordinal), daemon);

        var parts = telegram.SentTo(Owner);
        Assert.True(words.Length > 10_000);
        Assert.InRange(parts.Count, 3, 4);
        Assert.All(parts, p => Assert.True(p.Text.Length <= 4_096));
        Assert.Equal(words, string.Join(' ', parts.Select(p => p.Text)));
        Assert.Equal(3, telegram.RateLimitedAnswers);
    }

    [Fact]
    public async Task After_kill_9_mid_answer_the_message_is_handled_once_and_answered_once()
    {
        var (daemon, telegram) = await StartAsync();
        await using var _ = daemon;
        await using var __ = telegram;
        var session = TelegramUpdateHandler.SessionNameFor(Owner, null);

        telegram.Write(Owner, "Think about it.\nDELAY 4000");
        await Eventually.TrueAsync(() => daemon.Services.Sessions.Get(session)?.Status == Core.Sessions.SessionStatus.Running, TimeSpan.FromSeconds(60),
            () => $"session running; daemon:\n{daemon.Daemon.Stderr}");
        await daemon.CrashDaemonAsync();
        Assert.Empty(telegram.Sent);
        await daemon.StartDaemonAsync();
        await WaitForSentAsync(telegram, sent => sent.Any(m => m.Text.Contains("Think about it.", StringComparison.Ordinal)), daemon);
        await Task.Delay(TimeSpan.FromSeconds(3));

        Assert.Single(telegram.SentTo(Owner));
        Assert.Equal(1, new TelegramInbox(daemon.Services.Database).Counts().Handled);
    }

    [Fact]
    public async Task A_daemon_started_while_telegram_is_unreachable_connects_when_it_comes_back()
    {
        var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        await using var daemon = await SessionDaemonFixture.StartAsync(
            config => config["telegram"] = new JsonObject { ["base_url"] = $"http://127.0.0.1:{port}", ["allowed_user_ids"] = new JsonArray(Owner) },
            prepare: home =>
            {
                Directory.CreateDirectory(home.KeysDirectory);
                AtomicFile.WriteAllText(Path.Combine(home.KeysDirectory, TelegramToken.FileName), FakeBotApi.Token + "\n", OwnerOnly.File);
            });
        // Telegram is down for the daemon's first attempts (getMe fails and is retried with backoff).
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.False(File.Exists(TelegramStatusFile.PathFor(daemon.Home)) && TelegramStatusFile.Read(daemon.Home)?["connected"]?.GetValue<bool>() == true);

        await using var telegram = await FakeBotApi.StartAsync(port);
        telegram.Write(Owner, "/help");

        await WaitForSentAsync(telegram, sent => sent.Any(m => m.Text.Contains("/quota", StringComparison.Ordinal)), daemon, seconds: 90);
        Assert.True(TelegramStatusFile.Read(daemon.Home)!["connected"]!.GetValue<bool>());
    }
}
