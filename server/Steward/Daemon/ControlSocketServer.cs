using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Steward.Core;
using Steward.Core.Commands;
using Steward.Core.Control;
using Steward.Core.Files;
using Steward.Core.Homes;
using Steward.Core.Json;

namespace Steward.Daemon;

/// <summary>
/// The daemon's control endpoint: a Unix socket at &lt;home&gt;/daemon.sock, mode 0600, inside the
/// 0700 home, so only the owner can reach it. One JSON request line, one JSON response line.
/// </summary>
internal sealed class ControlSocketServer(
    AgentHome home,
    DaemonInstance instance,
    CommandQueue queue,
    DaemonWakeSignal wake,
    TimeProvider time,
    ILogger<ControlSocketServer> logger) : BackgroundService
{
    /// <summary>sun_path holds 108 bytes including the terminating NUL.</summary>
    private const int MaxSocketPathBytes = 107;
    private const int MaxRequestBytes = 64 * 1024;

    private Socket? _listener;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var pathBytes = Encoding.UTF8.GetByteCount(home.SocketPath);
        if (pathBytes > MaxSocketPathBytes)
        {
            throw new StewardException($"The control socket path {home.SocketPath} is {pathBytes} bytes; Unix sockets allow {MaxSocketPathBytes}. Use a home with a shorter path.");
        }
        // We hold the daemon lock, so any socket file left here belongs to a daemon that died.
        File.Delete(home.SocketPath);
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(home.SocketPath));
        File.SetUnixFileMode(home.SocketPath, OwnerOnly.File);
        _listener.Listen(64);
        logger.LogInformation("Control socket listening at {Path}", home.SocketPath);
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var listener = _listener!;
        using var registration = stoppingToken.Register(listener.Dispose);
        while (!stoppingToken.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await listener.AcceptAsync(stoppingToken);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException && stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (SocketException e)
            {
                // Out of descriptors or an aborted handshake: the endpoint stays up and tries again.
                logger.LogWarning("Control socket accept failed: {Message}", e.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(100), stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                continue;
            }
            _ = Task.Run(() => ServeAsync(client, stoppingToken), CancellationToken.None);
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        _listener?.Dispose();
    }

    private async Task ServeAsync(Socket client, CancellationToken stoppingToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        try
        {
            await using var stream = new NetworkStream(client, ownsSocket: true);
            var line = await ReadLineAsync(stream, timeout.Token);
            var response = line is null ? new ControlResponse(false, "empty request") : Handle(line);
            var bytes = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(response, StewardJsonContext.Default.ControlResponse) + "\n");
            await stream.WriteAsync(bytes, timeout.Token);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            logger.LogDebug("Control connection ended early: {Message}", e.Message);
        }
    }

    private ControlResponse Handle(string line)
    {
        ControlRequest? request;
        try
        {
            request = JsonSerializer.Deserialize(line, StewardJsonContext.Default.ControlRequest);
        }
        catch (JsonException)
        {
            return new ControlResponse(false, "request is not valid JSON");
        }
        switch (request?.Op)
        {
            case ControlOps.Status:
                var now = time.GetUtcNow();
                return new ControlResponse(true, Status: new DaemonStatus(
                    instance.Pid, instance.StartedAt, (now - instance.StartedAt).TotalSeconds,
                    StewardVersion.Current, home.Root, queue.Counts()));
            case ControlOps.Wake:
                wake.Wake();
                return new ControlResponse(true);
            default:
                return new ControlResponse(false, $"unknown op '{request?.Op}'; known: {ControlOps.Status}, {ControlOps.Wake}");
        }
    }

    private static async Task<string?> ReadLineAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new List<byte>(256);
        var chunk = new byte[1024];
        while (buffer.Count < MaxRequestBytes)
        {
            var read = await stream.ReadAsync(chunk, cancellationToken);
            if (read == 0)
            {
                break;
            }
            var newline = Array.IndexOf(chunk, (byte)'\n', 0, read);
            buffer.AddRange(chunk.AsSpan(0, newline < 0 ? read : newline).ToArray());
            if (newline >= 0)
            {
                break;
            }
        }
        return buffer.Count == 0 ? null : Encoding.UTF8.GetString(buffer.ToArray());
    }
}
