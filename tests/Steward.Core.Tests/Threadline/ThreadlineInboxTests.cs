using System.Text.Json.Nodes;
using Steward.Core.Storage;
using Steward.Core.Threadline;
using Steward.Testing;

namespace Steward.Core.Tests.Threadline;

/// <summary>The inbound gate: what gets through, and every attack refused with its code and nothing stored.</summary>
public sealed class ThreadlineInboxTests : IDisposable
{
    private readonly TestHome _home = new("Ada");
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly ThreadlineIdentity _self;
    private readonly ThreadlineIdentity _bob = ThreadlineIdentity.FromSeed(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());
    private readonly ThreadlineIdentity _eve = ThreadlineIdentity.FromSeed(Enumerable.Range(90, 32).Select(i => (byte)i).ToArray());
    private readonly StewardDatabase _database;
    private readonly ThreadlineInbox _inbox;
    private readonly ThreadlineContacts _contacts;

    public ThreadlineInboxTests()
    {
        _self = ThreadlineKeyFile.Load(_home.Home);
        _database = new StewardDatabase(_home.Home.DatabasePath);
        _contacts = new ThreadlineContacts(_database, _clock);
        _contacts.Add("bob", null, _bob.PublicKey);
        _inbox = new ThreadlineInbox(_database, _self, new SenderRateLimiter(_clock), _clock);
    }

    public void Dispose()
    {
        _self.Dispose();
        _bob.Dispose();
        _eve.Dispose();
        _home.Dispose();
    }

    private void Trust(TrustLevel level) => _contacts.SetTrust("bob", level, confirmed: true, "test", "owner");

    private string From(ThreadlineIdentity sender, string content = "hello Ada", string? type = "message", string messageId = "m-1", DateTimeOffset? at = null, string? to = null)
    {
        var message = new JsonObject { ["content"] = content };
        if (type is not null)
        {
            message["type"] = type;
        }
        var inputs = SealInputs.Fresh(_clock) with { MessageId = messageId, Timestamp = at ?? _clock.GetUtcNow() };
        return SealedEnvelope.Seal(sender, to ?? _self.Fingerprint, _self.X25519PublicKey, "thread-1", message, inputs).ToJsonString();
    }

    private void Refused(string envelope, string code)
    {
        var before = _inbox.Received().Count;
        var error = Assert.Throws<ThreadlineException>(() => _inbox.Receive(envelope));
        Assert.Equal(code, error.Code);
        Assert.Equal(before, _inbox.Received().Count);
    }

    [Fact]
    public void A_verified_contacts_message_is_stored_and_wrapped_with_sender_and_trust()
    {
        Trust(TrustLevel.Verified);

        var message = _inbox.Receive(From(_bob, "Can you check the build?"));

        Assert.Equal("Can you check the build?", message.Content);
        Assert.Equal($"[INCOMING AGENT MESSAGE — from: bob ({_bob.Fingerprint}), trust: verified]\nCan you check the build?\n[END AGENT MESSAGE]", message.Wrapped);
        Assert.Equal(("thread-1", _bob.Fingerprint, "Can you check the build?"), Assert.Single(_inbox.Received()));
        Assert.NotNull(_contacts.Require("bob").LastContactAt);
    }

    [Fact]
    public void Attacks_are_refused_with_their_codes_and_store_nothing()
    {
        Trust(TrustLevel.Verified);
        var genuine = From(_bob);
        var tampered = JsonNode.Parse(genuine)!.AsObject();
        tampered["threadId"] = "thread-2";

        Refused(From(_eve), "unknown_sender");
        Refused(From(_bob, to: _bob.Fingerprint), "wrong_recipient");
        Refused(From(_bob, at: _clock.GetUtcNow().AddMinutes(-10)), "stale_timestamp");
        Refused("{\"from\": 1", "invalid_envelope");
        Refused(From(_bob, type: "spawn", messageId: "m-2"), "forbidden");
        Refused(From(_bob, content: new string('x', 70_000), messageId: "m-3"), "payload_too_large");
        _inbox.Receive(genuine);
        Refused(genuine, "replay");
        // Last: a signature failure also drops the sender to untrusted.
        Refused(tampered.ToJsonString(), "invalid_signature");
    }

