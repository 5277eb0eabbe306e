using System.Text.Json.Nodes;
using Steward.Core.Crypto;

namespace Steward.Core.Threadline;

/// <summary>
/// The direct-HTTP handshake, both roles, as Instar runs it: hello → hello-response (answering the
/// initiator's nonce, with the responder's own nonce) → confirm (answering that) → confirm-ack.
/// Both sides end with the same relay token, stored on the contact. Glare (both say hello): the
/// lower identity key (hex order) stays initiator. Per claimed agent name: 5 hellos a minute, and
/// a confirm must come within 30 s of its hello, and after 10 failed handshakes (counted
/// cumulatively, as Instar does) the name is blocked for an hour. Pending handshakes and the
/// counters live in memory: handshakes are seconds long and a restart simply means starting again.
/// </summary>
public sealed class ThreadlineHandshake(ThreadlineIdentity self, string selfName, ThreadlineContacts contacts, TimeProvider? timeProvider = null)
{
    public static readonly TimeSpan ConfirmWindow = TimeSpan.FromSeconds(30);
    public const int HellosPerMinute = 5;
    public const int FailuresBeforeBlock = 10;
    public static readonly TimeSpan BlockFor = TimeSpan.FromHours(1);

    private sealed record Pending(string Agent, byte[] PeerIdentity, byte[] PeerEphemeral, string OurNonce, byte[] OurEphemeralPrivate, byte[] OurEphemeral, DateTimeOffset At);

    private sealed record Outgoing(string Agent, string Nonce, byte[] EphemeralPrivate, byte[] Ephemeral);

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly Dictionary<string, Pending> _responding = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Outgoing> _initiating = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _hellos = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _blockedUntil = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Initiator, step 1: the hello body to POST to the peer's /threadline/handshake/hello.</summary>
    public JsonObject Hello(string peerAgent)
    {
        var ephemeralPrivate = Sodium.RandomBytes(32);
        var outgoing = new Outgoing(peerAgent, Convert.ToHexStringLower(Sodium.RandomBytes(32)), ephemeralPrivate, Sodium.X25519Public(ephemeralPrivate));
        lock (_gate)
        {
            _initiating[peerAgent] = outgoing;
        }
        return new JsonObject
        {
            ["agent"] = selfName,
            ["identityPub"] = Convert.ToHexStringLower(self.PublicKey),
            ["ephemeralPub"] = Convert.ToHexStringLower(outgoing.Ephemeral),
            ["nonce"] = outgoing.Nonce,
        };
    }

    /// <summary>Responder: answers a hello. Throws <see cref="ThreadlineException"/> (TL_*) on a bad hello, a flood or glare we win.</summary>
    public JsonObject Respond(JsonObject hello)
    {
        var agent = Text(hello, "agent", 200);
        return CountingFailures(agent, () => RespondTo(hello, agent));
    }

