using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Steward.Core.Homes;

namespace Steward.Core.Sessions;

public sealed record SessionLaunch(int Pid, bool Resumed, string? Released);

public sealed record SessionDelivery(int Pid, bool Resumed, string? Released);

/// <summary>Every session slot holds a working process; the request can be tried again later.</summary>
public sealed class SessionCapacityException(string message) : StewardException(message);

/// <summary>
/// Runs background sessions inside the daemon: starts and resumes claude processes, feeds their
/// events to the transcript and the store, delivers input, enforces the limits, and ends them
/// (kill, idle release, shutdown). Status changes come only from events and exits.
/// </summary>
public sealed class SessionSupervisor : IAsyncDisposable
{
    private static readonly TimeSpan TouchInterval = TimeSpan.FromSeconds(2);

    private readonly AgentHome _home;
    private readonly SessionStore _store;
    private readonly SessionSettings _settings;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SessionTelemetry _telemetry;
    private readonly ConcurrentDictionary<string, LiveSession> _live = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _launchGate = new(1, 1);

    public SessionSupervisor(AgentHome home, SessionStore store, SessionSettings settings, TimeProvider time, ILogger<SessionSupervisor> logger, SessionTelemetry? telemetry = null)
    {
        _home = home;
        _store = store;
        _settings = settings;
        _time = time;
        _logger = logger;
        _telemetry = telemetry ?? new SessionTelemetry();
    }

    public IReadOnlyCollection<string> LiveSessions => _live.Keys.ToList();

    /// <summary>
    /// At daemon start: sessions that had a process when the last daemon died cannot be re-attached
    /// (their pipes died with it). Any survivor is stopped, and the session is recorded as interrupted;
    /// its transcript stays, and session_send resumes the conversation.
    /// </summary>
    public IReadOnlyList<string> RecoverAfterRestart()
    {
        var interrupted = new List<string>();
        foreach (var row in _store.List().Where(r => r.Status.HasProcess()))
        {
            if (row.Pid is { } pid && ProcessGroup.IsSameProcess(pid, row.ProcessStartTicks))
            {
                ProcessGroup.Signal(pid, ProcessGroup.SigKill);
            }
            var now = _time.GetUtcNow();
            _store.MarkEnded(row.Name, SessionStatus.Interrupted, "the daemon stopped while this session ran; session_send resumes it", null, now);
            using (var transcript = TranscriptFile.OpenForAppend(TranscriptFile.PathFor(_home, row.Name)))
            {
                transcript.AppendStewardEvent("interrupted", now, new JsonObject { ["reason"] = "daemon restart" });
            }
            interrupted.Add(row.Name);
            _logger.LogWarning("Session {Name} was {Status} when the daemon stopped; recorded as interrupted", row.Name, row.Status.ToDatabase());
        }
        return interrupted;
    }

    /// <summary>Starts a queued session's first process and hands it the prompt. Returns as soon as the process runs.</summary>
    public async Task<SessionLaunch> StartAsync(string name, DateTimeOffset requestedAt, CancellationToken cancellationToken)
    {
        var row = _store.Require(name);
        if (row.Status != SessionStatus.Queued)
        {
            throw new StewardException($"Session '{name}' is {row.Status.ToDatabase()}; only a queued session can be started.");
        }
        return await LaunchAsync(row, row.Prompt, resume: false, requestedAt, cancellationToken);
    }

    /// <summary>A new user turn: written to the live process, or the session is resumed with it when its process has ended.</summary>
    public async Task<SessionDelivery> SendAsync(string name, string text, DateTimeOffset requestedAt, CancellationToken cancellationToken)
    {
        var row = _store.Require(name);
        if (_live.TryGetValue(name, out var live))
        {
            if (!live.IsEnding && await live.Process.SendAsync(text, cancellationToken))
            {
                return new SessionDelivery(live.Process.Pid, Resumed: false, Released: null);
            }
            // On its way out (released or dying): let it finish, then resume.
            await live.Completion.WaitAsync(cancellationToken);
            row = _store.Require(name);
        }
        if (row.Status == SessionStatus.Queued)
        {
            throw new StewardException($"Session '{name}' has not started yet; its first prompt is still queued.");
        }
        if (!row.ConversationStarted)
        {
            throw new StewardException($"Session '{name}' never started a conversation ({row.Status.ToDatabase()}{(row.Error is null ? "" : ": " + row.Error)}); spawn a new session instead.");
        }
        var launch = await LaunchAsync(row, text, resume: true, requestedAt, cancellationToken);
        return new SessionDelivery(launch.Pid, Resumed: true, launch.Released);
    }

