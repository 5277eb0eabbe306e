using System.Text.Json.Nodes;

namespace Steward.Core.Threadline.Relay;

/// <summary>What the owner configured: whether to use a relay, which one, and how visible to be there.</summary>
public sealed record RelaySettings(bool Enabled, string Url, string Visibility);

/// <summary>How the relay link stands, for threadline_identity and `steward threadline relay status`.</summary>
public sealed record RelayState(string State, string? Url, DateTimeOffset Since, string? Detail = null, string? SessionId = null)
{
    public const string Off = "off";
    public const string Connecting = "connecting";
    public const string Connected = "connected";
    public const string Disconnected = "disconnected";
    public const string Displaced = "displaced";
    public const string Refused = "refused";

    public JsonObject ToJson() => new()
    {
        ["state"] = State,
        ["url"] = Url,
        ["since"] = UntrustedJson.IsoTimestamp(Since),
        ["detail"] = Detail,
        ["session_id"] = SessionId,
    };

    public static RelayState? FromJson(JsonNode? json) =>
        json is JsonObject o && UntrustedJson.Text(o["state"]) is { } state && DateTimeOffset.TryParse(UntrustedJson.Text(o["since"]), out var since)
            ? new RelayState(state, UntrustedJson.Text(o["url"]), since, UntrustedJson.Text(o["detail"]), UntrustedJson.Text(o["session_id"]))
            : null;
}

/// <summary>
/// Keeps this agent on its relay: connects when the owner has it enabled, reconnects after a drop
/// with exponential backoff (1 s doubling to 60 s, ±20 % jitter so a restarted relay is not hit by
/// every agent at once), follows config changes without a restart, and after `displaced` (the
/// same key connected elsewhere) waits five minutes instead of fighting the other process.
/// Sending and discovery go through the current connection; null/throw when there is none.
/// </summary>
public sealed class RelayLink(ThreadlineIdentity identity, string name, Func<RelaySettings> settings, TimeProvider? timeProvider = null)
{
    public static readonly TimeSpan AckTimeout = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan DisplacedPause = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan SettingsPoll = TimeSpan.FromSeconds(1);

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private RelayConnection? _current;
    private RelayState _state = new(RelayState.Off, null, (timeProvider ?? TimeProvider.System).GetUtcNow());

    public RelayState State => _state;

    /// <summary>Called with every state change (the daemon writes it where the CLI and MCP server read it).</summary>
    public Action<RelayState>? StateChanged { get; set; }

    /// <summary>Called once per successful authentication: the outbox resends what waited for the relay.</summary>
    public Func<Task>? Connected { get; set; }

    /// <summary>An envelope the relay delivered; returns whether to ack it as taken.</summary>
    public Func<JsonObject, Task<bool>>? EnvelopeReceived { get; set; }

    public Action<RelayAck>? LateAck { get; set; }

    public bool IsConnected => _current is { Completion.IsCompleted: false };

    /// <summary>Sends one envelope and returns the relay's ack, or null when there is no connection right now.</summary>
    public async Task<RelayAck?> SendAsync(JsonObject envelope, CancellationToken cancellationToken)
    {
        var connection = _current;
        if (connection is null || connection.Completion.IsCompleted)
        {
            return null;
        }
        try
        {
            return await connection.SendAsync(envelope, AckTimeout, cancellationToken);
        }
        catch (ObjectDisposedException)
        {
            return null;
        }
    }

    public async Task<IReadOnlyList<RelayAgent>> DiscoverAsync(string? capability, string? agentName, CancellationToken cancellationToken)
    {
        var connection = _current;
        if (connection is null || connection.Completion.IsCompleted)
        {
            throw new StewardException($"Not connected to a relay ({Describe(_state)}).");
        }
        return await connection.DiscoverAsync(capability, agentName, AckTimeout, cancellationToken);
    }

    public static string Describe(RelayState state) => state.State switch
    {
        RelayState.Off => "the relay is off: `steward threadline relay enable` turns it on",
        RelayState.Connected => $"connected to {state.Url}",
        _ => $"{state.State}{(state.Detail is null ? "" : $": {state.Detail}")}",
    };

