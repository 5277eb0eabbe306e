using System.Text.Json.Nodes;
using Steward.Core.Threadline;
using Steward.Testing;
using Steward.Tests.Sessions;

namespace Steward.Tests.Threadline;

/// <summary>Two real daemons (two homes) on loopback: add each other, handshake, raise trust, and exchange sealed messages both ways in one thread.</summary>
public sealed class TwoDaemonTests
{
    private static async Task<(SessionDaemonFixture Daemon, string Url)> StartAsync(string name, int port = 0)
    {
        var daemon = await SessionDaemonFixture.StartAsync(config =>
        {
            config["name"] = name;
            config["threadline"] = new JsonObject { ["listen"] = $"127.0.0.1:{port}" };
        });
        return (daemon, await daemon.ThreadlineUrlAsync());
    }

    [Fact]
    public async Task Two_agents_pair_and_talk_in_one_thread()
    {
        var (first, firstUrl) = await StartAsync("ada");
        await using var _ = first;
        var (second, secondUrl) = await StartAsync("bob");
        await using var __ = second;
        using var http = new HttpClient();
        using var firstIdentity = ThreadlineKeyFile.Load(first.Home);
        using var secondIdentity = ThreadlineKeyFile.Load(second.Home);
        var (firstName, secondName) = (first.Services.Config.Name, second.Services.Config.Name);
        Assert.NotEqual(firstName, secondName);
        var fromFirst = new ThreadlineClient(http, first.Services.Database, firstIdentity, firstName);
        var fromSecond = new ThreadlineClient(http, second.Services.Database, secondIdentity, secondName);

        var secondAtFirst = await fromFirst.AddContactAsync(secondUrl, CancellationToken.None);
        var firstAtSecond = await fromSecond.AddContactAsync(firstUrl, CancellationToken.None);
        Assert.Equal(secondIdentity.Fingerprint, secondAtFirst.Fingerprint);
        Assert.Equal(firstIdentity.Fingerprint, firstAtSecond.Fingerprint);

        // Untrusted contacts cannot message: the owner of each side raises the other first.
        // The receiver's refusal is final, not retried: the sender learns at once.
        var refused = await fromFirst.SendAsync(secondName, "too early", null, CancellationToken.None);
        Assert.Equal(SendStatus.Failed, refused.Status);
        Assert.Contains("forbidden", refused.Error, StringComparison.Ordinal);
        new ThreadlineContacts(second.Services.Database).SetTrust(firstName, TrustLevel.Verified, confirmed: true, "owner approved", "owner");
        new ThreadlineContacts(first.Services.Database).SetTrust(secondName, TrustLevel.Verified, confirmed: true, "owner approved", "owner");

        var sent = await fromFirst.SendAsync(secondName, "Hello from the first agent", null, CancellationToken.None);
        Assert.Equal((SendStatus.Delivered, true), (sent.Status, sent.Sealed));
        var thread = sent.ThreadId;
        var answer = await fromSecond.SendAsync(firstName, "Hello back, same thread", thread, CancellationToken.None);
        Assert.Equal(SendStatus.Delivered, answer.Status);

        var atSecond = new ThreadlineInbox(second.Services.Database, secondIdentity, new SenderRateLimiter()).Received();
        var atFirst = new ThreadlineInbox(first.Services.Database, firstIdentity, new SenderRateLimiter()).Received();
        Assert.Equal((thread, firstIdentity.Fingerprint, "Hello from the first agent"), Assert.Single(atSecond));
        Assert.Equal((thread, secondIdentity.Fingerprint, "Hello back, same thread"), Assert.Single(atFirst));

        // Each side's thread session got the other's words wrapped and labelled.
        var sessionAtSecond = ThreadSessions.NameFor(firstIdentity.Fingerprint, thread);
        await second.WaitForStatusAsync(sessionAtSecond, Core.Sessions.SessionStatus.Idle);
        Assert.Contains(second.Model.Requests, r => r.LastUserText.StartsWith($"[INCOMING AGENT MESSAGE — from: {firstName} ({firstIdentity.Fingerprint}), trust: verified]\nHello from the first agent\n[END AGENT MESSAGE]", StringComparison.Ordinal));
        await first.WaitForStatusAsync(ThreadSessions.NameFor(secondIdentity.Fingerprint, thread), Core.Sessions.SessionStatus.Idle);
        Assert.Contains(first.Model.Requests, r => r.LastUserText.Contains("Hello back, same thread", StringComparison.Ordinal));
        var history = new ThreadlineMessages(first.Services.Database).History(thread, null, 10);
        Assert.Equal(["out:delivered", "in:received"], history.Select(m => $"{m.Direction}:{m.Status}"));
    }

