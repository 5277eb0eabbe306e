using System.Text.Json.Nodes;
using Steward.Core.Scheduling.Jobs;
using Steward.Core.Telegram;
using Steward.Testing;
using Steward.Testing.FakeTelegram;
using Steward.Tests.Sessions;

namespace Steward.Tests.Telegram;

/// <summary>`steward telegram …` as a user runs it, the outbox across a daemon restart, commands, 409 and job notifications.</summary>
public sealed class TelegramCliTests
{
    private const long Owner = 4242;

    [Fact]
    public async Task Setup_pair_send_and_status_work_from_the_command_line_and_the_outbox_outlives_the_daemon()
    {
        await using var telegram = await FakeBotApi.StartAsync();
        await using var fixture = await SessionDaemonFixture.StartAsync(config => config["telegram"] = new JsonObject { ["base_url"] = telegram.BaseUrl, ["allowed_user_ids"] = new JsonArray() });
        var tokenFile = Path.Combine(fixture.Home.KeysDirectory, TelegramToken.FileName);

        using var bad = await fixture.RunStewardAsync("telegram", "setup", "--token", "999999999:AAEthisTokenIsNotKnownToTheFakeServer1");
        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("did not accept the token", bad.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("AAEthisToken", bad.Stderr + bad.Stdout, StringComparison.Ordinal);
        Assert.False(File.Exists(tokenFile));

        using var setup = await fixture.RunStewardAsync("telegram", "setup", "--token", FakeBotApi.Token);
        Assert.True(setup.ExitCode == 0, setup.Stderr);
        Assert.Contains("@steward_test_bot", setup.Stdout, StringComparison.Ordinal);
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(tokenFile));

        using var noOwner = await fixture.RunStewardAsync("telegram", "send", "hello");
        Assert.Equal(1, noOwner.ExitCode);
        Assert.Contains("steward telegram pair", noOwner.Stderr, StringComparison.Ordinal);

        await fixture.StopDaemonAsync();
        await fixture.StartDaemonAsync();
        using var pair = await fixture.RunStewardAsync("telegram", "pair");
        var code = System.Text.RegularExpressions.Regex.Match(pair.Stdout, "account: ([A-Z0-9]{8})").Groups[1].Value;
        Assert.Equal(8, code.Length);
        telegram.Write(Owner, code);
        await Eventually.TrueAsync(() => telegram.SentTo(Owner).Any(m => m.Text.StartsWith("Paired", StringComparison.Ordinal)), TimeSpan.FromSeconds(30),
            () => $"pairing with '{code}' from: {pair.Stdout}\ndaemon:\n{fixture.Daemon.Stderr}");

        await fixture.StopDaemonAsync();
        using var send = await fixture.RunStewardAsync("telegram", "send", "written while the daemon was down");
        Assert.True(send.ExitCode == 0, send.Stderr);
        using var offline = await fixture.RunStewardAsync("telegram", "status");
        Assert.Contains("1 queued", offline.Stdout, StringComparison.Ordinal);
        await fixture.StartDaemonAsync();
        await Eventually.TrueAsync(() => telegram.SentTo(Owner).Any(m => m.Text == "written while the daemon was down"), TimeSpan.FromSeconds(30),
            () => $"daemon:\n{fixture.Daemon.Stderr}");

        using var status = await fixture.RunStewardAsync("telegram", "status", "--json");
        var json = JsonNode.Parse(status.Stdout)!;
        Assert.True(json["connected"]!.GetValue<bool>());
        Assert.Equal("steward_test_bot", json["bot"]!.GetValue<string>());
        Assert.Equal(Owner, json["owner_user_id"]!.GetValue<long>());
        Assert.Equal(0, json["outbox_queued"]!.GetValue<int>());
    }

    [Fact]
    public async Task Commands_answer_409_is_reported_and_jobs_notify_the_owner()
    {
        await using var telegram = await FakeBotApi.StartAsync();
        await using var fixture = await SessionDaemonFixture.StartAsync(
            config => config["telegram"] = new JsonObject { ["base_url"] = telegram.BaseUrl, ["allowed_user_ids"] = new JsonArray(Owner) },
            prepare: home =>
            {
                Directory.CreateDirectory(home.KeysDirectory);
                File.WriteAllText(Path.Combine(home.KeysDirectory, TelegramToken.FileName), FakeBotApi.Token);
            });
        fixture.Services.Jobs.Create("morning-brief", new JobChanges(Schedule: "0 9 * * *", Prompt: "REPLY All quiet this morning.", Notify: "always"));

        telegram.Write(Owner, "/jobs");
        telegram.Write(Owner, "/run morning-brief");
        await Eventually.TrueAsync(() => telegram.SentTo(Owner).Any(m => m.Text.StartsWith("Job morning-brief", StringComparison.Ordinal)), TimeSpan.FromSeconds(90),
            () => $"sent: {string.Join(" | ", telegram.Sent.Select(m => m.Text))}\ndaemon:\n{fixture.Daemon.Stderr}");
        telegram.Write(Owner, "/sessions");
        telegram.Write(Owner, "/quota");
        telegram.Write(Owner, "/stop");
        telegram.Write(Owner, "/frobnicate");
        await Eventually.TrueAsync(() => telegram.SentTo(Owner).Count >= 7, TimeSpan.FromSeconds(30), () => string.Join(" | ", telegram.Sent.Select(m => m.Text)));
        telegram.Write(Owner, "/new fresh-start");
        telegram.Write(Owner, "Begin again.");
        await Eventually.TrueAsync(() => fixture.Services.Sessions.Get("fresh-start") is not null && telegram.SentTo(Owner).Any(m => m.Text.Contains("fresh-start", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), () => string.Join(" | ", telegram.Sent.Select(m => m.Text)));
        telegram.ConflictNextPolls(50);
        await Eventually.TrueAsync(() => new TelegramFrontDoor(fixture.Services).Status()["last_error"]?.GetValue<string>()?.Contains("409", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(30), () => fixture.Daemon.Stderr);

        var texts = telegram.SentTo(Owner).Select(m => m.Text).ToList();
        Assert.Contains(texts, t => t.StartsWith("morning-brief: 0 9 * * *", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("Queued run", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("Job morning-brief", StringComparison.Ordinal) && t.Contains("All quiet this morning.", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("job-", StringComparison.Ordinal) && t.Contains("turns", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("Today $", StringComparison.Ordinal));
        Assert.Contains(texts, t => t == "This topic has no session yet.");
        Assert.Contains(texts, t => t.StartsWith("Unknown command /frobnicate", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.Contains("starts a fresh session, fresh-start", StringComparison.Ordinal));
        Assert.Contains("Begin again.", fixture.Session("fresh-start").Prompt, StringComparison.Ordinal);
        Assert.Contains("409", fixture.Daemon.Stderr, StringComparison.Ordinal);
    }
}
