using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Steward.Core.Homes;
using Steward.Core.Json;

namespace Steward.Core.Control;

/// <summary>Talks to the home's daemon over its Unix socket. Every call tolerates a daemon that is not running.</summary>
public sealed class ControlClient(AgentHome home)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(2);

    /// <summary>The daemon's status, or null when no daemon answers.</summary>
    public async Task<DaemonStatus?> TryGetStatusAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var response = await TrySendAsync(new ControlRequest(ControlOps.Status), timeout ?? DefaultTimeout, cancellationToken).ConfigureAwait(false);
        return response is { Ok: true, Status: { } status } ? status : null;
    }

    /// <summary>Asks the daemon to look at the command queue now; false when no daemon answers.</summary>
    public async Task<bool> TryWakeAsync(TimeSpan? timeout = null, CancellationToken cancellationToken = default)
    {
        var response = await TrySendAsync(new ControlRequest(ControlOps.Wake), timeout ?? DefaultTimeout, cancellationToken).ConfigureAwait(false);
        return response is { Ok: true };
    }

    private async Task<ControlResponse?> TrySendAsync(ControlRequest request, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!File.Exists(home.SocketPath))
        {
            return null;
        }
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(home.SocketPath), timeoutSource.Token).ConfigureAwait(false);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            var line = JsonSerializer.Serialize(request, StewardJsonContext.Default.ControlRequest) + "\n";
            await stream.WriteAsync(Encoding.UTF8.GetBytes(line), timeoutSource.Token).ConfigureAwait(false);
            using var reader = new StreamReader(stream, Encoding.UTF8);
            var reply = await reader.ReadLineAsync(timeoutSource.Token).ConfigureAwait(false);
            return reply is null ? null : JsonSerializer.Deserialize(reply, StewardJsonContext.Default.ControlResponse);
        }
        catch (Exception e) when (e is SocketException or IOException or OperationCanceledException or JsonException)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
            return null;
        }
    }
}
