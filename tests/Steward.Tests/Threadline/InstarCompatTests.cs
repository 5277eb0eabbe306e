using System.Net;
using System.Text.Json.Nodes;
using Steward.Core.Threadline;
using Steward.Testing;
using Steward.Tests.Sessions;

namespace Steward.Tests.Threadline;

/// <summary>Steward and an Instar agent over direct HTTP: sealed by default, Instar's plaintext body only for a contact the owner marked instar_compat, and never silently.</summary>
public sealed class InstarCompatTests
{
    private static async Task<(SessionDaemonFixture Daemon, string Url)> StartAsync()
    {
        var daemon = await SessionDaemonFixture.StartAsync(config =>
        {
            config["name"] = "ada";
            config["threadline"] = new JsonObject { ["listen"] = "127.0.0.1:0" };
        });
        return (daemon, await daemon.ThreadlineUrlAsync());
    }

    private static async Task<ChildProcess> StewardAsync(SessionDaemonFixture fixture, int expectedExit, params string[] arguments)
    {
        var process = await fixture.RunStewardAsync(arguments);
        Assert.True(process.ExitCode == expectedExit, $"steward {string.Join(' ', arguments)} exited {process.ExitCode}: {process.Stdout}\n{process.Stderr}");
        return process;
    }

    [Fact]
    public async Task Steward_seals_for_an_Instar_agent_until_the_owner_marks_it_instar_compat()
    {
        var (daemon, _) = await StartAsync();
        await using var _ = daemon;
        await using var instar = await FakeInstarAgent.StartAsync();

        using var add = await StewardAsync(daemon, 0, "threadline", "add", instar.BaseUrl);
        using var sealedSend = await StewardAsync(daemon, 1, "threadline", "send", FakeInstarAgent.Name, "hello, sealed");
        using var compat = await StewardAsync(daemon, 0, "threadline", "compat", FakeInstarAgent.Name, "on");
        using var plainSend = await StewardAsync(daemon, 0, "threadline", "send", FakeInstarAgent.Name, "hello, plain");
        using var contacts = await StewardAsync(daemon, 0, "threadline", "contacts");
        using var history = await StewardAsync(daemon, 0, "threadline", "history", FakeInstarAgent.Name);

        Assert.Contains(instar.Identity.Fingerprint, add.Stdout, StringComparison.Ordinal);
        // Instar cannot open a sealed envelope and says so; Steward reports it and does not fall back.
        Assert.Contains("Missing required field: message", sealedSend.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, instar.RefusedNotPlaintext);
        Assert.Contains("NOT end-to-end sealed", compat.Stdout, StringComparison.Ordinal);
        Assert.Contains("NOT end-to-end sealed", plainSend.Stdout, StringComparison.Ordinal);
        var message = Assert.Single(instar.Received);
        Assert.Equal(("hello, plain", "ada", FakeInstarAgent.Name), (message["body"]!.GetValue<string>(), message["from"]!["agent"]!.GetValue<string>(), message["to"]!["agent"]!.GetValue<string>()));
        Assert.Contains("instar_compat", contacts.Stdout, StringComparison.Ordinal);
        Assert.Contains("failed: 400 TL_INVALID_PAYLOAD", history.Stdout, StringComparison.Ordinal);
        Assert.Contains("(delivered, not sealed): hello, plain", history.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_Instar_agents_plaintext_message_gets_in_only_once_the_owner_allows_it_and_is_labelled_unsealed()
    {
        var (daemon, url) = await StartAsync();
        await using var _ = daemon;
        await using var instar = await FakeInstarAgent.StartAsync();
        using var http = new HttpClient();
        using var add = await StewardAsync(daemon, 0, "threadline", "add", instar.BaseUrl);
        using var trust = await StewardAsync(daemon, 0, "threadline", "trust", FakeInstarAgent.Name, "verified");

        var refused = await instar.SendPlaintextAsync(http, url, "ada", "m-1", "What is the build status?", "th-1");
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("instar_compat", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(new ThreadlineMessages(daemon.Services.Database).History("th-1", null, 10));

        using var compat = await StewardAsync(daemon, 0, "threadline", "compat", FakeInstarAgent.Name, "on");
        var accepted = await instar.SendPlaintextAsync(http, url, "ada", "m-1", "What is the build status?", "th-1");

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("th-1", JsonNode.Parse(await accepted.Content.ReadAsStringAsync())!["threadId"]!.GetValue<string>());
        Assert.False(Assert.Single(new ThreadlineMessages(daemon.Services.Database).History("th-1", null, 10)).Sealed);
        var session = ThreadSessions.NameFor(instar.Identity.Fingerprint, "th-1");
        await daemon.WaitForStatusAsync(session, Core.Sessions.SessionStatus.Idle);
        Assert.Contains(daemon.Model.Requests, r => r.LastUserText.StartsWith(
            $"[INCOMING AGENT MESSAGE — from: {FakeInstarAgent.Name} ({instar.Identity.Fingerprint}), trust: verified, not end-to-end sealed]\nWhat is the build status?", StringComparison.Ordinal));
        using var inbox = await StewardAsync(daemon, 0, "threadline", "inbox");
        Assert.Contains("instar-bot (not sealed): What is the build status?", inbox.Stdout, StringComparison.Ordinal);
    }
}
