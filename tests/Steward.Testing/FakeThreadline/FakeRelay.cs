using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Steward.Testing.FakeThreadline;

/// <summary>How the fake relay behaves; the defaults are Instar's relay's.</summary>
public sealed record FakeRelayOptions
{
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(60);
    public TimeSpan AuthTimeout { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan OfflineTtl { get; init; } = TimeSpan.FromMinutes(5);
    public int MaxEnvelopeBytes { get; init; } = 256 * 1024;
    public int MessagesPerMinute { get; init; } = 1_000;
    public int MissedPongsBeforeDisconnect { get; init; } = 3;
}

/// <summary>
/// A local Threadline relay on Kestrel WebSockets (ws://127.0.0.1:port/v1/connect) that speaks
/// the frames of Instar's relay faithfully: challenge, auth (fingerprint must match the key, Ed25519
/// over the nonce's UTF-8 bytes; auth_error otherwise; auth timeout), displaced on a second
/// connection with the same identity, pings and missed-pong disconnects, routing with the sender
/// check, size limit, replay detection and per-agent rate limit, acks (delivered / queued /
/// rejected), an offline queue flushed on connect (with a delivered ack to the sender) or expired
/// with delivery_expired, discovery of public agents, and error frames for garbage.
/// The signature check is passed in, so this project needs no crypto library.
/// </summary>
public sealed class FakeRelay : IAsyncDisposable
{
    private sealed class Connection(WebSocket socket, string agentId, JsonObject metadata, string visibility)
    {
        public WebSocket Socket { get; } = socket;
        public string AgentId { get; } = agentId;
        public JsonObject Metadata { get; } = metadata;
        public string Visibility { get; } = visibility;
        public SemaphoreSlim SendGate { get; } = new(1, 1);
        public int MissedPongs { get; set; }
        public Queue<DateTimeOffset> Sent { get; } = new();
    }

    private readonly WebApplication _app;
    private readonly FakeRelayOptions _options;
    private readonly Func<byte[], byte[], byte[], bool> _verify;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Connection> _connections = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<(JsonObject Envelope, DateTimeOffset At)>> _offline = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
    private readonly List<JsonObject> _routed = [];
    private readonly CancellationTokenSource _stop = new();

    private FakeRelay(WebApplication app, FakeRelayOptions options, Func<byte[], byte[], byte[], bool> verify)
    {
        _app = app;
        _options = options;
        _verify = verify;
    }

    public string Url { get; private set; } = "";

    public int Port { get; private set; }

    /// <summary>Every envelope the relay accepted for routing, in order.</summary>
    public IReadOnlyList<JsonObject> Routed
    {
        get { lock (_gate) { return _routed.ToList(); } }
    }

    public IReadOnlyList<string> Connected
    {
        get { lock (_gate) { return _connections.Keys.ToList(); } }
    }

    /// <param name="verify">(publicKey, message, signature) → valid Ed25519 signature.</param>
    public static async Task<FakeRelay> StartAsync(Func<byte[], byte[], byte[], bool> verify, FakeRelayOptions? options = null, int port = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        var app = builder.Build();
        var relay = new FakeRelay(app, options ?? new FakeRelayOptions(), verify);
        app.UseWebSockets();
        app.Map("/v1/connect", async (HttpContext context) =>
        {
            if (!context.WebSockets.IsWebSocketRequest)
            {
                context.Response.StatusCode = 400;
                return;
            }
            using var socket = await context.WebSockets.AcceptWebSocketAsync();
            await relay.ServeAsync(socket);
        });
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        relay.Port = address.Port;
        relay.Url = $"ws://127.0.0.1:{address.Port}/v1/connect";
        _ = Task.Run(relay.ExpireLoopAsync);
        return relay;
    }

    /// <summary>Sends raw text to a connected agent (garbage-frame tests).</summary>
    public async Task SendRawAsync(string agentId, string text)
    {
        Connection connection;
        lock (_gate)
        {
            connection = _connections[agentId];
        }
        await SendTextAsync(connection, text);
    }