    private JsonObject RespondTo(JsonObject hello, string agent)
    {
        var peerIdentity = HexKey(hello, "identityPub");
        var peerEphemeral = HexKey(hello, "ephemeralPub");
        var nonce = Text(hello, "nonce", 256);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!CountHello(agent, now))
            {
                throw new ThreadlineException("TL_RATE_LIMITED", $"More than {HellosPerMinute} hellos a minute from \"{agent}\"; retry in 60 s.");
            }
            if (_initiating.ContainsKey(agent))
            {
                if (string.CompareOrdinal(Convert.ToHexStringLower(self.PublicKey), Convert.ToHexStringLower(peerIdentity)) < 0)
                {
                    throw new ThreadlineException("TL_HANDSHAKE_FAILED", "Both sides said hello; the lower identity key stays initiator, and that is this side.");
                }
                _initiating.Remove(agent);
            }
        }
        var ephemeralPrivate = Sodium.RandomBytes(32);
        var ephemeral = Sodium.X25519Public(ephemeralPrivate);
        var ourNonce = Convert.ToHexStringLower(Sodium.RandomBytes(32));
        var answer = HandshakeMath.Answer(self, nonce, peerIdentity, peerEphemeral, ephemeral);
        lock (_gate)
        {
            _responding[agent] = new Pending(agent, peerIdentity, peerEphemeral, ourNonce, ephemeralPrivate, ephemeral, now);
        }
        return new JsonObject
        {
            ["type"] = "hello-response",
            ["agent"] = selfName,
            ["identityPub"] = Convert.ToHexStringLower(self.PublicKey),
            ["ephemeralPub"] = Convert.ToHexStringLower(ephemeral),
            ["nonce"] = ourNonce,
            ["challengeResponse"] = answer,
        };
    }

    /// <summary>Responder, last step: checks the initiator's answer, pins the contact, stores the token.</summary>
    public JsonObject Confirm(JsonObject confirm)
    {
        var agent = Text(confirm, "agent", 200);
        return CountingFailures(agent, () => ConfirmFrom(confirm, agent));
    }

    private JsonObject ConfirmFrom(JsonObject confirm, string agent)
    {
        var answer = Text(confirm, "challengeResponse", 256);
        Pending? pending;
        lock (_gate)
        {
            _responding.Remove(agent, out pending);
        }
        if (pending is null)
        {
            throw new ThreadlineException("TL_HANDSHAKE_FAILED", $"No handshake with \"{agent}\" is waiting for a confirm.");
        }
        if (_time.GetUtcNow() - pending.At > ConfirmWindow)
        {
            throw new ThreadlineException("TL_HANDSHAKE_TIMEOUT", $"The confirm came more than {ConfirmWindow.TotalSeconds:0} s after the hello.");
        }
        if (!HandshakeMath.Check(answer, pending.OurNonce, self.PublicKey, pending.PeerIdentity, pending.OurEphemeral, pending.PeerEphemeral))
        {
            throw new ThreadlineException("TL_HANDSHAKE_FAILED", "The challenge response does not verify.");
        }
        Pair(agent, pending.PeerIdentity, HandshakeMath.RelayToken(pending.OurEphemeralPrivate, pending.PeerEphemeral, self.PublicKey, pending.PeerIdentity));
        return new JsonObject { ["type"] = "confirm-ack", ["agent"] = selfName, ["status"] = "paired" };
    }

    /// <summary>Initiator, step 2: checks the hello-response, pins the contact, stores the token and returns the confirm body.</summary>
    /// <remarks>When <paramref name="expectedIdentity"/> is given (the key the peer's health or card claimed), a peer that proves a different key is refused before anything is pinned.</remarks>
    public JsonObject Finish(string peerAgent, JsonObject helloResponse, byte[]? expectedIdentity = null)
    {
        Outgoing? outgoing;
        lock (_gate)
        {
            _initiating.Remove(peerAgent, out outgoing);
        }
        if (outgoing is null)
        {
            throw new ThreadlineException("TL_HANDSHAKE_FAILED", $"No hello to \"{peerAgent}\" is outstanding.");
        }
        var peerIdentity = HexKey(helloResponse, "identityPub");
        var peerEphemeral = HexKey(helloResponse, "ephemeralPub");
        var peerNonce = Text(helloResponse, "nonce", 256);
        if (!HandshakeMath.Check(Text(helloResponse, "challengeResponse", 256), outgoing.Nonce, self.PublicKey, peerIdentity, outgoing.Ephemeral, peerEphemeral))
        {
            throw new ThreadlineException("TL_HANDSHAKE_FAILED", "The peer's challenge response does not verify: it does not hold the key it claims.");
        }
        if (expectedIdentity is not null && !expectedIdentity.AsSpan().SequenceEqual(peerIdentity))
        {
            throw new ThreadlineException("TL_HANDSHAKE_FAILED", "The peer proved a different identity key from the one its health or agent card claims.");
        }
        var name = Text(helloResponse, "agent", 200);
        Pair(name, peerIdentity, HandshakeMath.RelayToken(outgoing.EphemeralPrivate, peerEphemeral, self.PublicKey, peerIdentity));
        return new JsonObject { ["agent"] = selfName, ["challengeResponse"] = HandshakeMath.Answer(self, peerNonce, peerIdentity, peerEphemeral, outgoing.Ephemeral) };
    }

    private void Pair(string agent, byte[] peerIdentity, string token)
    {
        // Adding pins the keys; a known name with other keys is refused here (an impostor).
        ThreadlineContact contact;
        try
        {
            contact = contacts.Add(agent, null, peerIdentity);
        }
        catch (StewardException e)
        {
            throw new ThreadlineException("TL_HANDSHAKE_FAILED", e.Message);
        }
        contacts.SetRelayToken(contact.Fingerprint, token);
    }

    /// <summary>Refuses a blocked name; counts failed handshakes and blocks the name for an hour at the tenth.</summary>
    private JsonObject CountingFailures(string agent, Func<JsonObject> step)
    {
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (_blockedUntil.TryGetValue(agent, out var until))
            {
                if (now < until)
                {
                    throw new ThreadlineException("TL_RATE_LIMITED", $"\"{agent}\" failed {FailuresBeforeBlock} handshakes and is blocked until {until:HH:mm:ss} UTC.");
                }
                _blockedUntil.Remove(agent);
            }
        }
        try
        {
            return step();
        }
        catch (ThreadlineException e) when (e.Code is "TL_HANDSHAKE_FAILED" or "TL_HANDSHAKE_TIMEOUT")
        {
            lock (_gate)
            {
                var failures = _failures.GetValueOrDefault(agent) + 1;
                if (failures >= FailuresBeforeBlock)
                {
                    _failures.Remove(agent);
                    _blockedUntil[agent] = now + BlockFor;
                }
                else
                {
                    _failures[agent] = failures;
                }
            }
            throw;
        }
    }

    private bool CountHello(string agent, DateTimeOffset now)
    {
        if (!_hellos.TryGetValue(agent, out var window))
        {
            window = new Queue<DateTimeOffset>();
            _hellos[agent] = window;
        }
        while (window.Count > 0 && now - window.Peek() >= TimeSpan.FromMinutes(1))
        {
            window.Dequeue();
        }
        if (window.Count >= HellosPerMinute)
        {
            return false;
        }
        window.Enqueue(now);
        return true;
    }

    private static string Text(JsonObject body, string field, int maxLength) =>
        UntrustedJson.Text(body[field]) is { Length: > 0 } text && text.Length <= maxLength
            ? text
            : throw new ThreadlineException("TL_INVALID_PAYLOAD", $"\"{field}\" is missing or not a string of at most {maxLength} characters.");

    private static byte[] HexKey(JsonObject body, string field)
    {
        var text = Text(body, field, 64);
        try
        {
            return text.Length == 64 ? Convert.FromHexString(text) : throw new FormatException();
        }
        catch (FormatException)
        {
            throw new ThreadlineException("TL_INVALID_PAYLOAD", $"\"{field}\" must be 64 hex characters (a 32-byte key).");
        }
    }
}
