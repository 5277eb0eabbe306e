using System.CommandLine;
using Steward.Core.Api;

namespace Steward.Cli;

/// <summary>`steward api token|rotate`: the local API's bearer token (kept in config.json; never logged).</summary>
internal static class ApiCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("api", "The daemon's local REST API (see GET /openapi.json).");
        var token = new Command("token", "Print the bearer token, e.g. TOKEN=$(steward api token).");
        token.SetGuardedAction((parse, _) =>
        {
            Console.WriteLine(ApiToken.Ensure(context.RequireHome(parse)));
            return Task.FromResult(CliAction.Success);
        });
        var rotate = new Command("rotate", "Replace the token; the old one stops working at once (the running daemon reads the new one).");
        rotate.SetGuardedAction((parse, _) =>
        {
            ApiToken.Rotate(context.RequireHome(parse));
            Console.WriteLine("The API token was replaced; `steward api token` prints the new one.");
            return Task.FromResult(CliAction.Success);
        });
        command.Subcommands.Add(token);
        command.Subcommands.Add(rotate);
        return command;
    }
}
