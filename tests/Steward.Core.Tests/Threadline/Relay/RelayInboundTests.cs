using System.Text;
using System.Text.Json.Nodes;
using Steward.Core.Storage;
using Steward.Core.Threadline;
using Steward.Core.Threadline.Relay;
using Steward.Testing;

namespace Steward.Core.Tests.Threadline.Relay;

/// <summary>What the relay hands over: introductions pin keys, Instar's plaintext only at the owner's relay trust, sealed envelopes held for hours, and every forgery refused.</summary>
public sealed class RelayInboundTests : IDisposable
{
    private readonly TestHome _home = new("Ada");
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly ThreadlineIdentity _self;
    private readonly ThreadlineIdentity _bob = ThreadlineIdentity.FromSeed(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private readonly ThreadlineIdentity _carol = ThreadlineIdentity.FromSeed(Enumerable.Range(60, 32).Select(i => (byte)i).ToArray());
    private readonly StewardDatabase _database;
    private readonly ThreadlineContacts _contacts;
    private readonly ThreadlineInbox _inbox;

    public RelayInboundTests()
    {
        _self = ThreadlineKeyFile.Load(_home.Home);
        _database = new StewardDatabase(_home.Home.DatabasePath);
        _contacts = new ThreadlineContacts(_database, _clock);
        _inbox = new ThreadlineInbox(_database, _self, new SenderRateLimiter(_clock), _clock);
    }

    public void Dispose()
    {
        _self.Dispose();
        _bob.Dispose();
        _carol.Dispose();
        _home.Dispose();
    }

    private RelayInbound Inbound(TrustLevel relayTrust = TrustLevel.Untrusted) =>
        new(_database, _self, "Ada", _inbox, new SenderRateLimiter(_clock), () => relayTrust, _clock);

    private JsonObject Plaintext(ThreadlineIdentity from, string text, string messageId = "msg-1", string? to = null) =>
        RelayEnvelopes.Plaintext(from.Fingerprint, to ?? _self.Fingerprint, "thread-p", messageId, text, _clock.GetUtcNow());

    private JsonObject Sealed(ThreadlineIdentity from, string text, string messageId = "m-1", DateTimeOffset? at = null) =>
        SealedEnvelope.Seal(from, _self.Fingerprint, _self.X25519PublicKey, "thread-s", new JsonObject { ["content"] = text, ["type"] = "message" },
            SealInputs.Fresh(_clock) with { MessageId = messageId, Timestamp = at ?? _clock.GetUtcNow() });

    private static void Refused(Action receive, string code) => Assert.Equal(code, Assert.Throws<ThreadlineException>(receive).Code);

    [Fact]
    public void Instars_plaintext_envelope_is_read_as_Instar_writes_it()
    {
        // Instar's sendPlaintext: payload = base64(JSON.stringify({text, type: 'chat'})), no signature.
        var envelope = new JsonObject
        {
            ["from"] = _carol.Fingerprint, ["to"] = _self.Fingerprint, ["threadId"] = "thread-1", ["messageId"] = "msg-1700000000000-abc123",
            ["payload"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"text\":\"hi from Instar\",\"type\":\"chat\"}")), ["timestamp"] = "2026-11-21T12:00:00.000Z",
        };
        var read = RelayEnvelopes.Read(envelope);
        Assert.Equal((RelayEnvelopeKind.Plaintext, "hi from Instar", "thread-1"), (read.Kind, read.Text, read.ThreadId));
        var ours = RelayEnvelopes.Plaintext(_self.Fingerprint, _carol.Fingerprint, "t", "m", "hello", _clock.GetUtcNow());
        Assert.Equal("{\"text\":\"hello\",\"type\":\"chat\"}", Encoding.UTF8.GetString(Convert.FromBase64String(ours["payload"]!.GetValue<string>())));
        Assert.Equal(RelayEnvelopeKind.Sealed, RelayEnvelopes.Read(Sealed(_bob, "x")).Kind);
        // threadline-mcp's form {type: "text", text} reads the same.
        envelope["payload"] = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"type\":\"text\",\"text\":\"from threadline-mcp\"}"));
        Assert.Equal("from threadline-mcp", RelayEnvelopes.Read(envelope).Text);
    }

    [Fact]
    public void A_plaintext_sender_first_met_on_the_relay_gets_the_owners_relay_trust_and_is_labelled_unsealed()
    {
        var message = Inbound(TrustLevel.Verified).Receive(Plaintext(_carol, "Can you review my PR?")).Message!;

        Assert.False(message.Sealed);
        var carol = _contacts.Require(_carol.Fingerprint);
        Assert.Equal((TrustLevel.Verified, true, false, true), (carol.Trust, carol.InstarCompat, carol.HasKeys, carol.ViaRelay));
        Assert.Equal($"agent-{_carol.Fingerprint[..8]}", carol.Name);
        Assert.StartsWith($"[INCOMING AGENT MESSAGE — from: {carol.Name} ({_carol.Fingerprint}), trust: verified, not end-to-end sealed]\nCan you review my PR?", message.Wrapped, StringComparison.Ordinal);
        Assert.Contains("first met over the relay", Assert.Single(_contacts.AuditLog(carol.Name)).Reason, StringComparison.Ordinal);
        // The same message id again is a replay, for good.
        _clock.Advance(TimeSpan.FromHours(2));
        Refused(() => Inbound(TrustLevel.Verified).Receive(Plaintext(_carol, "Can you review my PR?")), "replay");
        Assert.Single(_inbox.Received());
    }

    [Fact]
    public void By_default_a_stranger_on_the_relay_is_untrusted_and_its_message_refused_but_the_owner_can_see_and_raise_it()
    {
        Refused(() => Inbound().Receive(Plaintext(_carol, "Run this for me")), "forbidden");
        Assert.Empty(_inbox.Received());
        var carol = _contacts.Require(_carol.Fingerprint);
        Assert.Equal(TrustLevel.Untrusted, carol.Trust);

        _contacts.SetTrust(carol.Name, TrustLevel.Verified, confirmed: true, "owner", "owner");
        Assert.Equal("second try", Inbound().Receive(Plaintext(_carol, "second try", "msg-2")).Message!.Content);
    }

    [Fact]
    public void The_relay_trust_setting_never_goes_above_verified()
    {
        var config = Steward.Core.Configuration.StewardConfig.CreateDefault("Ada");
        Assert.Equal(TrustLevel.Untrusted, config.ThreadlineRelaySenderTrust);
        var path = Path.Combine(_home.Home.Root, "relay-config.json");
        config.Root["threadline"]!["relay"]!["sender_trust"] = "trusted";
        config.Save(path);
        Assert.Contains("untrusted or verified", Assert.Throws<StewardException>(() => Steward.Core.Configuration.StewardConfig.Load(path)).Message, StringComparison.Ordinal);
        config.Root["threadline"]!["relay"]!["sender_trust"] = "verified";
        config.Root["threadline"]!["relay"]!["url"] = "http://relay.example";
        config.Save(path);
        Assert.Contains("ws(s)://", Assert.Throws<StewardException>(() => Steward.Core.Configuration.StewardConfig.Load(path)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_contact_with_pinned_keys_must_keep_sealing_plaintext_in_its_name_is_refused()
    {
        _contacts.Add("bob", null, _bob.PublicKey);
        _contacts.SetTrust("bob", TrustLevel.Verified, confirmed: true, "owner", "owner");
        Refused(() => Inbound(TrustLevel.Verified).Receive(Plaintext(_bob, "downgrade me")), "forbidden");
        Assert.Empty(_inbox.Received());
    }

    [Fact]
    public void An_introduction_pins_the_key_whose_prefix_the_relay_authenticated_and_asks_for_ours_in_return()
    {
        var introduction = RelayEnvelopes.Introduction(_bob, "Bob", _self.Fingerprint, reply: false, _clock.GetUtcNow());
        var receipt = Inbound().Receive(introduction);

        Assert.Equal(("Bob", TrustLevel.Untrusted, true), (receipt.Introduced!.Name, receipt.Introduced.Trust, receipt.Introduced.HasKeys));
        Assert.Equal(_bob.PublicKey, _contacts.Require("Bob").Ed25519Public);
        var reply = RelayEnvelopes.Read(receipt.IntroductionReply!);
        Assert.Equal((RelayEnvelopeKind.Introduction, _self.Fingerprint, _bob.Fingerprint, false), (reply.Kind, reply.From, reply.To, reply.WantsReply));
        Assert.Equal(_self.PublicKey, reply.IntroducedKey);
        // An answer to our introduction is not answered again (no ping-pong).
        Assert.Null(Inbound().Receive(RelayEnvelopes.Introduction(_bob, "Bob", _self.Fingerprint, reply: true, _clock.GetUtcNow())).IntroductionReply);
    }

    [Fact]
    public void An_introduction_of_a_key_that_is_not_the_senders_is_refused_and_pins_nothing()
    {
        // Carol's envelope (the relay authenticated Carol) carrying Bob's key.
        var forged = RelayEnvelopes.Introduction(_bob, "Bob", _self.Fingerprint, reply: false, _clock.GetUtcNow());
        forged["from"] = _carol.Fingerprint;
        Refused(() => Inbound().Receive(forged), "invalid_introduction");
        Assert.Empty(_contacts.List());
    }

    [Fact]
    public void A_contact_found_by_discovery_gets_its_key_when_it_introduces_itself_and_then_sealed_messages_open()
    {
        _contacts.AddFromRelay(_bob.Fingerprint, "bob", TrustLevel.Untrusted, instarCompat: false, "added by the owner from the relay");
        Refused(() => Inbound().Receive(Sealed(_bob, "before keys")), "unknown_keys");
        Inbound().Receive(RelayEnvelopes.Introduction(_bob, "Robert", _self.Fingerprint, reply: true, _clock.GetUtcNow()));
        var bob = _contacts.Require(_bob.Fingerprint);
        Assert.Equal(("bob", true), (bob.Name, bob.HasKeys));
        _contacts.SetTrust("bob", TrustLevel.Verified, confirmed: true, "owner", "owner");
        Assert.Equal("after keys", Inbound().Receive(Sealed(_bob, "after keys")).Message!.Content);
    }

    [Fact]
    public void A_sealed_envelope_the_relay_held_for_hours_opens_once_and_a_replay_after_the_replay_window_is_still_refused()
    {
        _contacts.Add("bob", null, _bob.PublicKey);
        _contacts.SetTrust("bob", TrustLevel.Verified, confirmed: true, "owner", "owner");
        var held = Sealed(_bob, "sent while you slept", at: _clock.GetUtcNow());
        _clock.Advance(TimeSpan.FromHours(3));
        Assert.True(Inbound().Receive(held).Message!.Sealed);
        _clock.Advance(ReplayGuard.Retention + TimeSpan.FromMinutes(1));
        Refused(() => Inbound().Receive(held), "replay");
        Assert.Single(_inbox.Received());
        // Older than a day is too old even from the relay.
        Refused(() => Inbound().Receive(Sealed(_bob, "ancient", "m-2", _clock.GetUtcNow() - TimeSpan.FromHours(25))), "stale_timestamp");
    }

    [Fact]
    public void Forgeries_are_refused_without_costing_the_real_contact_its_trust()
    {
        _contacts.Add("bob", null, _bob.PublicKey);
        _contacts.SetTrust("bob", TrustLevel.Verified, confirmed: true, "owner", "owner");
        // A relay (or anyone) forging Bob's envelope with Carol's key: the signature fails, Bob stays verified.
        var forged = Sealed(_carol, "trust me");
        forged["from"] = _bob.Fingerprint;
        Refused(() => Inbound().Receive(forged), "invalid_signature");
        Assert.Equal(TrustLevel.Verified, _contacts.Require("bob").Trust);
        // An envelope for someone else.
        var elsewhere = Sealed(_bob, "not yours");
        elsewhere["to"] = _carol.Fingerprint;
        Refused(() => Inbound().Receive(elsewhere), "wrong_recipient");
        // Garbage in every field that matters.
        Refused(() => Inbound().Receive(new JsonObject { ["from"] = "x", ["to"] = _self.Fingerprint, ["messageId"] = "m" }), "invalid_envelope");
        Refused(() => Inbound().Receive(new JsonObject { ["from"] = _carol.Fingerprint, ["to"] = _self.Fingerprint, ["messageId"] = "m", ["payload"] = "%%%" }), "invalid_envelope");
        var oversized = Plaintext(_carol, new string('x', ThreadlineInbox.MaxMessageBytes + 1));
        Refused(() => Inbound(TrustLevel.Verified).Receive(oversized), "payload_too_large");
        Assert.Empty(_inbox.Received());
    }
}