    [Fact]
    public void An_untrusted_contact_cannot_send_messages_and_a_crypto_failure_drops_trust()
    {
        Refused(From(_bob), "forbidden");

        Trust(TrustLevel.Trusted);
        var forged = JsonNode.Parse(From(_bob))!.AsObject();
        forged["signature"] = Convert.ToBase64String(_eve.Sign("forged"u8));
        Refused(forged.ToJsonString(), "invalid_signature");

        Assert.Equal(TrustLevel.Untrusted, _contacts.Require("bob").Trust);
        Assert.Contains("cryptographic failure", _contacts.AuditLog("bob")[^1].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void A_sender_over_its_hourly_limit_is_refused_until_the_window_passes()
    {
        Trust(TrustLevel.Verified);
        for (var i = 0; i < 10; i++)
        {
            _inbox.Receive(From(_bob, messageId: $"m-{i}"));
        }

        Refused(From(_bob, messageId: "m-10"), "rate_limited");
        _clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal("hello Ada", _inbox.Receive(From(_bob, messageId: "m-10")).Content);
    }

    [Fact]
    public void An_untrusted_contact_may_ping_within_its_probe_allowance_and_a_ping_is_no_message()
    {
        Assert.True(_inbox.Receive(From(_bob, "are you there?", type: "ping", messageId: "p-0")).IsProbe);
        Refused(From(_bob, type: "ping", messageId: "p-0"), "replay"); // and it does not use up the allowance
        for (var i = 1; i < TrustLevel.Untrusted.ProbesPerHour(); i++)
        {
            Assert.True(_inbox.Receive(From(_bob, type: "health", messageId: $"p-{i}")).IsProbe);
        }

        Refused(From(_bob, type: "ping", messageId: "p-over"), "rate_limited");
        Refused(From(_bob, "real words", messageId: "m-1"), "forbidden");
        Assert.Empty(_inbox.Received());
        Assert.NotNull(_contacts.Require("bob").LastContactAt);
    }

    private static JsonObject InstarMessage(string body = "status?", string id = "i-1", string type = "query", string? threadId = "th-instar") =>
        JsonNode.Parse($$"""
            {"id": "{{id}}", "from": {"agent": "bob", "session": "s", "machine": "m"}, "to": {"agent": "Ada", "session": "best", "machine": "local"},
             "type": "{{type}}", "priority": "medium", "subject": "hi", "body": {{System.Text.Json.JsonSerializer.Serialize(body)}}, "createdAt": "2026-11-21T12:00:00.000Z"{{(threadId is null ? "" : $", \"threadId\": \"{threadId}\"")}}}
            """)!.AsObject();

    [Fact]
    public void Plaintext_Instar_messages_are_refused_unless_the_owner_marked_the_contact_instar_compat()
    {
        Trust(TrustLevel.Verified);

        var refused = Assert.Throws<ThreadlineException>(() => _inbox.ReceivePlaintext(_contacts.Require("bob"), InstarMessage()));
        Assert.Equal("forbidden", refused.Code);
        Assert.Contains("instar_compat", refused.Message, StringComparison.Ordinal);
        Assert.Empty(_inbox.Received());

        Assert.Throws<StewardException>(() => _contacts.SetInstarCompat("bob", true, confirmed: false, "agent"));
        var bob = _contacts.SetInstarCompat("bob", true, confirmed: true, "owner");
        var message = _inbox.ReceivePlaintext(bob, InstarMessage("Is the deploy done?"));

        Assert.False(message.Sealed);
        Assert.Equal($"[INCOMING AGENT MESSAGE — from: bob ({_bob.Fingerprint}), trust: verified, not end-to-end sealed]\nIs the deploy done?\n[END AGENT MESSAGE]", message.Wrapped);
        Assert.Equal(("th-instar", _bob.Fingerprint, "Is the deploy done?"), Assert.Single(_inbox.Received()));
        Assert.False(Assert.Single(new ThreadlineMessages(_database).History("th-instar", null, 10)).Sealed);
        Assert.Contains(_contacts.AuditLog("bob"), change => change.Reason.StartsWith("instar_compat on", StringComparison.Ordinal) && change.Actor == "owner");
    }

    [Fact]
    public void Plaintext_messages_pass_the_same_gate_as_sealed_ones()
    {
        var bob = _contacts.SetInstarCompat("bob", true, confirmed: true, "owner");

        Assert.Equal("forbidden", Assert.Throws<ThreadlineException>(() => _inbox.ReceivePlaintext(bob, InstarMessage())).Code); // untrusted
        bob = _contacts.SetTrust("bob", TrustLevel.Verified, confirmed: true, "test", "owner");
        Assert.Equal("forbidden", Assert.Throws<ThreadlineException>(() => _inbox.ReceivePlaintext(bob, InstarMessage(type: "request"))).Code); // a task request needs trusted
        Assert.Equal("TL_INVALID_PAYLOAD", Assert.Throws<ThreadlineException>(() => _inbox.ReceivePlaintext(bob, new JsonObject { ["id"] = "x" })).Code);
        Assert.Equal("TL_INVALID_PAYLOAD", Assert.Throws<ThreadlineException>(() => _inbox.ReceivePlaintext(bob, new JsonObject { ["body"] = "no id" })).Code);
        Assert.Equal("payload_too_large", Assert.Throws<ThreadlineException>(() => _inbox.ReceivePlaintext(bob, InstarMessage(new string('x', ThreadlineInbox.MaxMessageBytes + 1)))).Code);
        Assert.Empty(_inbox.Received());

        var first = _inbox.ReceivePlaintext(bob, InstarMessage(threadId: null));
        Assert.Equal("thread-i-1", first.ThreadId);
        Assert.Equal("replay", Assert.Throws<ThreadlineException>(() => _inbox.ReceivePlaintext(bob, InstarMessage())).Code);
        Assert.Single(_inbox.Received());
    }

    [Fact]
    public void An_envelope_must_come_from_the_contact_that_signed_the_request_carrying_it()
    {
        Trust(TrustLevel.Verified);
        _contacts.Add("eve", null, _eve.PublicKey);

        var error = Assert.Throws<ThreadlineException>(() => _inbox.Receive(SealedEnvelope.Parse(From(_bob)), _contacts.Require("eve")));

        Assert.Equal("TL_AUTH_FAILED", error.Code);
        Assert.Empty(_inbox.Received());
        Assert.Equal("thread-1", _inbox.Receive(SealedEnvelope.Parse(From(_bob)), _contacts.Require("bob")).ThreadId);
    }
}
