using Microsoft.Extensions.Logging;
using Steward.Core;
using Steward.Core.Homes;
using Steward.Core.Threadline;

namespace Steward.Daemon;

/// <summary>A message that passed the gate, by direct HTTP or the relay, goes to its thread's session the same way.</summary>
internal static class ThreadlineHandOff
{
    public static void ToSession(HomeServices services, InboundMessage message, string transport, DaemonWakeSignal wake, ILogger logger)
    {
        logger.LogInformation("Threadline: {Kind} message {Id} from {Agent} in thread {Thread} ({Transport})",
            message.Sealed ? "sealed" : "plaintext (instar_compat)", message.MessageId, message.Sender.Name, message.ThreadId, transport);
        try
        {
            ThreadSessions.Deliver(services, message);
            wake.Wake();
        }
        catch (StewardException e)
        {
            // Stored and in the inbox either way; a full session table only delays the answer.
            logger.LogWarning("Threadline: message {Id} is in the inbox but no session took it: {Reason}", message.MessageId, e.Message);
        }
    }
}
