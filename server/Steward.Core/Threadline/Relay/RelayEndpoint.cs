using System.Text.Json.Nodes;
using Steward.Core.Storage;

namespace Steward.Core.Threadline.Relay;

/// <summary>
/// This agent on the relay, wired once: the link's envelopes go through <see cref="RelayInbound"/>
/// (introductions answered, messages handed to <see cref="MessageReceived"/>), late acks settle
/// the outbox, and every (re)connection sends what waited. The daemon adds only the session
/// hand-off and the status file.
/// </summary>
public sealed class RelayEndpoint
{
    private readonly RelayInbound _inbound;
    private readonly ThreadlineOutbox _outbox;

    public RelayEndpoint(StewardDatabase database, ThreadlineIdentity self, string selfName, RelayLink link, Func<TrustLevel> relayTrust, TimeProvider? timeProvider = null)
    {
        Link = link;
        _outbox = new ThreadlineOutbox(database, timeProvider);
        var inbox = new ThreadlineInbox(database, self, new SenderRateLimiter(timeProvider), timeProvider);
        _inbound = new RelayInbound(database, self, selfName, inbox, new SenderRateLimiter(timeProvider), relayTrust, timeProvider);
        link.Connected = () =>
        {
            var due = _outbox.ResendViaRelay();
            Log?.Invoke($"connected; {due} waiting message(s) go out now");
            return Task.CompletedTask;
        };
        link.LateAck = ack =>
        {
            _outbox.RelayReported(ack.MessageId, ack.Status, ack.Reason);
            Log?.Invoke($"{ack.MessageId} is now {ack.Status}{(ack.Reason is null ? "" : $" ({ack.Reason})")}");
        };
        link.EnvelopeReceived = ReceiveAsync;
    }

    public RelayLink Link { get; }

    /// <summary>A message that passed every check and was stored (probes excluded).</summary>
    public Func<InboundMessage, Task>? MessageReceived { get; set; }

    public Action<string>? Log { get; set; }

    /// <summary>Handles one envelope; true when the relay should hear it was taken (a refused one is not acknowledged).</summary>
    private async Task<bool> ReceiveAsync(JsonObject envelope)
    {
        RelayReceipt receipt;
        try
        {
            receipt = _inbound.Receive(envelope);
        }
        catch (ThreadlineException e) when (e.Code == "replay")
        {
            return true; // we have it already; acknowledging stops a relay that resends
        }
        catch (Exception e) when (e is ThreadlineException or StewardException)
        {
            Log?.Invoke($"refused an envelope from {(UntrustedJson.Text(envelope["from"]) is { Length: 32 } from ? from : "(invalid sender)")}: {e.Message}");
            return false;
        }
        if (receipt.Introduced is { } introduced)
        {
            Log?.Invoke($"{introduced.Name} ({introduced.Fingerprint}) introduced its key; trust {introduced.Trust.Name()}");
            if (receipt.IntroductionReply is { } reply)
            {
                // Not awaited here: the reply's ack arrives on the loop that is running this handler.
                _ = Task.Run(() => Link.SendAsync(reply, CancellationToken.None));
            }
        }
        else if (receipt.Message is { IsProbe: false } message && MessageReceived is { } received)
        {
            await received(message);
        }
        return true;
    }
}