    public async Task RunAsync(CancellationToken stoppingToken)
    {
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            var wanted = settings();
            if (!wanted.Enabled)
            {
                SetState(new RelayState(RelayState.Off, null, _time.GetUtcNow()), onlyIfChanged: true);
                await WaitForChangeAsync(wanted, Timeout.InfiniteTimeSpan, stoppingToken);
                continue;
            }
            SetState(new RelayState(RelayState.Connecting, wanted.Url, _time.GetUtcNow(), failures == 0 ? null : _state.Detail));
            RelayConnection connection;
            try
            {
                connection = await RelayConnection.ConnectAsync(new Uri(wanted.Url), identity, name, wanted.Visibility, ConnectTimeout, stoppingToken, _time);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (RelayAuthException e)
            {
                failures++;
                SetState(new RelayState(RelayState.Refused, wanted.Url, _time.GetUtcNow(), e.Message));
                await WaitForChangeAsync(wanted, MaxBackoff, stoppingToken);
                continue;
            }
            catch (Exception e) when (e is StewardException or UriFormatException or System.Net.WebSockets.WebSocketException)
            {
                failures++;
                SetState(new RelayState(RelayState.Disconnected, wanted.Url, _time.GetUtcNow(), e.Message));
                await WaitForChangeAsync(wanted, Backoff(failures), stoppingToken);
                continue;
            }
            await using (connection)
            {
                connection.EnvelopeReceived = async envelope =>
                {
                    if (EnvelopeReceived is { } receive && await receive(envelope) && UntrustedJson.Text(envelope["messageId"]) is { } id)
                    {
                        await connection.AckAsync(id, stoppingToken);
                    }
                };
                connection.LateAck = ack => LateAck?.Invoke(ack);
                _current = connection;
                failures = 0;
                SetState(new RelayState(RelayState.Connected, wanted.Url, _time.GetUtcNow(), null, connection.SessionId));
                if (Connected is { } connected)
                {
                    await connected();
                }
                using var changed = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var watch = WaitForChangeAsync(wanted, Timeout.InfiniteTimeSpan, changed.Token);
                await Task.WhenAny(connection.Completion, watch);
                await changed.CancelAsync();
                await watch;
                _current = null;
                if (stoppingToken.IsCancellationRequested)
                {
                    break;
                }
                if (!connection.Completion.IsCompleted)
                {
                    continue; // the owner changed the settings: reconnect (or stop) at once
                }
                if (connection.Displaced)
                {
                    SetState(new RelayState(RelayState.Displaced, wanted.Url, _time.GetUtcNow(), $"{connection.EndedBecause}; another process uses this agent's key. Trying again in {DisplacedPause.TotalMinutes:0} minutes."));
                    await WaitForChangeAsync(wanted, DisplacedPause, stoppingToken);
                    continue;
                }
                failures = 1;
                SetState(new RelayState(RelayState.Disconnected, wanted.Url, _time.GetUtcNow(), connection.EndedBecause));
            }
            await WaitForChangeAsync(wanted, Backoff(failures), stoppingToken);
        }
        _current = null;
        SetState(new RelayState(RelayState.Off, null, _time.GetUtcNow(), "the daemon stopped"));
    }

    private static TimeSpan Backoff(int failures)
    {
        var seconds = Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, Math.Max(0, failures - 1)));
        return TimeSpan.FromSeconds(seconds * (0.8 + 0.4 * Random.Shared.NextDouble()));
    }

    /// <summary>Waits <paramref name="delay"/>, returning early when the owner changes the relay settings or the daemon stops.</summary>
    private async Task WaitForChangeAsync(RelaySettings current, TimeSpan delay, CancellationToken cancellationToken)
    {
        var deadline = delay == Timeout.InfiniteTimeSpan ? DateTimeOffset.MaxValue : _time.GetUtcNow() + delay;
        while (!cancellationToken.IsCancellationRequested && _time.GetUtcNow() < deadline)
        {
            var wait = deadline == DateTimeOffset.MaxValue ? SettingsPoll : TimeSpan.FromTicks(Math.Min(SettingsPoll.Ticks, (deadline - _time.GetUtcNow()).Ticks));
            try
            {
                await Task.Delay(wait, _time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            RelaySettings now;
            try
            {
                now = settings();
            }
            catch (StewardException)
            {
                continue; // a config.json being edited: keep what runs until it reads again
            }
            if (now != current)
            {
                return;
            }
        }
    }

    private void SetState(RelayState state, bool onlyIfChanged = false)
    {
        if (onlyIfChanged && state.State == _state.State && state.Url == _state.Url)
        {
            return;
        }
        _state = state;
        StateChanged?.Invoke(state);
    }
}
