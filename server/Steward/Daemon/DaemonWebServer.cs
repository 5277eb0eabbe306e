using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Steward.Core.Files;
using Steward.Core.Homes;

namespace Steward.Daemon;

/// <summary>The daemon's Kestrel servers (Threadline, the local API) are built, started and stopped the same way.</summary>
internal static class DaemonWebServer
{
    /// <summary>A slim web application on http://<paramref name="listen"/>, its own logging off (requests carry tokens), bodies capped.</summary>
    public static WebApplication Build(string listen, long maxBodyBytes)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://{listen}");
        builder.WebHost.ConfigureKestrel(o => o.Limits.MaxRequestBodySize = maxBodyBytes);
        return builder.Build();
    }

    /// <summary>
    /// Starts the application, writes the bound address to &lt;home&gt;/<paramref name="endpointFile"/>
    /// (port 0 picks one), runs until the daemon stops. A port another program holds is logged
    /// with what to change, and the rest of the daemon keeps working. Returns the bound address, or null.
    /// </summary>
    public static async Task ServeAsync(WebApplication app, AgentHome home, string endpointFile, string what, string configKey, ILogger logger, Action<string>? started, CancellationToken stoppingToken)
    {
        try
        {
            await app.StartAsync(stoppingToken);
        }
        catch (IOException e)
        {
            logger.LogError("{What}: cannot listen: {Reason}. Set {Key} in config.json (port 0 picks a free one, \"off\" turns it off).", what, e.Message, configKey);
            return;
        }
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        AtomicFile.WriteAllText(Path.Combine(home.Root, endpointFile), address + "\n", OwnerOnly.File);
        started?.Invoke(address);
        logger.LogInformation("{What}: listening at {Address}", what, address);
        try
        {
            await Task.Delay(Timeout.Infinite, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
        await app.StopAsync(CancellationToken.None);
    }
}
