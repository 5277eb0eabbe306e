namespace Steward.Core.Threadline;

/// <summary>
/// Per-sender sliding windows for inbound messages (per hour and per day, by trust level) and
/// probes (per hour). In memory: a daemon restart forgives, which errs towards availability while
/// the trust level still caps what any sender may do.
/// </summary>
public sealed class SenderRateLimiter(TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly Dictionary<string, Queue<DateTimeOffset>> _messages = new(StringComparer.Ordinal);
    private readonly Dictionary<string, Queue<DateTimeOffset>> _probes = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    /// <summary>Counts the message (unless <paramref name="count"/> is false) and returns true when <paramref name="sender"/> is within its limits; else false and nothing is counted.</summary>
    public bool TryMessage(string sender, TrustLevel trust, bool count = true)
    {
        var (perHour, perDay) = trust.MessageLimits();
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var window = Window(_messages, sender, now, TimeSpan.FromDays(1));
            if (window.Count >= perDay || window.Count(t => now - t < TimeSpan.FromHours(1)) >= perHour)
            {
                return false;
            }
            if (count)
            {
                window.Enqueue(now);
            }
            return true;
        }
    }

    /// <summary>Like <see cref="TryMessage"/>, for pings and health probes.</summary>
    public bool TryProbe(string sender, TrustLevel trust, bool count = true)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            var window = Window(_probes, sender, now, TimeSpan.FromHours(1));
            if (window.Count >= trust.ProbesPerHour())
            {
                return false;
            }
            if (count)
            {
                window.Enqueue(now);
            }
            return true;
        }
    }

    private static Queue<DateTimeOffset> Window(Dictionary<string, Queue<DateTimeOffset>> windows, string sender, DateTimeOffset now, TimeSpan length)
    {
        if (!windows.TryGetValue(sender, out var window))
        {
            window = new Queue<DateTimeOffset>();
            windows[sender] = window;
        }
        while (window.Count > 0 && now - window.Peek() >= length)
        {
            window.Dequeue();
        }
        return window;
    }
}
