using Microsoft.Extensions.Logging;
using Steward.Core.Homes;
using Steward.Core.Threadline;
using Steward.Core.Threadline.Relay;

namespace Steward.Daemon;

/// <summary>
/// The daemon's Threadline parts share one identity: the HTTP endpoint, the relay link and the
/// client that sends direct or through the relay. A missing or damaged key, or no libsodium, turns
/// Threadline off (null parts), says why once, and the rest of the daemon runs on.
/// </summary>
internal sealed class ThreadlineRuntime : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private RelaySettings _lastGood = new(false, "", "unlisted");

    public ThreadlineRuntime(AgentHome home, ILogger<ThreadlineRuntime> logger)
    {
        Home = home;
        var services = new HomeServices(home);
        try
        {
            Identity = ThreadlineKeyFile.Load(home);
        }
        catch (Exception e) when (e is Core.StewardException or DllNotFoundException)
        {
            logger.LogError("Threadline is off: {Reason}", e.Message);
            return;
        }
        Link = new RelayLink(Identity, services.Config.Name, ReadSettings);
        Client = new ThreadlineClient(_http, services.Database, Identity, services.Config.Name) { Relay = Link };
    }

    public AgentHome Home { get; }

    public ThreadlineIdentity? Identity { get; }

    public RelayLink? Link { get; }

    public ThreadlineClient? Client { get; }

    /// <summary>Read fresh each time, so `steward threadline relay enable|disable` takes effect without a restart; a config being edited keeps the last good settings.</summary>
    private RelaySettings ReadSettings()
    {
        try
        {
            var config = Core.Configuration.StewardConfig.Load(Home.ConfigPath);
            _lastGood = new RelaySettings(config.ThreadlineRelayEnabled, config.ThreadlineRelayUrl, config.ThreadlineRelayVisibility);
        }
        catch (Core.StewardException)
        {
        }
        return _lastGood;
    }

    /// <summary>threadline.relay.sender_trust as config.json says it now (a config being edited: untrusted, the safe side).</summary>
    public TrustLevel RelaySenderTrust()
    {
        try
        {
            return Core.Configuration.StewardConfig.Load(Home.ConfigPath).ThreadlineRelaySenderTrust;
        }
        catch (Core.StewardException)
        {
            return TrustLevel.Untrusted;
        }
    }

    public void Dispose()
    {
        Identity?.Dispose();
        _http.Dispose();
    }
}
