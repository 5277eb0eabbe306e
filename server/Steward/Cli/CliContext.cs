using System.CommandLine;
using Steward.Core;
using Steward.Core.Homes;

namespace Steward.Cli;

/// <summary>What every command shares: the --home option and how a home is found.</summary>
internal sealed class CliContext(HomeLocator locator)
{
    public Option<string?> HomeOption { get; } = new("--home")
    {
        Description = "The agent home to use (default: $STEWARD_HOME, else the nearest .steward/ up from here, else ~/.steward).",
        Recursive = true,
    };

    public static Option<bool> JsonOption() => new("--json") { Description = "Print JSON for scripts instead of text." };

    public HomeLocation Locate(ParseResult parse) => locator.Locate(parse.GetValue(HomeOption));

    /// <summary>The home a creating command (init, serve) uses: never a missing ~/.steward, rather ./.steward.</summary>
    public HomeLocation LocateOrCreateHere(ParseResult parse) => locator.LocateOrCreateHere(parse.GetValue(HomeOption));

    public AgentHome RequireHome(ParseResult parse)
    {
        var location = Locate(parse);
        if (location.Exists)
        {
            return location.Home;
        }
        var where = location.Source switch
        {
            HomeSource.Option => $"--home points at {location.Home.Root}, which is not an agent home",
            HomeSource.Environment => $"${HomeLocator.EnvironmentVariable} points at {location.Home.Root}, which is not an agent home",
            _ => $"No agent home found (looked at {locator.DescribeSearch()})",
        };
        throw new StewardException($"{where}. Create one with `steward init` (or pass --home).");
    }
}
