using System.Text.Json.Nodes;
using Steward.Core.Storage;
using Steward.Core.Threadline;
using Steward.Testing;

namespace Steward.Core.Tests.Threadline;

/// <summary>Two agents (two homes) run the handshake through its JSON bodies, as the HTTP endpoints will carry them.</summary>
public sealed class ThreadlineHandshakeTests : IDisposable
{
    private readonly TestHome _homeA = new("ada");
    private readonly TestHome _homeB = new("bob");
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 21, 12, 0, 0, TimeSpan.Zero));
    private readonly ThreadlineIdentity _a;
    private readonly ThreadlineIdentity _b;
    private readonly ThreadlineContacts _contactsA;
    private readonly ThreadlineContacts _contactsB;

    public ThreadlineHandshakeTests()
    {
        _a = ThreadlineKeyFile.Load(_homeA.Home);
        _b = ThreadlineKeyFile.Load(_homeB.Home);
        _contactsA = new ThreadlineContacts(new StewardDatabase(_homeA.Home.DatabasePath), _clock);
        _contactsB = new ThreadlineContacts(new StewardDatabase(_homeB.Home.DatabasePath), _clock);
    }

    public void Dispose()
    {
        _a.Dispose();
        _b.Dispose();
        _homeA.Dispose();
        _homeB.Dispose();
    }

    private ThreadlineHandshake A() => new(_a, "ada", _contactsA, _clock);

    private ThreadlineHandshake B() => new(_b, "bob", _contactsB, _clock);

    private static JsonObject Wire(JsonObject body) => JsonNode.Parse(body.ToJsonString())!.AsObject();

    [Fact]
    public void Both_sides_end_paired_with_pinned_keys_and_the_same_relay_token()
    {
        var (a, b) = (A(), B());

        var response = b.Respond(Wire(a.Hello("bob")));
        var confirm = a.Finish("bob", Wire(response));
        var ack = b.Confirm(Wire(confirm));

        Assert.Equal("paired", ack["status"]!.GetValue<string>());
        var bobAtAda = _contactsA.Require("bob");
        var adaAtBob = _contactsB.Require("ada");
        Assert.Equal(_b.Fingerprint, bobAtAda.Fingerprint);
        Assert.Equal(_a.Fingerprint, adaAtBob.Fingerprint);
        Assert.Equal(TrustLevel.Untrusted, bobAtAda.Trust);
        var token = _contactsA.RelayToken(bobAtAda.Fingerprint);
        Assert.Equal(64, token!.Length);
        Assert.Equal(token, _contactsB.RelayToken(adaAtBob.Fingerprint));
    }

    [Fact]
    public void A_wrong_answer_and_steps_without_their_first_half_fail()
    {
        var (a, b) = (A(), B());
        var response = b.Respond(Wire(a.Hello("bob")));
        var confirm = a.Finish("bob", Wire(response));
        confirm["challengeResponse"] = new string('0', 128);

        Assert.Equal("TL_HANDSHAKE_FAILED", Assert.Throws<ThreadlineException>(() => b.Confirm(confirm)).Code);
        Assert.Null(_contactsB.Find("ada"));
        Assert.Equal("TL_HANDSHAKE_FAILED", Assert.Throws<ThreadlineException>(() => B().Confirm(Wire(confirm))).Code);
        Assert.Equal("TL_HANDSHAKE_FAILED", Assert.Throws<ThreadlineException>(() => A().Finish("bob", Wire(response))).Code);
    }

    [Fact]
    public void A_confirm_after_30_seconds_times_out()
    {
        var (a, b) = (A(), B());
        var confirm = a.Finish("bob", Wire(b.Respond(Wire(a.Hello("bob")))));
        _clock.Advance(TimeSpan.FromSeconds(31));

        Assert.Equal("TL_HANDSHAKE_TIMEOUT", Assert.Throws<ThreadlineException>(() => b.Confirm(Wire(confirm))).Code);
        Assert.Equal("TL_HANDSHAKE_FAILED", Assert.Throws<ThreadlineException>(() => b.Confirm(Wire(confirm))).Code);
    }

    [Fact]
    public void A_forged_hello_response_is_caught_by_the_initiator()
    {
        var a = A();
        var hello = a.Hello("bob");
        using var mallory = ThreadlineIdentity.Create();
        var forged = B().Respond(Wire(hello));
        forged["identityPub"] = Convert.ToHexStringLower(mallory.PublicKey);

        Assert.Equal("TL_HANDSHAKE_FAILED", Assert.Throws<ThreadlineException>(() => a.Finish("bob", forged)).Code);
        Assert.Null(_contactsA.Find("bob"));
    }

    [Fact]
    public void An_impostor_under_a_paired_name_is_refused()
    {
        var (a, b) = (A(), B());
        b.Confirm(Wire(a.Finish("bob", Wire(b.Respond(Wire(a.Hello("bob")))))));
        using var mallory = ThreadlineIdentity.Create();
        var impostor = new ThreadlineHandshake(mallory, "bob", new ThreadlineContacts(new StewardDatabase(_homeB.Home.DatabasePath + ".m"), _clock), _clock);

        var response = impostor.Respond(Wire(a.Hello("bob")));

        Assert.Equal("TL_HANDSHAKE_FAILED", Assert.Throws<ThreadlineException>(() => a.Finish("bob", Wire(response))).Code);
        Assert.Equal(_b.Fingerprint, _contactsA.Require("bob").Fingerprint);
    }

    [Fact]
    public void Glare_keeps_the_lower_identity_as_initiator()
    {
        var (a, b) = (A(), B());
        var helloFromA = a.Hello("bob");
        var helloFromB = b.Hello("ada");
        var aIsLower = string.CompareOrdinal(Convert.ToHexStringLower(_a.PublicKey), Convert.ToHexStringLower(_b.PublicKey)) < 0;
        var (lower, higher, helloFromLower, helloFromHigher, lowerName, higherName) = aIsLower
            ? (a, b, helloFromA, helloFromB, "ada", "bob")
            : (b, a, helloFromB, helloFromA, "bob", "ada");

        Assert.Equal("TL_HANDSHAKE_FAILED", Assert.Throws<ThreadlineException>(() => lower.Respond(Wire(helloFromHigher))).Code);
        var response = higher.Respond(Wire(helloFromLower));
        var ack = higher.Confirm(Wire(lower.Finish(higherName, Wire(response))));

        Assert.Equal("paired", ack["status"]!.GetValue<string>());
        Assert.NotNull((aIsLower ? _contactsB : _contactsA).Find(lowerName));
    }

    [Fact]
    public void More_than_five_hellos_a_minute_from_one_name_are_rate_limited()
    {
        var b = B();
        for (var i = 0; i < 5; i++)
        {
            b.Respond(Wire(A().Hello("bob")));
        }

        Assert.Equal("TL_RATE_LIMITED", Assert.Throws<ThreadlineException>(() => b.Respond(Wire(A().Hello("bob")))).Code);
        _clock.Advance(TimeSpan.FromSeconds(61));
        Assert.Equal("hello-response", b.Respond(Wire(A().Hello("bob")))["type"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("{\"agent\": \"x\", \"identityPub\": \"zz\", \"ephemeralPub\": \"00\", \"nonce\": \"n\"}")]
    [InlineData("{\"agent\": 5, \"identityPub\": \"00\", \"ephemeralPub\": \"00\", \"nonce\": \"n\"}")]
    public void Malformed_hellos_are_invalid_payloads(string body) =>
        Assert.Equal("TL_INVALID_PAYLOAD", Assert.Throws<ThreadlineException>(() => B().Respond(JsonNode.Parse(body)!.AsObject())).Code);

    [Fact]
    public void Ten_failed_handshakes_block_the_name_for_an_hour()
    {
        var b = B();
        var bogus = new JsonObject { ["agent"] = "mallory", ["challengeResponse"] = new string('0', 128) };
        for (var i = 0; i < ThreadlineHandshake.FailuresBeforeBlock; i++)
        {
            Assert.Equal("TL_HANDSHAKE_FAILED", Assert.Throws<ThreadlineException>(() => b.Confirm(Wire(bogus))).Code);
        }

        using var mallory = ThreadlineIdentity.Create();
        var hello = new ThreadlineHandshake(mallory, "mallory", new ThreadlineContacts(new StewardDatabase(_homeA.Home.DatabasePath), _clock), _clock).Hello("bob");
        var blocked = Assert.Throws<ThreadlineException>(() => b.Respond(Wire(hello)));
        Assert.Equal("TL_RATE_LIMITED", blocked.Code);
        Assert.Contains("blocked", blocked.Message, StringComparison.Ordinal);
        // Another name is not affected, and the block lifts after an hour.
        Assert.Equal("hello-response", b.Respond(Wire(A().Hello("bob")))["type"]!.GetValue<string>());
        _clock.Advance(ThreadlineHandshake.BlockFor - TimeSpan.FromSeconds(1));
        Assert.Equal("TL_RATE_LIMITED", Assert.Throws<ThreadlineException>(() => b.Respond(Wire(hello))).Code);
        _clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("hello-response", b.Respond(Wire(hello))["type"]!.GetValue<string>());
    }

    [Fact]
    public void Nine_failures_do_not_block()
    {
        var b = B();
        var bogus = new JsonObject { ["agent"] = "ada", ["challengeResponse"] = new string('0', 128) };
        for (var i = 0; i < ThreadlineHandshake.FailuresBeforeBlock - 1; i++)
        {
            Assert.Throws<ThreadlineException>(() => b.Confirm(Wire(bogus)));
        }
        var a = A();
        b.Confirm(Wire(a.Finish("bob", Wire(b.Respond(Wire(a.Hello("bob")))))));
        Assert.NotNull(_contactsB.Find("ada"));
    }

    [Fact]
    public void A_peer_proving_a_different_key_from_the_one_it_claimed_is_not_pinned()
    {
        var (a, b) = (A(), B());
        using var claimed = ThreadlineIdentity.Create();

        var response = b.Respond(Wire(a.Hello("bob")));
        var refused = Assert.Throws<ThreadlineException>(() => a.Finish("bob", Wire(response), claimed.PublicKey));

        Assert.Equal("TL_HANDSHAKE_FAILED", refused.Code);
        Assert.Null(_contactsA.Find("bob"));
    }
}
