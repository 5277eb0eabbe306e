using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Steward.Core.Homes;
using Steward.Core.Threadline;
using Steward.Core.Threadline.Relay;

namespace Steward.Daemon;

/// <summary>
/// Keeps the daemon on its Threadline relay (when the owner enabled it): messages that arrive go
/// to the thread sessions exactly as direct HTTP ones do, and the relay's state is written for
/// the CLI and MCP server.
/// </summary>
internal sealed class ThreadlineRelayService(ThreadlineRuntime runtime, DaemonWakeSignal wake, ILogger<ThreadlineRelayService> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (runtime is not { Link: { } link, Identity: { } identity })
        {
            return;
        }
        var services = new HomeServices(runtime.Home);
        var endpoint = new RelayEndpoint(services.Database, identity, services.Config.Name, link, runtime.RelaySenderTrust)
        {
            Log = line => logger.LogInformation("Threadline relay: {Line}", line),
            MessageReceived = message =>
            {
                ThreadlineHandOff.ToSession(services, message, "relay", wake, logger);
                return Task.CompletedTask;
            },
        };
        link.StateChanged = state =>
        {
            RelayStatusFile.Write(runtime.Home, state);
            logger.LogInformation("Threadline relay: {State}", RelayLink.Describe(state));
        };
        await endpoint.Link.RunAsync(stoppingToken);
    }
}
