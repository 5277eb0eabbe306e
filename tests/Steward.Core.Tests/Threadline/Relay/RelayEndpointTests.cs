using System.Text;
using System.Text.Json.Nodes;
using Steward.Core.Crypto;
using Steward.Core.Storage;
using Steward.Core.Threadline;
using Steward.Core.Threadline.Relay;
using Steward.Testing;
using Steward.Testing.FakeThreadline;

namespace Steward.Core.Tests.Threadline.Relay;

/// <summary>
/// Two agents, each wired as the daemon wires it (RelayLink + ThreadlineClient + RelayEndpoint on
/// its own home and database), through FakeRelay over real WebSockets: introductions, sealed
/// messages, an offline recipient, expiry, a relay restart, displacement, Instar's plaintext.
/// </summary>
public sealed class RelayEndpointTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    private static bool Verify(byte[] publicKey, byte[] message, byte[] signature) => Sodium.Verify(signature, message, publicKey);

    private readonly List<Agent> _agents = [];
    private FakeRelay _relay = null!;

    public async Task InitializeAsync() => _relay = await FakeRelay.StartAsync(Verify, new FakeRelayOptions { OfflineTtl = TimeSpan.FromSeconds(3) });

    public async Task DisposeAsync()
    {
        foreach (var agent in _agents)
        {
            await agent.DisposeAsync();
        }
        await _relay.DisposeAsync();
    }

    private sealed class Agent : IAsyncDisposable
    {
        private readonly TestHome _home;
        private CancellationTokenSource _running = new();
        private Task _loop = Task.CompletedTask;

        public Agent(string name, Func<string> relayUrl, TrustLevel relayTrust = TrustLevel.Untrusted)
        {
            Name = name;
            _home = new TestHome(name);
            Identity = ThreadlineKeyFile.Load(_home.Home);
            Database = new StewardDatabase(_home.Home.DatabasePath);
            Link = new RelayLink(Identity, name, () => new RelaySettings(true, relayUrl(), "public"));
            Client = new ThreadlineClient(new HttpClient(), Database, Identity, name) { Relay = Link };
            Endpoint = new RelayEndpoint(Database, Identity, name, Link, () => relayTrust)
            {
                MessageReceived = message =>
                {
                    lock (Received)
                    {
                        Received.Add(message);
                    }
                    return Task.CompletedTask;
                },
            };
        }

        public string Name { get; }
        public ThreadlineIdentity Identity { get; }
        public StewardDatabase Database { get; }
        public RelayLink Link { get; }
        public ThreadlineClient Client { get; }
        public RelayEndpoint Endpoint { get; }
        public List<InboundMessage> Received { get; } = [];
        public ThreadlineContacts Contacts => new(Database);

        public async Task StartAsync()
        {
            _running = new CancellationTokenSource();
            _loop = Task.Run(() => Link.RunAsync(_running.Token));
            await Eventually.TrueAsync(() => Link.IsConnected, Patience, $"{Name} connects to the relay");
        }

        public async Task StopAsync()
        {
            await _running.CancelAsync();
            await _loop;
        }

        public string[] Texts()
        {
            lock (Received)
            {
                return Received.Select(m => m.Content).ToArray();
            }
        }

        public string StatusOf(SendResult sent) => new ThreadlineMessages(Database).History(sent.ThreadId, null, 500).Single(m => m.MessageId == sent.MessageId).Status;

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            Identity.Dispose();
            _home.Dispose();
        }
    }

    private async Task<Agent> StartAsync(string name, TrustLevel relayTrust = TrustLevel.Untrusted)
    {
        var agent = new Agent(name, () => _relay.Url, relayTrust);
        _agents.Add(agent);
        await agent.StartAsync();
        return agent;
    }

    /// <summary>Ada adds Bob by his relay id; the introductions pin both keys; both owners raise the other to verified.</summary>
    private static async Task PairAsync(Agent ada, Agent bob)
    {
        var (contact, introduction) = await ada.Client.AddRelayContactAsync(bob.Identity.Fingerprint, null, CancellationToken.None);
        Assert.True(contact.HasKeys, introduction);
        ada.Contacts.SetTrust(contact.Name, TrustLevel.Verified, confirmed: true, "owner", "owner");
        bob.Contacts.SetTrust(ada.Identity.Fingerprint, TrustLevel.Verified, confirmed: true, "owner", "owner");
    }

    private static Task<SendResult> SendAsync(Agent from, Agent to, string text, string? thread = null) =>
        from.Client.SendAsync(to.Identity.Fingerprint, text, thread, CancellationToken.None);

    [Fact]
    public async Task Agents_found_on_the_relay_introduce_their_keys_and_talk_sealed_both_ways()
    {
        var ada = await StartAsync("ada");
        var bob = await StartAsync("bob");

        var found = await ada.Client.DiscoverAsync(null, "bo", CancellationToken.None);
        Assert.Equal(bob.Identity.Fingerprint, Assert.Single(found).Agent.AgentId);
        await PairAsync(ada, bob);
        var adaAtBob = bob.Contacts.Require(ada.Identity.Fingerprint);
        Assert.Equal(("ada", true, true), (adaAtBob.Name, adaAtBob.HasKeys, adaAtBob.ViaRelay));
        Assert.Equal(ada.Identity.PublicKey, adaAtBob.Ed25519Public);

        var sent = await SendAsync(ada, bob, "Secret plans for Tuesday");
        Assert.Equal((SendStatus.Delivered, true), (sent.Status, sent.Sealed));
        var answer = await SendAsync(bob, ada, "Tuesday works", sent.ThreadId);
        Assert.Equal(SendStatus.Delivered, answer.Status);

        await Eventually.TrueAsync(() => bob.Texts().Length == 1 && ada.Texts().Length == 1, Patience, "both messages arrive");
        Assert.Equal(["Secret plans for Tuesday"], bob.Texts());
        Assert.StartsWith("[INCOMING AGENT MESSAGE — from: ada (", bob.Received[0].Wrapped, StringComparison.Ordinal);
        Assert.True(bob.Received[0].Sealed);
        Assert.Equal(sent.ThreadId, ada.Received[0].ThreadId);
        // What the relay saw: sealed envelopes, never the words.
        var messages = _relay.Routed.Where(e => e["signature"] is not null).ToList();
        Assert.Equal(2, messages.Count);
        Assert.DoesNotContain(_relay.Routed, e => e.ToJsonString().Contains("Secret", StringComparison.Ordinal)
            || Encoding.UTF8.GetString(Convert.FromBase64String(e["payload"]!.GetValue<string>())).Contains("Secret", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_message_for_an_offline_agent_is_held_by_the_relay_and_settles_delivered_when_it_connects()
    {
        var ada = await StartAsync("ada");
        var bob = await StartAsync("bob");
        await PairAsync(ada, bob);
        await bob.StopAsync();
        await Eventually.TrueAsync(() => !_relay.Connected.Contains(bob.Identity.Fingerprint), Patience, "the relay sees bob leave");

        var held = await SendAsync(ada, bob, "while you were out");
        Assert.Equal(SendStatus.HeldByRelay, held.Status);
        Assert.Equal("relayed", ada.StatusOf(held));

        await bob.StartAsync();
        await Eventually.TrueAsync(() => bob.Texts().SequenceEqual(["while you were out"]), Patience, "the relay hands the message over");
        await Eventually.TrueAsync(() => ada.StatusOf(held) == "delivered", Patience, "the late ack settles it");
    }

    [Fact]
    public async Task A_message_the_relay_lets_expire_shows_as_expired_in_the_history()
    {
        var ada = await StartAsync("ada");
        var bob = await StartAsync("bob");
        await PairAsync(ada, bob);
        await bob.StopAsync();
        await Eventually.TrueAsync(() => !_relay.Connected.Contains(bob.Identity.Fingerprint), Patience, "the relay sees bob leave");

        var held = await SendAsync(ada, bob, "nobody home");
        Assert.Equal(SendStatus.HeldByRelay, held.Status);
        await Eventually.TrueAsync(() => ada.StatusOf(held) == "expired", Patience, "delivery_expired arrives");
        var state = new ThreadlineMessages(ada.Database).History(held.ThreadId, null, 10).Single().DeliveryState;
        Assert.StartsWith("expired at the relay, not delivered: delivery_expired", state, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_relay_restart_mid_conversation_loses_nothing_and_duplicates_nothing()
    {
        var ada = await StartAsync("ada");
        var bob = await StartAsync("bob");
        await PairAsync(ada, bob);
        Assert.Equal(SendStatus.Delivered, (await SendAsync(ada, bob, "one")).Status);
        await bob.StopAsync();
        await Eventually.TrueAsync(() => !_relay.Connected.Contains(bob.Identity.Fingerprint), Patience, "the relay sees bob leave");
        // Held by the relay that is about to die with its queue.
        var held = await SendAsync(ada, bob, "two");
        Assert.Equal(SendStatus.HeldByRelay, held.Status);

        var port = _relay.Port;
        await _relay.DisposeAsync();
        await Eventually.TrueAsync(() => !ada.Link.IsConnected, Patience, "ada notices the relay is gone");
        var whileDown = await SendAsync(ada, bob, "three");
        Assert.Equal(SendStatus.Queued, whileDown.Status);
        Assert.Contains("not connected to the relay", whileDown.Error, StringComparison.Ordinal);

        _relay = await FakeRelay.StartAsync(Verify, new FakeRelayOptions { OfflineTtl = TimeSpan.FromSeconds(30) }, port);
        await bob.StartAsync();
        await Eventually.TrueAsync(() => ada.Link.IsConnected, Patience, "ada reconnects");
        // The daemon's outbox loop, as ThreadlineOutboxService runs it.
        await Eventually.TrueAsync(async () =>
        {
            await ada.Client.DeliverDueAsync(64, CancellationToken.None);
            return bob.Texts().Length >= 3;
        }, Patience, "what waited is delivered after the restart");
        // A resend of something Bob already has is dropped by Bob, not shown twice.
        new ThreadlineOutbox(ada.Database).ResendViaRelay();
        await ada.Client.DeliverDueAsync(64, CancellationToken.None);
        Assert.Equal(["one", "three", "two"], bob.Texts().Order());
        Assert.Equal(3, new ThreadlineInbox(bob.Database, bob.Identity, new SenderRateLimiter()).Received().Count);
        Assert.Equal("delivered", ada.StatusOf(whileDown));
    }

    [Fact]
    public async Task The_same_key_connecting_elsewhere_displaces_the_link_which_then_waits_instead_of_fighting()
    {
        var ada = await StartAsync("ada");
        await using var twin = await RelayConnection.ConnectAsync(new Uri(_relay.Url), ada.Identity, "ada", "public", Patience, CancellationToken.None);
        await Eventually.TrueAsync(() => ada.Link.State.State == RelayState.Displaced, Patience, "ada's link reports displacement");
        Assert.Contains("another process uses this agent's key", ada.Link.State.Detail, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(RelayState.Displaced, ada.Link.State.State);
    }

    [Fact]
    public async Task An_Instar_agent_sends_plaintext_and_gets_plaintext_back_labelled_as_not_sealed()
    {
        var ada = await StartAsync("ada", relayTrust: TrustLevel.Verified);
        using var carol = ThreadlineIdentity.FromSeed(Enumerable.Range(70, 32).Select(i => (byte)i).ToArray());
        await using var instar = await RelayConnection.ConnectAsync(new Uri(_relay.Url), carol, "carol", "public", Patience, CancellationToken.None);
        var inbox = new List<JsonObject>();
        instar.EnvelopeReceived = envelope =>
        {
            lock (inbox)
            {
                inbox.Add(envelope);
            }
            return Task.CompletedTask;
        };

        var ack = await instar.SendAsync(RelayEnvelopes.Plaintext(carol.Fingerprint, ada.Identity.Fingerprint, "thread-i", "msg-1", "Hello from Instar", DateTimeOffset.UtcNow), Patience, CancellationToken.None);
        Assert.Equal("delivered", ack.Status);
        await Eventually.TrueAsync(() => ada.Texts().Length == 1, Patience, "ada takes the plaintext");
        Assert.Contains("trust: verified, not end-to-end sealed]", ada.Received[0].Wrapped, StringComparison.Ordinal);

        var reply = await ada.Client.SendAsync(carol.Fingerprint, "Hello Carol", "thread-i", CancellationToken.None);
        Assert.Equal((SendStatus.Delivered, false), (reply.Status, reply.Sealed));
        await Eventually.TrueAsync(() => inbox.Count == 1, Patience, "carol gets the answer");
        var payload = JsonNode.Parse(Convert.FromBase64String(inbox[0]["payload"]!.GetValue<string>()))!;
        Assert.Equal(("Hello Carol", "chat", "thread-i"), (payload["text"]!.GetValue<string>(), payload["type"]!.GetValue<string>(), inbox[0]["threadId"]!.GetValue<string>()));
    }
}
