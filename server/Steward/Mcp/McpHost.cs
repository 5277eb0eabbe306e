using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Steward.Core.Configuration;
using Steward.Core.Homes;
using Steward.Logging;

namespace Steward.Mcp;

/// <summary>`steward mcp`: a stdio MCP server for one Claude Code session. stdout carries only the protocol.</summary>
internal static class McpHost
{
    public static async Task RunAsync(AgentHome home, CancellationToken cancellationToken)
    {
        var config = TryLoadConfig(home);
        var level = StewardLoggerProvider.ParseLevel(config?.LogLevel ?? "warning");
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings { ApplicationName = "steward-mcp" });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(level);
        builder.Logging.AddProvider(new StewardLoggerProvider(level, Console.Error, home.Exists ? home.LogsDirectory : null, "mcp"));
        builder.Services.Configure<ConsoleLifetimeOptions>(o => o.SuppressStatusMessages = true);
        builder.Services.AddStewardMcpServices(home);
        builder.Services.AddStewardMcpServer().WithStdioServerTransport();
        using var host = builder.Build();
        await host.RunAsync(cancellationToken);
    }

    /// <summary>The MCP server starts even without a (valid) home, so tools can tell the model what is wrong.</summary>
    private static StewardConfig? TryLoadConfig(AgentHome home)
    {
        try
        {
            return home.Exists ? StewardConfig.Load(home.ConfigPath) : null;
        }
        catch (Core.StewardException e)
        {
            Console.Error.WriteLine($"steward mcp: {e.Message}");
            return null;
        }
    }
}
