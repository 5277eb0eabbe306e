using Steward.Core.Storage;

namespace Steward.Core.Scheduling;

/// <summary>
/// After a run hits the model's rate limit, non-critical jobs wait: 5 minutes, doubling up to 2
/// hours while it keeps happening; a successful run resets it. Kept in state.db so a restart
/// does not forget it.
/// </summary>
public sealed class SchedulerPause(StewardDatabase database)
{
    private static readonly TimeSpan FirstBackoff = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(2);
    private static readonly string[] RateLimitSigns = ["rate limit", "rate_limit", "429", "usage limit", "overloaded"];

    public static bool LooksRateLimited(params string?[] texts) =>
        texts.Any(text => text is not null && RateLimitSigns.Any(sign => text.Contains(sign, StringComparison.OrdinalIgnoreCase)));

    public DateTimeOffset? PausedUntil(DateTimeOffset now) =>
        Read("pause_until") is { } text && SqliteTime.Parse(text) is var until && until > now ? until : null;

    public DateTimeOffset Pause(DateTimeOffset now)
    {
        var previous = Read("pause_backoff_seconds") is { } seconds ? TimeSpan.FromSeconds(double.Parse(seconds, System.Globalization.CultureInfo.InvariantCulture)) : TimeSpan.Zero;
        var backoff = previous == TimeSpan.Zero ? FirstBackoff : TimeSpan.FromTicks(Math.Min((previous * 2).Ticks, MaxBackoff.Ticks));
        var until = now + backoff;
        Write("pause_backoff_seconds", backoff.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        Write("pause_until", SqliteTime.Format(until));
        return until;
    }

    public void Reset()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM scheduler_state WHERE key IN ('pause_until', 'pause_backoff_seconds')";
        command.ExecuteNonQuery();
    }

    private string? Read(string key)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM scheduler_state WHERE key = $key";
        command.Parameters.AddWithValue("$key", key);
        return command.ExecuteScalar() as string;
    }

    private void Write(string key, string value)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO scheduler_state (key, value) VALUES ($key, $value) ON CONFLICT (key) DO UPDATE SET value = excluded.value";
        command.Parameters.AddWithValue("$key", key);
        command.Parameters.AddWithValue("$value", value);
        command.ExecuteNonQuery();
    }
}
