using System.CommandLine;
using Steward.Core.Configuration;
using Steward.Core.Homes;
using Steward.Daemon;

namespace Steward.Cli;

internal static class ServeCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("serve", "Run the daemon for this home (one per home). Creates ./.steward first when no home is found.");
        command.SetGuardedAction(async (parse, cancellationToken) =>
        {
            var location = context.LocateOrCreateHere(parse);
            if (!location.Exists)
            {
                var report = HomeInitializer.Initialize(location.Home);
                await Console.Error.WriteLineAsync($"steward: no agent home found; created {report.Home.Root} (agent \"{report.Name}\"). Edit its AGENT.md and USER.md to introduce the agent.");
            }
            var config = StewardConfig.Load(location.Home.ConfigPath);
            await DaemonHost.RunAsync(location.Home, config, cancellationToken);
            return CliAction.Success;
        });
        return command;
    }
}
