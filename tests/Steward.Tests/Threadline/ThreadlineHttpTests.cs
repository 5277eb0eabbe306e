using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Steward.Core.Storage;
using Steward.Core.Threadline;
using Steward.Testing;
using Steward.Tests.Sessions;

namespace Steward.Tests.Threadline;

/// <summary>The daemon's Threadline endpoints over real HTTP: health, a full handshake, a sealed message in, and refusals.</summary>
public sealed class ThreadlineHttpTests
{
    private static async Task<(SessionDaemonFixture Daemon, string BaseUrl)> StartAsync()
    {
        var daemon = await SessionDaemonFixture.StartAsync(config => config["threadline"] = new JsonObject { ["listen"] = "127.0.0.1:0" });
        return (daemon, await daemon.ThreadlineUrlAsync());
    }

    [Fact]
    public async Task A_peer_handshakes_gets_trusted_and_its_sealed_message_is_accepted_once()
    {
        var (daemon, baseUrl) = await StartAsync();
        await using var _ = daemon;
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var health = await http.GetFromJsonAsync<JsonObject>("/threadline/health");
        var daemonKey = Convert.FromHexString(health!["identityPub"]!.GetValue<string>());
        var daemonName = health["agent"]!.GetValue<string>();

        using var peerHome = new TempDirectory("peer");
        using var peer = ThreadlineIdentity.Create();
        var peerContacts = new ThreadlineContacts(new StewardDatabase(peerHome.Combine("state.db")));
        var handshake = new ThreadlineHandshake(peer, "peer-agent", peerContacts);
        var hello = await http.PostAsJsonAsync("/threadline/handshake/hello", handshake.Hello(daemonName));
        Assert.Equal(HttpStatusCode.OK, hello.StatusCode);
        Assert.StartsWith("application/threadline+json", hello.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
        var confirm = handshake.Finish(daemonName, (await hello.Content.ReadFromJsonAsync<JsonObject>())!);
        var ack = await (await http.PostAsJsonAsync("/threadline/handshake/confirm", confirm)).Content.ReadFromJsonAsync<JsonObject>();
        Assert.Equal("paired", ack!["status"]!.GetValue<string>());

        var daemonContacts = new ThreadlineContacts(daemon.Services.Database);
        daemonContacts.SetTrust("peer-agent", TrustLevel.Verified, confirmed: true, "test owner", "owner");
        var token = peerContacts.RelayToken(Core.Threadline.ThreadlineIdentity.FingerprintOf(daemonKey))!;
        var envelope = SealedEnvelope.Seal(peer, Core.Threadline.ThreadlineIdentity.FingerprintOf(daemonKey), Core.Crypto.Sodium.Ed25519PublicToX25519(daemonKey), "t-http",
            new JsonObject { ["content"] = "status of the nightly build?", ["type"] = "query" }, SealInputs.Fresh(TimeProvider.System));
        var body = new JsonObject { ["envelope"] = envelope };

        async Task<HttpResponseMessage> SendAsync(string nonce)
        {
            var timestamp = UntrustedJson.IsoTimestamp(DateTimeOffset.UtcNow);
            using var request = new HttpRequestMessage(HttpMethod.Post, "/threadline/messages/receive") { Content = new StringContent(CanonicalJson.Stringify(body), Encoding.UTF8, "application/json") };
            foreach (var (name, value) in SignedRequest.Headers(peer, "peer-agent", token, "POST", "/threadline/messages/receive", nonce, timestamp, body))
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }
            return await http.SendAsync(request);
        }

        var accepted = await SendAsync("n-1");
        var replayedNonce = await SendAsync("n-1");
        var replayedMessage = await SendAsync("n-2");

        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("t-http", (await accepted.Content.ReadFromJsonAsync<JsonObject>())!["threadId"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.Unauthorized, replayedNonce.StatusCode);
        Assert.Contains("TL_REPLAY_DETECTED", await replayedNonce.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, replayedMessage.StatusCode);
        Assert.Contains("\"replay\"", await replayedMessage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var stored = new ThreadlineInbox(daemon.Services.Database, peer, new SenderRateLimiter()).Received();
        Assert.Equal(("t-http", peer.Fingerprint, "status of the nightly build?"), Assert.Single(stored));

        // The thread's session gets the message wrapped and labelled, never as bare instructions.
        var session = ThreadSessions.NameFor(peer.Fingerprint, "t-http");
        await daemon.WaitForStatusAsync(session, Core.Sessions.SessionStatus.Idle);
        Assert.Contains(daemon.Model.Requests, r => r.LastUserText.StartsWith($"[INCOMING AGENT MESSAGE — from: peer-agent ({peer.Fingerprint}), trust: verified]\nstatus of the nightly build?\n[END AGENT MESSAGE]", StringComparison.Ordinal));
        Assert.Equal("threadline", daemon.Session(session).LaunchedBy);
    }

    [Fact]
    public async Task Unauthenticated_malformed_and_oversized_requests_are_refused()
    {
        var (daemon, baseUrl) = await StartAsync();
        await using var _ = daemon;
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };

        var noAuth = await http.PostAsync("/threadline/messages/receive", new StringContent("{\"envelope\": {}}", Encoding.UTF8, "application/json"));
        var badJson = await http.PostAsync("/threadline/handshake/hello", new StringContent("{\"agent\": ", Encoding.UTF8, "application/json"));
        var badHello = await http.PostAsJsonAsync("/threadline/handshake/hello", new JsonObject { ["agent"] = "x" });
        var huge = await http.PostAsync("/threadline/handshake/hello", new StringContent("{\"agent\": \"" + new string('x', 300_000) + "\"}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Unauthorized, noAuth.StatusCode);
        Assert.Contains("TL_AUTH_MISSING", await noAuth.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, badJson.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badHello.StatusCode);
        Assert.Contains("TL_INVALID_PAYLOAD", await badHello.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.True(huge.StatusCode is HttpStatusCode.BadRequest or HttpStatusCode.RequestEntityTooLarge, huge.StatusCode.ToString());
        Assert.Empty(new ThreadlineContacts(daemon.Services.Database).List());
    }

    [Fact]
    public async Task The_signed_agent_card_names_the_key_health_names()
    {
        var (daemon, baseUrl) = await StartAsync();
        await using var _ = daemon;
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };

        // Asked under another host name, the signed card still names the address the daemon chose, not the caller's.
        using var cardRequest = new HttpRequestMessage(HttpMethod.Get, "/.well-known/agent-card.json");
        cardRequest.Headers.Host = "localhost";
        using var response = await http.SendAsync(cardRequest);
        var card = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        var signature = response.Headers.GetValues(AgentCard.SignatureHeader).Single();
        var health = await http.GetFromJsonAsync<JsonObject>("/threadline/health");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(Convert.FromHexString(health!["identityPub"]!.GetValue<string>()), AgentCard.VerifiedKey(card, signature));
        Assert.Equal(baseUrl, card["url"]!.GetValue<string>());
        Assert.Equal(health["agent"]!.GetValue<string>(), card["name"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_request_addressed_to_another_host_name_is_refused_on_loopback()
    {
        var (daemon, baseUrl) = await StartAsync();
        await using var _ = daemon;
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };

        using var rebound = new HttpRequestMessage(HttpMethod.Get, "/threadline/health");
        rebound.Headers.Host = "attacker.example";
        var refused = await http.SendAsync(rebound);
        using var localhost = new HttpRequestMessage(HttpMethod.Get, "/threadline/health");
        localhost.Headers.Host = "localhost";
        var allowed = await http.SendAsync(localhost);

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Contains("TL_AUTH_FAILED", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
    }

    [Fact]
    public async Task A_handshake_flood_is_rate_limited_and_an_impostor_under_a_paired_name_changes_nothing()
    {
        var (daemon, baseUrl) = await StartAsync();
        await using var _ = daemon;
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        var daemonName = (await http.GetFromJsonAsync<JsonObject>("/threadline/health"))!["agent"]!.GetValue<string>();

        // The genuine peer pairs first.
        using var peerHome = new TempDirectory("peer");
        using var peer = ThreadlineIdentity.Create();
        var peerHandshake = new ThreadlineHandshake(peer, "peer-agent", new ThreadlineContacts(new StewardDatabase(peerHome.Combine("state.db"))));
        var hello = await http.PostAsJsonAsync("/threadline/handshake/hello", peerHandshake.Hello(daemonName));
        await http.PostAsJsonAsync("/threadline/handshake/confirm", peerHandshake.Finish(daemonName, (await hello.Content.ReadFromJsonAsync<JsonObject>())!));
        var pinned = new ThreadlineContacts(daemon.Services.Database).Require("peer-agent");
        var token = new ThreadlineContacts(daemon.Services.Database).RelayToken(pinned.Fingerprint);

        // An impostor claims the same name with its own key: the handshake completes its maths but the pinned key wins.
        using var impostorHome = new TempDirectory("impostor");
        using var impostor = ThreadlineIdentity.Create();
        var impostorHandshake = new ThreadlineHandshake(impostor, "peer-agent", new ThreadlineContacts(new StewardDatabase(impostorHome.Combine("state.db"))));
        var impostorHello = await http.PostAsJsonAsync("/threadline/handshake/hello", impostorHandshake.Hello(daemonName));
        var impostorConfirm = await http.PostAsJsonAsync("/threadline/handshake/confirm", impostorHandshake.Finish(daemonName, (await impostorHello.Content.ReadFromJsonAsync<JsonObject>())!));
        Assert.Equal(HttpStatusCode.BadRequest, impostorConfirm.StatusCode);
        var refusal = await impostorConfirm.Content.ReadAsStringAsync();
        Assert.Contains("TL_HANDSHAKE_FAILED", refusal, StringComparison.Ordinal);
        Assert.Contains("pinned", refusal, StringComparison.Ordinal);
        var after = new ThreadlineContacts(daemon.Services.Database).Require("peer-agent");
        Assert.Equal((pinned.Fingerprint, Convert.ToHexString(pinned.Ed25519Public!)), (after.Fingerprint, Convert.ToHexString(after.Ed25519Public!)));
        Assert.Equal(token, new ThreadlineContacts(daemon.Services.Database).RelayToken(after.Fingerprint));

        // A flood of hellos under one name: five a minute, then 429 with a retry hint.
        var statuses = new List<HttpStatusCode>();
        HttpResponseMessage? last = null;
        for (var i = 0; i < 7; i++)
        {
            last = await http.PostAsJsonAsync("/threadline/handshake/hello", new ThreadlineHandshake(impostor, "flooder", new ThreadlineContacts(new StewardDatabase(impostorHome.Combine("state.db")))).Hello(daemonName));
            statuses.Add(last.StatusCode);
        }
        Assert.Equal(Enumerable.Repeat(HttpStatusCode.OK, 5).Concat(Enumerable.Repeat(HttpStatusCode.TooManyRequests, 2)), statuses);
        var limited = JsonNode.Parse(await last!.Content.ReadAsStringAsync())!["error"]!;
        Assert.Equal(("TL_RATE_LIMITED", true, 60), (limited["code"]!.GetValue<string>(), limited["retryable"]!.GetValue<bool>(), limited["retryAfterSeconds"]!.GetValue<int>()));
        Assert.Null(new ThreadlineContacts(daemon.Services.Database).Find("flooder"));
    }
}
