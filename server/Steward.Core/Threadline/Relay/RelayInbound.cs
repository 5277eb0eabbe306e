using System.Text.Json.Nodes;
using Steward.Core.Storage;

namespace Steward.Core.Threadline.Relay;

/// <summary>What one relay envelope came to: a message for the agent, a key pinned (with our introduction to send back), or a probe.</summary>
public sealed record RelayReceipt(InboundMessage? Message, ThreadlineContact? Introduced, JsonObject? IntroductionReply);

/// <summary>
/// Everything the relay hands this agent goes through here before the ordinary inbox gate:
/// it must be addressed to us; sealed envelopes are opened (held for up to a day by the relay,
/// deduplicated for good); a Steward agent's key introduction is pinned (the fingerprint the
/// relay authenticated is the key's prefix) and answered with ours; Instar's plaintext is taken
/// only from an agent that speaks plaintext (first met that way, or marked instar_compat by the
/// owner) — never from a contact whose keys are pinned, which must keep sealing. An agent first
/// met over the relay starts at the owner's relay trust (untrusted unless config says verified; read when needed),
/// and at most <see cref="NewAgentsPerHour"/> such agents are added an hour.
/// </summary>
public sealed class RelayInbound(StewardDatabase database, ThreadlineIdentity self, string selfName, ThreadlineInbox inbox, SenderRateLimiter limiter,
    Func<TrustLevel> relayTrust, TimeProvider? timeProvider = null)
{
    public const int NewAgentsPerHour = 30;

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly ThreadlineContacts _contacts = new(database, timeProvider);
    private readonly Queue<DateTimeOffset> _newAgents = new();

    public RelayReceipt Receive(JsonObject envelope)
    {
        var read = RelayEnvelopes.Read(envelope);
        if (read.To != self.Fingerprint)
        {
            throw new ThreadlineException("wrong_recipient", "The envelope is addressed to another agent.");
        }
        if (read.From == self.Fingerprint)
        {
            throw new ThreadlineException("invalid_envelope", "The envelope claims to come from this agent.");
        }
        switch (read.Kind)
        {
            case RelayEnvelopeKind.Sealed:
                return new RelayReceipt(inbox.Receive(envelope, authenticated: null, viaRelay: true), null, null);
            case RelayEnvelopeKind.Introduction:
                var known = _contacts.FindByFingerprint(read.From);
                if (!limiter.TryProbe(read.From, known?.Trust ?? TrustLevel.Untrusted) || known is null && !MayAddAgent())
                {
                    throw new ThreadlineException("rate_limited", "Too many introductions.");
                }
                var pinned = _contacts.PinIntroducedKey(read.From, read.IntroducedKey!, read.IntroducedName, relayTrust());
                var reply = read.WantsReply ? RelayEnvelopes.Introduction(self, selfName, read.From, reply: true, _time.GetUtcNow()) : null;
                return new RelayReceipt(null, pinned, reply);
            default:
                var sender = _contacts.FindByFingerprint(read.From) ?? AddPlaintextSender(read.From);
                return new RelayReceipt(inbox.ReceiveRelayPlaintext(sender, read.MessageId, read.ThreadId, read.Text!), null, null);
        }
    }

    private ThreadlineContact AddPlaintextSender(string fingerprint) =>
        MayAddAgent()
            ? _contacts.AddFromRelay(fingerprint, null, relayTrust(), instarCompat: true, "first met over the relay sending Instar's plaintext (threadline.relay.sender_trust)")
            : throw new ThreadlineException("rate_limited", "Too many new agents this hour.");

    private bool MayAddAgent()
    {
        var now = _time.GetUtcNow();
        lock (_newAgents)
        {
            while (_newAgents.Count > 0 && now - _newAgents.Peek() > TimeSpan.FromHours(1))
            {
                _newAgents.Dequeue();
            }
            if (_newAgents.Count >= NewAgentsPerHour)
            {
                return false;
            }
            _newAgents.Enqueue(now);
            return true;
        }
    }
}
