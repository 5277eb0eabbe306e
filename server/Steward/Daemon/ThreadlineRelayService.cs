using System.Text.Json.Nodes;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Steward.Core;
using Steward.Core.Homes;
using Steward.Core.Threadline;
using Steward.Core.Threadline.Relay;

namespace Steward.Daemon;

/// <summary>
/// Keeps the daemon on its Threadline relay (when the owner enabled it) and turns what arrives
/// into messages for the thread sessions, exactly as direct HTTP does. The relay's state is
/// written for the CLI and MCP server; acks and late acks settle the outbox.
/// </summary>
internal sealed class ThreadlineRelayService(ThreadlineRuntime runtime, DaemonWakeSignal wake, ILogger<ThreadlineRelayService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (runtime is not { Link: { } link, Client: { } client, Identity: { } identity })
        {
            return;
        }
        var services = new HomeServices(runtime.Home);
        var inbox = new ThreadlineInbox(services.Database, identity, new SenderRateLimiter());
        var inbound = new RelayInbound(services.Database, identity, services.Config.Name, inbox, new SenderRateLimiter(), services.Config.ThreadlineRelaySenderTrust);
        var outbox = new ThreadlineOutbox(services.Database);
        link.StateChanged = state =>
        {
            RelayStatusFile.Write(runtime.Home, state);
            logger.LogInformation("Threadline relay: {State}", RelayLink.Describe(state));
        };
        link.Connected = () =>
        {
            var due = outbox.ResendViaRelay();
            if (due > 0)
            {
                logger.LogInformation("Threadline relay: {Count} waiting message(s) go out now", due);
            }
            return Task.CompletedTask;
        };
        link.LateAck = ack =>
        {
            client.RelayReported(ack);
            logger.LogInformation("Threadline relay: {Id} is now {Status}{Reason}", ack.MessageId, ack.Status, ack.Reason is null ? "" : $" ({ack.Reason})");
        };
        link.EnvelopeReceived = envelope => Task.FromResult(Receive(services, inbound, link, envelope, stoppingToken));
        await link.RunAsync(stoppingToken);
    }

    /// <summary>Handles one envelope; true when the relay should hear it was taken (a refused one is not acknowledged).</summary>
    private bool Receive(HomeServices services, RelayInbound inbound, RelayLink link, JsonObject envelope, CancellationToken stoppingToken)
    {
        RelayReceipt receipt;
        try
        {
            receipt = inbound.Receive(envelope);
        }
        catch (ThreadlineException e) when (e.Code == "replay")
        {
            return true; // we have it already; the relay may stop resending
        }
        catch (Exception e) when (e is ThreadlineException or StewardException)
        {
            logger.LogWarning("Threadline relay: refused an envelope from {From}: {Reason}", UntrustedJson.Text(envelope["from"]) is { Length: 32 } from ? from : "(invalid)", e.Message);
            return false;
        }
        if (receipt.Introduced is { } introduced)
        {
            logger.LogInformation("Threadline relay: {Agent} ({Fingerprint}) introduced its key; trust {Trust}", introduced.Name, introduced.Fingerprint, introduced.Trust.Name());
            if (receipt.IntroductionReply is { } reply)
            {
                _ = Task.Run(() => link.SendAsync(reply, stoppingToken), CancellationToken.None);
            }
            return true;
        }
        if (receipt.Message is { IsProbe: false } message)
        {
            logger.LogInformation("Threadline relay: {Kind} message {Id} from {Agent} in thread {Thread}", message.Sealed ? "sealed" : "plaintext", message.MessageId, message.Sender.Name, message.ThreadId);
            try
            {
                ThreadSessions.Deliver(services, message);
                wake.Wake();
            }
            catch (StewardException e)
            {
                logger.LogWarning("Threadline: message {Id} is in the inbox but no session took it: {Reason}", message.MessageId, e.Message);
            }
        }
        return true;
    }
}