    private static async Task<ChildProcess> StewardAsync(SessionDaemonFixture fixture, params string[] arguments)
    {
        var process = await fixture.RunStewardAsync(arguments);
        Assert.True(process.ExitCode == 0, $"steward {string.Join(' ', arguments)}: {process.Stderr}");
        return process;
    }

    [Fact]
    public async Task The_owners_do_the_same_from_the_command_line()
    {
        var (first, _) = await StartAsync("ada");
        await using var _ = first;
        var (second, secondUrl) = await StartAsync("bob");
        await using var __ = second;

        using var id = await StewardAsync(second, "threadline", "id");
        using var add = await StewardAsync(first, "threadline", "add", secondUrl);
        using var contacts = await StewardAsync(first, "threadline", "contacts");
        using var trust = await StewardAsync(second, "threadline", "trust", "ada", "verified");
        using var send = await StewardAsync(first, "threadline", "send", "bob", "Build is green.");
        using var inbox = await StewardAsync(second, "threadline", "inbox");
        using var unread = await StewardAsync(second, "threadline", "inbox", "--unread");

        using var secondKey = ThreadlineKeyFile.Load(second.Home);
        Assert.Contains(secondKey.Fingerprint, id.Stdout, StringComparison.Ordinal);
        Assert.Contains(secondKey.Fingerprint, add.Stdout, StringComparison.Ordinal);
        Assert.Contains("untrusted", contacts.Stdout, StringComparison.Ordinal);
        Assert.Contains("ada is now verified", trust.Stdout, StringComparison.Ordinal);
        Assert.StartsWith("Delivered in thread", send.Stdout, StringComparison.Ordinal);
        Assert.Contains("ada: Build is green.", inbox.Stdout, StringComparison.Ordinal);
        Assert.Equal("No messages.", unread.Stdout.Trim());
    }

    [Fact]
    public async Task A_message_to_an_agent_that_is_down_waits_in_the_queue_and_arrives_when_it_is_back()
    {
        int port;
        using (var probe = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0))
        {
            probe.Start();
            port = ((System.Net.IPEndPoint)probe.LocalEndpoint).Port;
        }
        var (first, _) = await StartAsync("ada");
        await using var _ = first;
        var (second, secondUrl) = await StartAsync("bob", port);
        await using var __ = second;
        using var add = await StewardAsync(first, "threadline", "add", secondUrl);
        using var trust = await StewardAsync(second, "threadline", "trust", "ada", "verified");

        await second.StopDaemonAsync();
        using var send = await StewardAsync(first, "threadline", "send", "bob", "Sent while you were away.");
        Assert.StartsWith("Queued in thread", send.Stdout, StringComparison.Ordinal);
        Assert.Contains("cannot reach", send.Stdout, StringComparison.Ordinal);
        using var queued = await StewardAsync(first, "threadline", "history", "bob");
        Assert.Contains("(queued, 1 tries so far", queued.Stdout, StringComparison.Ordinal);

        // Bob comes back on the same address; Ada's daemon retries on its own (first retry after 10 s).
        await second.StartDaemonAsync();
        var inbox = new ThreadlineMessages(second.Services.Database);
        await Eventually.TrueAsync(() => inbox.History(null, new ThreadlineContacts(second.Services.Database).Require("ada").Fingerprint, 10).Count == 1,
            TimeSpan.FromSeconds(60), () => first.Daemon.Stderr);
        Assert.Equal("Sent while you were away.", Assert.Single(inbox.History(null, new ThreadlineContacts(second.Services.Database).Require("ada").Fingerprint, 10)).Text);
        // The receiver stores before it answers, so the sender may settle a moment later.
        await Eventually.TrueAsync(() => new ThreadlineMessages(first.Services.Database).History(null, new ThreadlineContacts(first.Services.Database).Require("bob").Fingerprint, 10).Single().Status == "delivered",
            TimeSpan.FromSeconds(20), "ada's daemon settles the message as delivered");
        using var delivered = await StewardAsync(first, "threadline", "history", "bob");
        Assert.Contains("(delivered): Sent while you were away.", delivered.Stdout, StringComparison.Ordinal);
    }
}