    private async Task ServeAsync(WebSocket socket)
    {
        var nonce = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        await SendAsync(socket, null, new JsonObject { ["type"] = "challenge", ["nonce"] = nonce });
        // Cancelling a WebSocket receive aborts the socket, so the auth timeout races the read instead.
        var reading = ReadAsync(socket, _stop.Token);
        if (await Task.WhenAny(reading, Task.Delay(_options.AuthTimeout, _stop.Token)) != reading)
        {
            await SendAsync(socket, null, AuthError("auth_timeout", "Authentication timeout"));
            try
            {
                await socket.CloseOutputAsync((WebSocketCloseStatus)4008, "Auth timeout", CancellationToken.None);
                await reading.WaitAsync(TimeSpan.FromSeconds(2));
            }
            catch (Exception e) when (e is WebSocketException or TimeoutException or InvalidDataException)
            {
            }
            return;
        }
        JsonObject? auth;
        try
        {
            auth = await reading;
        }
        catch (InvalidDataException)
        {
            auth = new JsonObject();
        }
        var connection = auth is null ? null : Authenticate(socket, auth, nonce, out var error) ?? await Refuse(socket, error);
        if (connection is null)
        {
            return;
        }
        await SendAsync(socket, connection.SendGate, new JsonObject
        {
            ["type"] = "auth_ok", ["sessionId"] = $"relay-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8))}", ["heartbeatInterval"] = _options.HeartbeatInterval.TotalMilliseconds,
        });
        await FlushOfflineAsync(connection);
        using var heartbeat = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        var pinging = Task.Run(() => HeartbeatAsync(connection, heartbeat.Token));
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                JsonObject? frame;
                try
                {
                    frame = await ReadAsync(socket, _stop.Token);
                }
                catch (InvalidDataException)
                {
                    await SendAsync(socket, connection.SendGate, new JsonObject { ["type"] = "error", ["code"] = "invalid_frame", ["message"] = "Invalid JSON" });
                    continue;
                }
                if (frame is null)
                {
                    break;
                }
                await HandleAsync(connection, frame);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
        finally
        {
            await heartbeat.CancelAsync();
            lock (_gate)
            {
                if (_connections.TryGetValue(connection.AgentId, out var current) && current == connection)
                {
                    _connections.Remove(connection.AgentId);
                }
            }
        }
    }

    private static async Task<Connection?> Refuse(WebSocket socket, string error)
    {
        await SendAsync(socket, null, AuthError("auth_failed", error));
        await CloseAsync(socket, (WebSocketCloseStatus)4003, "Auth failed");
        return null;
    }

    private Connection? Authenticate(WebSocket socket, JsonObject auth, string nonce, out string error)
    {
        error = "";
        if (Text(auth, "type") != "auth" || Text(auth, "agentId") is not { } agentId || Text(auth, "publicKey") is not { } publicKeyText || Text(auth, "signature") is not { } signatureText)
        {
            error = "Expected an auth frame with agentId, publicKey and signature";
            return null;
        }
        byte[] publicKey, signature;
        try
        {
            publicKey = Convert.FromBase64String(publicKeyText);
            signature = Convert.FromBase64String(signatureText);
        }
        catch (FormatException)
        {
            error = "publicKey and signature must be base64";
            return null;
        }
        if (publicKey.Length != 32 || Convert.ToHexStringLower(publicKey.AsSpan(0, 16)) != agentId)
        {
            error = "agentId does not match the public key's fingerprint";
            return null;
        }
        if (signature.Length != 64 || !_verify(publicKey, Encoding.UTF8.GetBytes(nonce), signature))
        {
            error = "Signature verification failed";
            return null;
        }
        var connection = new Connection(socket, agentId, auth["metadata"] as JsonObject ?? new JsonObject(), Text(auth, "visibility") ?? "unlisted");
        Connection? displaced;
        lock (_gate)
        {
            _connections.Remove(agentId, out displaced);
            _connections[agentId] = connection;
        }
        if (displaced is not null)
        {
            _ = Task.Run(async () =>
            {
                await SendAsync(displaced.Socket, displaced.SendGate, new JsonObject { ["type"] = "displaced", ["reason"] = "Another device connected with the same identity key" });
                await CloseAsync(displaced.Socket, (WebSocketCloseStatus)4001, "Displaced by new connection");
            });
        }
        return connection;
    }