    public async Task KillAsync(string name, string reason)
    {
        var row = _store.Require(name);
        if (_live.TryGetValue(name, out var live))
        {
            await StopAsync(live, SessionStatus.Killed, reason);
            return;
        }
        if (row.Status == SessionStatus.Queued)
        {
            _store.MarkEnded(name, SessionStatus.Killed, "killed before it started: " + reason, null, _time.GetUtcNow());
            return;
        }
        throw new StewardException($"Session '{name}' is not running ({row.Status.ToDatabase()}); there is nothing to kill.");
    }

    /// <summary>Ends a live session gracefully (its input closes; it finishes and exits as completed, resumable). No-op when it has no process.</summary>
    public Task ReleaseAsync(string name, string reason) =>
        _live.TryGetValue(name, out var live) ? ReleaseAsync(live, reason) : Task.CompletedTask;

    /// <summary>Releases sessions idle past sessions.idle_minutes (they stay resumable) and kills those past sessions.max_minutes.</summary>
    public async Task EnforceLimitsAsync()
    {
        var now = _time.GetUtcNow();
        foreach (var live in _live.Values.Where(l => !l.IsEnding))
        {
            if (now - live.StartedAt > _settings.MaxRunTime)
            {
                await StopAsync(live, SessionStatus.Killed, $"ran longer than sessions.max_minutes ({_settings.MaxRunTime.TotalMinutes:0.##} min)");
            }
            else if (live.IdleSince is { } idle && now - idle > _settings.IdleTimeout)
            {
                await ReleaseAsync(live, $"released after {_settings.IdleTimeout.TotalMinutes:0.##} min idle; session_send resumes it");
            }
        }
    }

    /// <summary>Daemon shutdown: every live session is stopped and recorded as interrupted (resumable).</summary>
    public Task ShutdownAsync() =>
        Task.WhenAll(_live.Values.Select(live => StopAsync(live, SessionStatus.Interrupted, "the daemon shut down; session_send resumes it")));

    public async ValueTask DisposeAsync()
    {
        await ShutdownAsync();
        _launchGate.Dispose();
    }

    private async Task<SessionLaunch> LaunchAsync(SessionRecord row, string firstMessage, bool resume, DateTimeOffset requestedAt, CancellationToken cancellationToken)
    {
        await _launchGate.WaitAsync(cancellationToken);
        try
        {
            string? released;
            SessionProcess process;
            try
            {
                released = await MakeRoomAsync(row.Name);
                process = SessionProcess.Start(ClaudeLaunch.Build(row, resume, _settings, _home));
            }
            catch (StewardException e)
            {
                if (!resume)
                {
                    _store.MarkEnded(row.Name, SessionStatus.Failed, "could not start claude", e.Message, _time.GetUtcNow());
                }
                throw;
            }

            var startedAt = _time.GetUtcNow();
            _store.MarkStarting(row.Name, process.Pid, process.StartTicks, startedAt);
            var transcript = TranscriptFile.OpenForAppend(TranscriptFile.PathFor(_home, row.Name));
            transcript.AppendStewardEvent(resume ? "resumed" : "spawned", startedAt, new JsonObject { ["pid"] = process.Pid, ["claude_session_id"] = row.ClaudeSessionId });
            _telemetry.OnProcessStarted(row.Name, requestedAt, startedAt);
            _logger.LogInformation("Session {Name} {Verb} (pid {Pid})", row.Name, resume ? "resumed" : "started", process.Pid);

            var live = new LiveSession(row.Name, process, transcript, startedAt);
            _live[row.Name] = live;
            live.Completion = Task.Run(() => SuperviseAsync(live), CancellationToken.None);
            // If the process died at once, the supervision task records why; the caller learns it from the status.
            await process.SendAsync(firstMessage, cancellationToken);
            return new SessionLaunch(process.Pid, resume, released);
        }
        finally
        {
            _launchGate.Release();
        }
    }

    /// <summary>At the concurrency limit, the session idle the longest gives up its process (it stays resumable).</summary>
    private async Task<string?> MakeRoomAsync(string forName)
    {
        if (_live.Count < _settings.MaxConcurrent)
        {
            return null;
        }
        var idlest = _live.Values.Where(l => !l.IsEnding && l.IdleSince is not null).OrderBy(l => l.IdleSince).FirstOrDefault();
        if (idlest is null)
        {
            throw new SessionCapacityException(
                $"{_live.Count} sessions are busy ({string.Join(", ", _live.Keys.Order(StringComparer.Ordinal))}); sessions.max_concurrent is {_settings.MaxConcurrent}. " +
                "Wait for one to finish its turn, or kill one.");
        }
        await ReleaseAsync(idlest, $"released to make room for '{forName}'; session_send resumes it");
        return idlest.Name;
    }

