using System.CommandLine;
using Steward.Core.Homes;
using Steward.Core.Threadline;
using Steward.Core.Threadline.Relay;

namespace Steward.Cli;

/// <summary>`steward threadline relay status|enable|disable`: the relay connection's switch and state (the daemon follows config.json within a second).</summary>
internal static class ThreadlineRelayCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("relay", "The Threadline relay: reach agents anywhere through a WebSocket relay (off until enabled).");
        command.Subcommands.Add(Status(context));
        command.Subcommands.Add(Enable(context));
        command.Subcommands.Add(Disable(context));
        return command;
    }

    private static Command Status(CliContext context)
    {
        var command = new Command("status", "Whether the daemon is connected to the relay, and the relay settings.");
        command.SetGuardedAction(async (parse, cancellationToken) =>
        {
            await PrintAsync(new HomeServices(context.RequireHome(parse)), cancellationToken);
            return CliAction.Success;
        });
        return command;
    }

    private static Command Enable(CliContext context)
    {
        var url = new Option<string?>("--url") { Description = "The relay's ws(s):// URL (default: the one in config, Instar's public relay unless changed)." };
        var visibility = new Option<string?>("--visibility") { Description = "public (listed in discovery), unlisted (reachable by id) or private." };
        var command = new Command("enable", "Connect to the relay (saved in config.json; the running daemon connects within a second).") { url, visibility };
        command.SetGuardedAction(async (parse, cancellationToken) =>
        {
            var services = new HomeServices(context.RequireHome(parse));
            services.Config.SetRelay(true, parse.GetValue(url), parse.GetValue(visibility));
            services.Config.Save(services.Home.ConfigPath);
            Console.WriteLine($"Relay enabled: {services.Config.ThreadlineRelayUrl} ({services.Config.ThreadlineRelayVisibility}).");
            await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
            await PrintAsync(new HomeServices(services.Home), cancellationToken);
            return CliAction.Success;
        });
        return command;
    }

    private static Command Disable(CliContext context)
    {
        var command = new Command("disable", "Leave the relay (messages to relay contacts wait in the queue until it is enabled again).");
        command.SetGuardedAction((parse, _) =>
        {
            var services = new HomeServices(context.RequireHome(parse));
            services.Config.SetRelay(false, null, null);
            services.Config.Save(services.Home.ConfigPath);
            Console.WriteLine("Relay disabled.");
            return Task.FromResult(CliAction.Success);
        });
        return command;
    }

    private static async Task PrintAsync(HomeServices services, CancellationToken cancellationToken)
    {
        var running = await services.Control.TryGetStatusAsync(cancellationToken: cancellationToken) is not null;
        var state = RelayStatus.Current(services.Home, services.Config, running);
        Console.WriteLine($"state        {RelayLink.Describe(state)}");
        Console.WriteLine($"since        {state.Since:yyyy-MM-dd HH:mm:ss} UTC");
        Console.WriteLine($"url          {services.Config.ThreadlineRelayUrl}");
        Console.WriteLine($"visibility   {services.Config.ThreadlineRelayVisibility}");
        Console.WriteLine($"sender trust {services.Config.ThreadlineRelaySenderTrust.Name()} (agents first met over the relay)");
    }
}
