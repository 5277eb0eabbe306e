namespace Steward.Core.Api;

/// <summary>A sliding one-minute window per client (its address): spawning sessions costs money, so a script gone wrong is stopped at <see cref="PerMinute"/>.</summary>
public sealed class ClientRateLimiter(int perMinute, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly Dictionary<string, Queue<DateTimeOffset>> _windows = new(StringComparer.Ordinal);

    public int PerMinute => perMinute;

    /// <summary>True and counted when the client is within its allowance; false (not counted) when it is over.</summary>
    public bool TryAcquire(string client)
    {
        var now = _time.GetUtcNow();
        lock (_windows)
        {
            if (!_windows.TryGetValue(client, out var window))
            {
                _windows[client] = window = new Queue<DateTimeOffset>();
            }
            while (window.Count > 0 && now - window.Peek() >= TimeSpan.FromMinutes(1))
            {
                window.Dequeue();
            }
            if (window.Count >= perMinute)
            {
                return false;
            }
            window.Enqueue(now);
            return true;
        }
    }
}
