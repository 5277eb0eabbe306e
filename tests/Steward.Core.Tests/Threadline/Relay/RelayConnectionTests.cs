using System.Text.Json.Nodes;
using Steward.Core.Crypto;
using Steward.Core.Threadline;
using Steward.Core.Threadline.Relay;
using Steward.Testing;
using Steward.Testing.FakeThreadline;

namespace Steward.Core.Tests.Threadline.Relay;

/// <summary>RelayConnection against FakeRelay over real WebSockets: authentication, routing and acks, the offline queue, discovery, displacement, heartbeats and garbage.</summary>
public sealed class RelayConnectionTests : IAsyncLifetime
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    private static bool Verify(byte[] publicKey, byte[] message, byte[] signature) => Sodium.Verify(signature, message, publicKey);
    private readonly ThreadlineIdentity _ada = ThreadlineIdentity.FromSeed(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private readonly ThreadlineIdentity _bob = ThreadlineIdentity.FromSeed(Enumerable.Range(40, 32).Select(i => (byte)i).ToArray());
    private FakeRelay _relay = null!;

    public async Task InitializeAsync() => _relay = await FakeRelay.StartAsync(Verify);

    public async Task DisposeAsync()
    {
        await _relay.DisposeAsync();
        _ada.Dispose();
        _bob.Dispose();
    }

    private Task<RelayConnection> ConnectAsync(ThreadlineIdentity identity, string name, string visibility = "unlisted") =>
        RelayConnection.ConnectAsync(new Uri(_relay.Url), identity, name, visibility, Wait, CancellationToken.None);

    private JsonObject SealFor(ThreadlineIdentity from, ThreadlineIdentity to, string text, string thread = "t-1") =>
        SealedEnvelope.Seal(from, to.Fingerprint, to.X25519PublicKey, thread, new JsonObject { ["content"] = text, ["type"] = "message" }, SealInputs.Fresh(TimeProvider.System));

    private static (RelayConnection Connection, List<JsonObject> Inbox) Listening(RelayConnection connection)
    {
        var inbox = new List<JsonObject>();
        connection.EnvelopeReceived = envelope =>
        {
            lock (inbox)
            {
                inbox.Add(envelope);
            }
            return Task.CompletedTask;
        };
        return (connection, inbox);
    }

    [Fact]
    public async Task Two_agents_authenticate_and_a_sealed_envelope_is_delivered_and_acknowledged()
    {
        await using var ada = await ConnectAsync(_ada, "ada");
        var (bob, bobInbox) = Listening(await ConnectAsync(_bob, "bob"));
        await using var _ = bob;
        var envelope = SealFor(_ada, _bob, "hello through the relay");

        var ack = await ada.SendAsync(envelope, Wait, CancellationToken.None);

        Assert.Equal(("delivered", envelope["messageId"]!.GetValue<string>()), (ack.Status, ack.MessageId));
        Assert.StartsWith("relay-", ada.SessionId, StringComparison.Ordinal);
        await Eventually.TrueAsync(() => { lock (bobInbox) { return bobInbox.Count == 1; } }, Wait, () => "not yet");
        var opened = SealedEnvelope.Open(_bob, _ada.PublicKey, bobInbox[0], DateTimeOffset.UtcNow);
        Assert.Equal("hello through the relay", opened["content"]!.GetValue<string>());
    }

    private async Task<JsonObject> RawAuthAsync(Func<string, JsonObject>? auth)
    {
        using var socket = new System.Net.WebSockets.ClientWebSocket();
        await socket.ConnectAsync(new Uri(_relay.Url), CancellationToken.None);
        async Task<JsonObject> ReadAsync()
        {
            var buffer = new byte[64 * 1024];
            var result = await socket.ReceiveAsync(buffer, new CancellationTokenSource(Wait).Token);
            return JsonNode.Parse(buffer.AsSpan(0, result.Count))!.AsObject();
        }
        var challenge = await ReadAsync();
        if (auth is not null)
        {
            await socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(auth(challenge["nonce"]!.GetValue<string>()).ToJsonString()), System.Net.WebSockets.WebSocketMessageType.Text, true, CancellationToken.None);
        }
        return await ReadAsync();
    }

    [Fact]
    public async Task A_wrong_signature_a_borrowed_key_or_silence_gets_auth_error()
    {
        var wrongNonce = await RawAuthAsync(_ => RelayFrames.Auth(_ada, "some other nonce", "ada", "unlisted", []));
        var borrowedKey = await RawAuthAsync(nonce =>
        {
            var frame = RelayFrames.Auth(_ada, nonce, "ada", "unlisted", []);
            frame["agentId"] = _bob.Fingerprint;
            return frame;
        });
        var genuine = await RawAuthAsync(nonce => RelayFrames.Auth(_ada, nonce, "ada", "unlisted", []));
        await using var strict = await FakeRelay.StartAsync(Verify, new FakeRelayOptions { AuthTimeout = TimeSpan.FromMilliseconds(300) });
        (_relay, var original) = (strict, _relay);
        var silent = await RawAuthAsync(null);
        _relay = original;

        Assert.Equal(("auth_error", "auth_failed"), (wrongNonce["type"]!.GetValue<string>(), wrongNonce["code"]!.GetValue<string>()));
        Assert.Contains("Signature verification failed", wrongNonce["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("fingerprint", borrowedKey["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("auth_ok", genuine["type"]!.GetValue<string>());
        Assert.Equal(("auth_error", "auth_timeout"), (silent["type"]!.GetValue<string>(), silent["code"]!.GetValue<string>()));
    }

    [Fact]
    public async Task The_relay_refuses_a_forged_sender_a_replay_and_an_oversized_envelope()
    {
        await using var ada = await ConnectAsync(_ada, "ada");
        await using var bob = await ConnectAsync(_bob, "bob");
        var fromBob = SealFor(_bob, _ada, "I am not ada");
        var genuine = SealFor(_ada, _bob, "once");
        var huge = SealFor(_ada, _bob, new string('x', 300_000));

        var forged = await ada.SendAsync(fromBob, Wait, CancellationToken.None);
        var first = await ada.SendAsync(genuine, Wait, CancellationToken.None);
        var replay = await ada.SendAsync(genuine, Wait, CancellationToken.None);
        var tooLarge = await ada.SendAsync(huge, Wait, CancellationToken.None);

        Assert.Equal(("rejected", "Sender fingerprint mismatch"), (forged.Status, forged.Reason));
        Assert.Equal("delivered", first.Status);
        Assert.Equal("rejected", replay.Status);
        Assert.Contains("replay", replay.Reason, StringComparison.Ordinal);
        Assert.Equal("rejected", tooLarge.Status);
        Assert.Contains("too large", tooLarge.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_message_for_an_offline_agent_is_queued_then_delivered_when_it_connects()
    {
        await using var ada = await ConnectAsync(_ada, "ada");
        var late = new List<RelayAck>();
        ada.LateAck = ack => { lock (late) { late.Add(ack); } };
        var envelope = SealFor(_ada, _bob, "waiting for you");

        var queued = await ada.SendAsync(envelope, Wait, CancellationToken.None);
        var (bob, bobInbox) = Listening(await ConnectAsync(_bob, "bob"));
        await using var _ = bob;

        Assert.Equal("queued", queued.Status);
        await Eventually.TrueAsync(() => { lock (bobInbox) { return bobInbox.Count == 1; } }, Wait, () => "not yet");
        await Eventually.TrueAsync(() => { lock (late) { return late.Any(a => a.MessageId == queued.MessageId && a.Status == "delivered"); } }, Wait, () => "not yet");
    }

    [Fact]
    public async Task Discovery_lists_public_agents_by_capability_or_name()
    {
        await using var ada = await ConnectAsync(_ada, "ada");
        await using var bob = await ConnectAsync(_bob, "bob-the-builder", "public");

        var byCapability = await ada.DiscoverAsync("threadline-message", null, Wait, CancellationToken.None);
        var byName = await ada.DiscoverAsync(null, "builder", Wait, CancellationToken.None);
        var none = await ada.DiscoverAsync(null, "nobody", Wait, CancellationToken.None);

        Assert.Equal(_bob.Fingerprint, Assert.Single(byCapability).AgentId);
        Assert.Equal(("bob-the-builder", "steward"), (Assert.Single(byName).Name, byName[0].Framework));
        Assert.Empty(none);
    }

    [Fact]
    public async Task A_second_connection_with_the_same_identity_displaces_the_first()
    {
        await using var first = await ConnectAsync(_ada, "ada");
        await using var second = await ConnectAsync(_ada, "ada");

        await first.Completion.WaitAsync(Wait);

        Assert.True(first.Displaced);
        Assert.Contains("displaced", first.EndedBecause, StringComparison.Ordinal);
        Assert.Equal([_ada.Fingerprint], _relay.Connected);
    }

    [Fact]
    public async Task Garbage_from_the_relay_is_ignored_and_the_connection_carries_on()
    {
        await using var ada = await ConnectAsync(_ada, "ada");
        var (bob, bobInbox) = Listening(await ConnectAsync(_bob, "bob"));
        await using var _ = bob;

        await _relay.SendRawAsync(_bob.Fingerprint, "not json {");
        await _relay.SendRawAsync(_bob.Fingerprint, "[1, 2, 3]");
        await _relay.SendRawAsync(_bob.Fingerprint, "{\"type\": 7}");
        await _relay.SendRawAsync(_bob.Fingerprint, "{\"type\": \"message\", \"envelope\": \"not an object\"}");
        var ack = await ada.SendAsync(SealFor(_ada, _bob, "still there?"), Wait, CancellationToken.None);

        Assert.Equal("delivered", ack.Status);
        await Eventually.TrueAsync(() => { lock (bobInbox) { return bobInbox.Count == 1; } }, Wait, () => "not yet");
        Assert.False(bob.Completion.IsCompleted);
    }

    [Fact]
    public async Task The_connection_answers_the_relays_pings_so_it_is_not_dropped()
    {
        await using var fast = await FakeRelay.StartAsync(Verify, new FakeRelayOptions { HeartbeatInterval = TimeSpan.FromMilliseconds(150) });
        await using var ada = await RelayConnection.ConnectAsync(new Uri(fast.Url), _ada, "ada", "unlisted", Wait, CancellationToken.None);

        // Three missed pongs would end it after ~600 ms; ten intervals later it is still there.
        await Task.Delay(TimeSpan.FromMilliseconds(1_500));

        Assert.Equal(TimeSpan.FromMilliseconds(150), ada.HeartbeatInterval);
        Assert.False(ada.Completion.IsCompleted, ada.EndedBecause);
        Assert.Equal([_ada.Fingerprint], fast.Connected);
    }
}