    private async Task HandleAsync(Connection connection, JsonObject frame)
    {
        switch (Text(frame, "type"))
        {
            case "message" when frame["envelope"] is JsonObject envelope:
                await RouteAsync(connection, envelope);
                break;
            case "pong":
                connection.MissedPongs = 0;
                break;
            case "ack":
                break; // informational, as in Instar's relay
            case "discover":
                await DiscoverAsync(connection, frame["filter"] as JsonObject);
                break;
            default:
                await SendAsync(connection.Socket, connection.SendGate, new JsonObject { ["type"] = "error", ["code"] = "invalid_frame", ["message"] = $"Unknown frame type: {Text(frame, "type")}" });
                break;
        }
    }

    private async Task RouteAsync(Connection sender, JsonObject envelope)
    {
        var messageId = Text(envelope, "messageId") ?? "";
        async Task Ack(string status, string? reason = null, double? ttl = null)
        {
            var ack = new JsonObject { ["type"] = "ack", ["messageId"] = messageId, ["status"] = status };
            if (reason is not null)
            {
                ack["reason"] = reason;
            }
            if (ttl is not null)
            {
                ack["ttl"] = ttl;
            }
            await SendAsync(sender.Socket, sender.SendGate, ack);
        }
        var to = Text(envelope, "to") ?? "";
        if (Text(envelope, "from") != sender.AgentId)
        {
            await Ack("rejected", "Sender fingerprint mismatch");
            return;
        }
        var size = envelope.ToJsonString().Length;
        if (size > _options.MaxEnvelopeBytes)
        {
            await Ack("rejected", $"Envelope too large ({size} > {_options.MaxEnvelopeBytes})");
            return;
        }
        Connection? recipient = null;
        string? rejection = null;
        lock (_gate)
        {
            var now = DateTimeOffset.UtcNow;
            while (sender.Sent.Count > 0 && now - sender.Sent.Peek() > TimeSpan.FromMinutes(1))
            {
                sender.Sent.Dequeue();
            }
            if (_seen.Contains(messageId))
            {
                rejection = "Duplicate message ID (replay detected)";
            }
            else if (sender.Sent.Count >= _options.MessagesPerMinute)
            {
                rejection = "Rate limited (per-agent)";
            }
            else
            {
                _seen.Add(messageId);
                sender.Sent.Enqueue(now);
                _routed.Add(envelope.DeepClone().AsObject());
                if (!_connections.TryGetValue(to, out recipient))
                {
                    if (!_offline.TryGetValue(to, out var queue))
                    {
                        _offline[to] = queue = [];
                    }
                    queue.Add((envelope, now));
                }
            }
        }
        if (rejection is not null)
        {
            await Ack("rejected", rejection);
        }
        else if (recipient is null)
        {
            await Ack("queued", ttl: _options.OfflineTtl.TotalSeconds);
        }
        else
        {
            await SendAsync(recipient.Socket, recipient.SendGate, new JsonObject { ["type"] = "message", ["envelope"] = envelope.DeepClone() });
            await Ack("delivered");
        }
    }

    private async Task FlushOfflineAsync(Connection connection)
    {
        List<(JsonObject Envelope, DateTimeOffset At)>? queued;
        lock (_gate)
        {
            _offline.Remove(connection.AgentId, out queued);
        }
        foreach (var (envelope, _) in queued ?? [])
        {
            await SendAsync(connection.Socket, connection.SendGate, new JsonObject { ["type"] = "message", ["envelope"] = envelope.DeepClone() });
            Connection? sender;
            lock (_gate)
            {
                _connections.TryGetValue(Text(envelope, "from") ?? "", out sender);
            }
            if (sender is not null)
            {
                await SendAsync(sender.Socket, sender.SendGate, new JsonObject { ["type"] = "ack", ["messageId"] = Text(envelope, "messageId"), ["status"] = "delivered" });
            }
        }
    }