    private async Task ReleaseAsync(LiveSession live, string reason)
    {
        if (!live.TryEnd(SessionStatus.Completed, reason))
        {
            await live.Completion;
            return;
        }
        live.Process.CloseInput();
        if (!await FinishesWithinAsync(live, _settings.KillGrace))
        {
            await TerminateAsync(live);
        }
    }

    private async Task StopAsync(LiveSession live, SessionStatus status, string reason)
    {
        if (!live.TryEnd(status, reason))
        {
            await live.Completion;
            return;
        }
        await TerminateAsync(live);
    }

    /// <summary>SIGTERM to the process group, SIGKILL after the grace period.</summary>
    private async Task TerminateAsync(LiveSession live)
    {
        live.Process.Signal(ProcessGroup.SigTerm);
        if (!await FinishesWithinAsync(live, _settings.KillGrace))
        {
            live.Process.Signal(ProcessGroup.SigKill);
            await live.Completion;
        }
    }

    private static async Task<bool> FinishesWithinAsync(LiveSession live, TimeSpan timeout)
    {
        try
        {
            await live.Completion.WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    private async Task SuperviseAsync(LiveSession live)
    {
        var exitCode = -1;
        try
        {
            exitCode = await live.Process.PumpAsync((line, readAt) => OnLine(live, line, readAt), TranscriptFile.StderrPathFor(_home, live.Name), _time);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "Supervising session {Name} failed", live.Name);
        }
        finally
        {
            var now = _time.GetUtcNow();
            var (status, reason, error) = live.Ending is { } ending
                ? (ending.Status, ending.Reason, (string?)null)
                : exitCode == 0
                    ? (SessionStatus.Completed, "the claude process ended", (string?)null)
                    : (SessionStatus.Failed, $"claude exited with code {exitCode}", Tail(live.Process.StderrTail) ?? $"claude exited with code {exitCode}");
            try
            {
                live.Transcript.AppendStewardEvent("exited", now, new JsonObject { ["code"] = exitCode, ["status"] = status.ToDatabase(), ["reason"] = reason });
                _store.MarkEnded(live.Name, status, reason, error, now);
            }
            finally
            {
                _live.TryRemove(new KeyValuePair<string, LiveSession>(live.Name, live));
                live.Transcript.Dispose();
                live.Process.Dispose();
            }
            _logger.LogInformation("Session {Name} ended: {Status} ({Reason})", live.Name, status.ToDatabase(), reason);
        }
    }

    /// <summary>
    /// One stdout line: kept in the transcript first, then reflected in the store. A failure here is
    /// logged and the pump goes on: stopping would leave claude blocked on a full pipe.
    /// </summary>
    private Task OnLine(LiveSession live, string line, DateTimeOffset readAt)
    {
        try
        {
            live.Transcript.Append(line);
        }
        catch (IOException e)
        {
            _logger.LogError("Cannot append to the transcript of session {Name}: {Message}", live.Name, e.Message);
        }
        try
        {
            Apply(live, StreamEvent.TryParse(line), readAt);
        }
        catch (Exception e) when (e is Microsoft.Data.Sqlite.SqliteException or StewardException or InvalidOperationException)
        {
            _logger.LogError(e, "Cannot record an event of session {Name}", live.Name);
        }
        _telemetry.OnEventRecorded(live.Name, _time.GetUtcNow() - readAt);
        return Task.CompletedTask;
    }

    private void Apply(LiveSession live, StreamEvent? streamEvent, DateTimeOffset readAt)
    {
        if (streamEvent is { IsInit: true })
        {
            live.IdleSince = null;
            _store.MarkRunning(live.Name, readAt);
            live.LastTouched = readAt;
        }
        else if (streamEvent is { IsResult: true, Result: { } result })
        {
            _store.RecordResult(live.Name, result, readAt);
            live.IdleSince = readAt;
            live.LastTouched = readAt;
        }
        else if (readAt - live.LastTouched > TouchInterval)
        {
            _store.Touch(live.Name, readAt);
            live.LastTouched = readAt;
        }
    }

    private static string? Tail(string stderr) => string.IsNullOrWhiteSpace(stderr) ? null : stderr.Length > 2000 ? stderr[^2000..] : stderr;
}
