using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;

namespace Steward.Core.Threadline.Relay;

/// <summary>The relay's answer about one sent envelope: delivered, queued (recipient offline) or rejected with a reason.</summary>
public sealed record RelayAck(string MessageId, string Status, string? Reason);

/// <summary>An agent the relay lists in a discover result.</summary>
public sealed record RelayAgent(string AgentId, string Name, string? Framework, IReadOnlyList<string> Capabilities, string Status);

/// <summary>The relay refused this agent's authentication (auth_error), with the relay's code and words.</summary>
public sealed class RelayAuthException(string code, string message) : StewardException($"The relay refused authentication ({code}): {message}")
{
    public string Code { get; } = code;
}

/// <summary>
/// One authenticated WebSocket connection to a Threadline relay (Instar's RelayClient protocol):
/// challenge → auth (Ed25519 over the nonce) → auth_ok, then frames both ways. Answers the relay's
/// pings, matches acks and discover results to the requests that wait for them, hands incoming
/// envelopes on, and gives up on a link that has been silent for three heartbeats. Reconnecting is
/// the owner's job (the daemon's relay service): a connection is used once.
/// </summary>
public sealed class RelayConnection : IAsyncDisposable
{
    private const int MaxFrameBytes = 2 * RelayFrames.MaxEnvelopeBytes;

    private readonly ClientWebSocket _socket;
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly SemaphoreSlim _discoverGate = new(1, 1);
    private readonly ConcurrentDictionary<string, TaskCompletionSource<RelayAck>> _pendingAcks = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stop = new();
    private readonly TimeProvider _time;
    private TaskCompletionSource<IReadOnlyList<RelayAgent>>? _pendingDiscover;
    private Task _receiving = Task.CompletedTask;

    private RelayConnection(ClientWebSocket socket, TimeProvider time)
    {
        _socket = socket;
        _time = time;
    }

    public string SessionId { get; private set; } = "";

    public TimeSpan HeartbeatInterval { get; private set; }

    /// <summary>Why the connection ended (closed by the relay, displaced, silent link…), once it has.</summary>
    public string? EndedBecause { get; private set; }

    /// <summary>True when the relay displaced this connection (the same identity connected elsewhere): do not reconnect blindly.</summary>
    public bool Displaced { get; private set; }

    /// <summary>Completes when the connection has ended.</summary>
    public Task Completion => _receiving;

    /// <summary>An envelope the relay delivered to us (sealed or Instar's plaintext), as JSON.</summary>
    public Func<JsonObject, Task>? EnvelopeReceived { get; set; }

    /// <summary>A later ack (e.g. delivered after queued), or a delivery_expired as an ack with status "expired".</summary>
    public Action<RelayAck>? LateAck { get; set; }

    public static async Task<RelayConnection> ConnectAsync(Uri relay, ThreadlineIdentity identity, string name, string visibility, TimeSpan timeout, CancellationToken cancellationToken, TimeProvider? timeProvider = null)
    {
        var socket = new ClientWebSocket();
        var connection = new RelayConnection(socket, timeProvider ?? TimeProvider.System);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(relay, deadline.Token);
            var challenge = await connection.ExpectAsync("challenge", deadline.Token);
            var nonce = challenge.Text("nonce") ?? throw new StewardException("The relay's challenge has no nonce.");
            await connection.SendFrameAsync(RelayFrames.Auth(identity, nonce, name, visibility, ["threadline-message"]), deadline.Token);
            var answer = await connection.ExpectAsync("auth_ok", deadline.Token);
            connection.SessionId = answer.Text("sessionId") ?? "";
            connection.HeartbeatInterval = answer.Body["heartbeatInterval"] is JsonValue ms && ms.TryGetValue<double>(out var interval) && interval > 0
                ? TimeSpan.FromMilliseconds(interval)
                : TimeSpan.FromSeconds(60);
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            socket.Dispose();
            throw new StewardException(e is OperationCanceledException
                ? $"The relay at {relay} did not complete authentication within {timeout.TotalSeconds:0} s."
                : $"Cannot reach the relay at {relay}: {e.Message}");
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        connection._receiving = Task.Run(() => connection.ReceiveLoopAsync());
        return connection;
    }

