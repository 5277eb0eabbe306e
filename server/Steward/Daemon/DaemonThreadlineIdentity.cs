using Microsoft.Extensions.Logging;
using Steward.Core;
using Steward.Core.Homes;
using Steward.Core.Threadline;

namespace Steward.Daemon;

/// <summary>The daemon's Threadline services load the key the same way: a missing or damaged key, or no libsodium, turns that part off and says why; the rest of the daemon runs on.</summary>
internal static class DaemonThreadlineIdentity
{
    public static ThreadlineIdentity? TryLoad(AgentHome home, ILogger logger, string part)
    {
        try
        {
            return ThreadlineKeyFile.Load(home);
        }
        catch (Exception e) when (e is StewardException or DllNotFoundException)
        {
            logger.LogError("Threadline {Part} is off: {Reason}", part, e.Message);
            return null;
        }
    }
}
