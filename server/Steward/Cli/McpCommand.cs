using System.CommandLine;
using Steward.Mcp;

namespace Steward.Cli;

internal static class McpCommand
{
    public static Command Create(CliContext context)
    {
        var command = new Command("mcp", "Run the MCP server on stdin/stdout (Claude Code starts this; see .mcp.json).");
        command.SetGuardedAction(async (parse, cancellationToken) =>
        {
            await McpHost.RunAsync(context.Locate(parse).Home, cancellationToken);
            return CliAction.Success;
        });
        return command;
    }
}