    /// <summary>Sends an envelope and waits for the relay's first ack about it.</summary>
    public async Task<RelayAck> SendAsync(JsonObject envelope, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var messageId = UntrustedJson.Text(envelope["messageId"]) ?? throw new StewardException("An envelope needs a messageId.");
        var waiting = new TaskCompletionSource<RelayAck>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pendingAcks[messageId] = waiting;
        try
        {
            await SendFrameAsync(RelayFrames.Message(envelope), cancellationToken);
            return await waiting.Task.WaitAsync(timeout, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new StewardException($"The relay did not acknowledge {messageId} within {timeout.TotalSeconds:0} s.");
        }
        finally
        {
            _pendingAcks.TryRemove(messageId, out _);
        }
    }

    /// <summary>Tells the relay an envelope it delivered was taken (as Instar's client does once a message is handled).</summary>
    public Task AckAsync(string messageId, CancellationToken cancellationToken) => SendFrameAsync(RelayFrames.Ack(messageId, "delivered"), cancellationToken);

    /// <summary>Asks the relay which agents it knows, optionally by capability or name.</summary>
    public async Task<IReadOnlyList<RelayAgent>> DiscoverAsync(string? capability, string? name, TimeSpan timeout, CancellationToken cancellationToken)
    {
        await _discoverGate.WaitAsync(cancellationToken);
        try
        {
            var waiting = new TaskCompletionSource<IReadOnlyList<RelayAgent>>(TaskCreationOptions.RunContinuationsAsynchronously);
            _pendingDiscover = waiting;
            await SendFrameAsync(RelayFrames.Discover(capability, name), cancellationToken);
            return await waiting.Task.WaitAsync(timeout, _time, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new StewardException($"The relay did not answer the discovery within {timeout.TotalSeconds:0} s.");
        }
        finally
        {
            _pendingDiscover = null;
            _discoverGate.Release();
        }
    }

    private async Task ReceiveLoopAsync()
    {
        // Three missed heartbeats (the relay pings every interval) mean the link is dead.
        var silence = TimeSpan.FromTicks(Math.Max(HeartbeatInterval.Ticks * 3, TimeSpan.FromSeconds(5).Ticks));
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                watchdog.CancelAfter(silence);
                RelayFrame? frame;
                try
                {
                    frame = await ReadFrameAsync(watchdog.Token);
                }
                catch (OperationCanceledException) when (!_stop.IsCancellationRequested)
                {
                    EndedBecause = $"the relay was silent for {silence.TotalSeconds:0} s";
                    _socket.Abort();
                    break;
                }
                if (frame is null)
                {
                    continue;
                }
                await HandleAsync(frame);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or StewardException)
        {
            EndedBecause ??= e is StewardException ? e.Message : "the connection to the relay was lost";
        }
        foreach (var pending in _pendingAcks.Values)
        {
            pending.TrySetException(new StewardException($"The relay connection ended before an ack: {EndedBecause}."));
        }
        _pendingDiscover?.TrySetException(new StewardException($"The relay connection ended: {EndedBecause}."));
    }

    private async Task HandleAsync(RelayFrame frame)
    {
        switch (frame.Type)
        {
            case "ping":
                await SendFrameAsync(RelayFrames.Pong(_time.GetUtcNow()), _stop.Token);
                break;
            case "message" when frame.Body["envelope"] is JsonObject envelope:
                if (EnvelopeReceived is { } receive)
                {
                    await receive(envelope);
                }
                break;
            case "ack":
                var ack = new RelayAck(frame.Text("messageId") ?? "", frame.Text("status") ?? "rejected", frame.Text("reason"));
                if (_pendingAcks.TryRemove(ack.MessageId, out var waiting))
                {
                    waiting.TrySetResult(ack);
                }
                else
                {
                    LateAck?.Invoke(ack);
                }
                break;
            case "delivery_expired":
                LateAck?.Invoke(new RelayAck(frame.Text("messageId") ?? "", "expired", "delivery_expired: the recipient did not come online before the relay let the message go"));
                break;
            case "error" when frame.Text("relatedMessageId") is { } related && _pendingAcks.TryRemove(related, out var failed):
                failed.TrySetResult(new RelayAck(related, "rejected", $"{frame.Text("code")}: {frame.Text("message")}"));
                break;
            case "discover_result":
                var agents = (frame.Body["agents"] as JsonArray ?? []).OfType<JsonObject>()
                    .Where(a => UntrustedJson.Text(a["agentId"]) is { Length: 32 })
                    .Select(a => new RelayAgent(UntrustedJson.Text(a["agentId"])!, UntrustedJson.Text(a["name"]) ?? "", UntrustedJson.Text(a["framework"]),
                        (a["capabilities"] as JsonArray ?? []).Select(UntrustedJson.Text).OfType<string>().ToList(),
                        UntrustedJson.Text(a["status"]) ?? "offline"))
                    .ToList();
                _pendingDiscover?.TrySetResult(agents);
                break;
            case "displaced":
                Displaced = true;
                EndedBecause = $"displaced: {frame.Text("reason")}";
                break;
        }
    }

    private async Task<RelayFrame> ExpectAsync(string type, CancellationToken cancellationToken)
    {
        while (true)
        {
            var frame = await ReadFrameAsync(cancellationToken);
            if (frame is null)
            {
                continue;
            }
            if (frame.Type == "auth_error")
            {
                throw new RelayAuthException(frame.Text("code") ?? "auth_failed", frame.Text("message") ?? "");
            }
            if (frame.Type == type)
            {
                return frame;
            }
        }
    }

    /// <summary>Reads one whole text message; null for garbage; throws when the socket closes.</summary>
    private async Task<RelayFrame?> ReadFrameAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                EndedBecause ??= $"the relay closed the connection ({_socket.CloseStatus} {_socket.CloseStatusDescription})";
                throw new StewardException(EndedBecause);
            }
            message.Write(buffer, 0, result.Count);
            if (message.Length > MaxFrameBytes)
            {
                EndedBecause = $"the relay sent a frame larger than {MaxFrameBytes / 1024} KB";
                throw new StewardException(EndedBecause);
            }
            if (result.EndOfMessage)
            {
                return result.MessageType == WebSocketMessageType.Text ? RelayFrames.Parse(Encoding.UTF8.GetString(message.GetBuffer(), 0, (int)message.Length)) : null;
            }
        }
    }

    private async Task SendFrameAsync(JsonObject frame, CancellationToken cancellationToken)
    {
        var bytes = Encoding.UTF8.GetBytes(CanonicalJson.Stringify(frame));
        await _sendGate.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await _stop.CancelAsync();
        }
        if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                // Closing politely is a courtesy; the socket is disposed either way.
            }
        }
        try
        {
            await _receiving;
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException)
        {
        }
        _socket.Dispose();
        _stop.Dispose();
        _sendGate.Dispose();
        _discoverGate.Dispose();
    }
}
