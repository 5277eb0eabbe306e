using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;
using Steward.Core;
using Steward.Core.Homes;

namespace Steward.Mcp;

/// <summary>The MCP server's registrations, shared by `steward mcp` and the in-process tests so both run the same server.</summary>
internal static class StewardMcpServer
{
    public const string Instructions =
        "Steward gives you a persistent identity, memory and a daemon that keeps working between sessions. " +
        "Read identity_get at the start of work. Tools that need the daemon queue their work durably when it is not running.";

    public static IServiceCollection AddStewardMcpServices(this IServiceCollection services, AgentHome home)
    {
        services.AddSingleton(new HomeServices(home));
        return services;
    }

    public static IMcpServerBuilder AddStewardMcpServer(this IServiceCollection services) =>
        services
            .AddMcpServer(options =>
            {
                options.ServerInfo = new Implementation { Name = "steward", Version = StewardVersion.Current };
                options.ServerInstructions = Instructions;
            })
            .WithTools<IdentityTools>()
            .WithTools<SessionTools>()
            .WithTools<ScheduleTools>()
            .WithTools<PeopleTools>()
            .WithTools<MemoryTools>()
            .WithTools<TelegramTools>()
            .WithTools<ThreadlineTools>()
            .WithClearArgumentErrors();
}