    private async Task DiscoverAsync(Connection asking, JsonObject? filter)
    {
        var capability = filter is null ? null : Text(filter, "capability");
        var name = filter is null ? null : Text(filter, "name");
        List<Connection> agents;
        lock (_gate)
        {
            agents = _connections.Values.Where(c => c.Visibility == "public").ToList();
        }
        var matches = agents.Where(c =>
            (capability is null || (c.Metadata["capabilities"] as JsonArray ?? []).Any(x => x?.GetValue<string>() == capability))
            && (name is null || (Text(c.Metadata, "name") ?? "").Contains(name, StringComparison.OrdinalIgnoreCase)));
        await SendAsync(asking.Socket, asking.SendGate, new JsonObject
        {
            ["type"] = "discover_result",
            ["agents"] = new JsonArray(matches.Select(c => (JsonNode)new JsonObject
            {
                ["agentId"] = c.AgentId, ["name"] = Text(c.Metadata, "name"), ["framework"] = Text(c.Metadata, "framework"),
                ["capabilities"] = c.Metadata["capabilities"]?.DeepClone() ?? new JsonArray(), ["status"] = "online",
            }).ToArray()),
        });
    }

    private async Task HeartbeatAsync(Connection connection, CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(_options.HeartbeatInterval, cancellationToken);
                if (connection.MissedPongs >= _options.MissedPongsBeforeDisconnect)
                {
                    await CloseAsync(connection.Socket, (WebSocketCloseStatus)4000, "Heartbeat timeout");
                    return;
                }
                connection.MissedPongs++;
                await SendAsync(connection.Socket, connection.SendGate, new JsonObject { ["type"] = "ping", ["timestamp"] = DateTimeOffset.UtcNow.ToString("O") });
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ExpireLoopAsync()
    {
        try
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), _stop.Token);
                var expired = new List<JsonObject>();
                lock (_gate)
                {
                    foreach (var queue in _offline.Values)
                    {
                        expired.AddRange(queue.Where(q => DateTimeOffset.UtcNow - q.At > _options.OfflineTtl).Select(q => q.Envelope));
                        queue.RemoveAll(q => DateTimeOffset.UtcNow - q.At > _options.OfflineTtl);
                    }
                }
                foreach (var envelope in expired)
                {
                    Connection? sender;
                    lock (_gate)
                    {
                        _connections.TryGetValue(Text(envelope, "from") ?? "", out sender);
                    }
                    if (sender is not null)
                    {
                        await SendAsync(sender.Socket, sender.SendGate, new JsonObject
                        {
                            ["type"] = "delivery_expired", ["messageId"] = Text(envelope, "messageId"), ["recipientId"] = Text(envelope, "to"), ["queuedAt"] = Text(envelope, "timestamp"),
                        });
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static JsonObject AuthError(string code, string message) => new() { ["type"] = "auth_error", ["code"] = code, ["message"] = message };

    private static string? Text(JsonObject body, string field) => body[field] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>One whole text message as a JSON object; null when the peer closed; InvalidDataException for anything that is not a JSON object.</summary>
    private static async Task<JsonObject?> ReadAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, cancellationToken);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }
            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                try
                {
                    return JsonNode.Parse(message.ToArray()) as JsonObject ?? throw new InvalidDataException();
                }
                catch (System.Text.Json.JsonException)
                {
                    throw new InvalidDataException();
                }
            }
        }
    }

    private static Task SendAsync(WebSocket socket, SemaphoreSlim? gate, JsonObject frame) => SendTextAsync(socket, gate, frame.ToJsonString());

    private static Task SendTextAsync(Connection connection, string text) => SendTextAsync(connection.Socket, connection.SendGate, text);

    private static async Task SendTextAsync(WebSocket socket, SemaphoreSlim? gate, string text)
    {
        if (gate is not null)
        {
            await gate.WaitAsync();
        }
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                await socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, true, CancellationToken.None);
            }
        }
        catch (WebSocketException)
        {
            // The peer went away; the read loop notices.
        }
        finally
        {
            gate?.Release();
        }
    }

    private static async Task CloseAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        try
        {
            if (socket.State == WebSocketState.Open)
            {
                // A full close handshake (bounded): returning at once would reset the TCP
                // connection and could drop the auth_error the client has not read yet.
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await socket.CloseAsync(status, reason, timeout.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
