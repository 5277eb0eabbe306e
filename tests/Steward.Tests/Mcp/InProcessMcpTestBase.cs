using System.IO.Pipelines;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using ModelContextProtocol.Server;
using Steward.Core.Homes;
using Steward.Mcp;

namespace Steward.Tests.Mcp;

/// <summary>
/// The MCP SDK's client/server test pattern: Steward's real server registrations, connected to the
/// SDK's real client through in-memory pipes.
/// </summary>
public abstract class InProcessMcpTestBase : IAsyncDisposable
{
    private readonly Pipe _clientToServer = new();
    private readonly Pipe _serverToClient = new();
    private readonly CancellationTokenSource _cancellation = new();
    private readonly ServiceProvider _services;
    private readonly Task _serverTask;

    internal InProcessMcpTestBase(AgentHome home)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddStewardMcpServices(home);
        services.AddStewardMcpServer().WithStreamServerTransport(_clientToServer.Reader.AsStream(), _serverToClient.Writer.AsStream());
        _services = services.BuildServiceProvider(validateScopes: true);
        _serverTask = _services.GetRequiredService<McpServer>().RunAsync(_cancellation.Token);
    }

    protected Task<McpClient> ConnectAsync() =>
        McpClient.CreateAsync(
            new StreamClientTransport(_clientToServer.Writer.AsStream(), _serverToClient.Reader.AsStream()),
            cancellationToken: _cancellation.Token);

    public async ValueTask DisposeAsync()
    {
        await _cancellation.CancelAsync();
        _clientToServer.Writer.Complete();
        _serverToClient.Writer.Complete();
        try
        {
            await _serverTask;
        }
        catch (OperationCanceledException)
        {
        }
        await _services.DisposeAsync();
        _cancellation.Dispose();
        GC.SuppressFinalize(this);
    }
}
