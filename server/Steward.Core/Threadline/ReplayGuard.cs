using Steward.Core.Storage;

namespace Steward.Core.Threadline;

/// <summary>
/// Remembers message ids and request nonces for at least <see cref="Retention"/> (the spec asks
/// for ten minutes; timestamps outside ±5 minutes are refused anyway), in SQLite so a restart does
/// not reopen the window. <see cref="TryRecord"/> is atomic: of two copies, exactly one passes.
/// </summary>
public sealed class ReplayGuard(StewardDatabase database, TimeProvider? timeProvider = null)
{
    public static readonly TimeSpan Retention = TimeSpan.FromMinutes(15);

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>True the first time <paramref name="kind"/>:<paramref name="value"/> is seen; false for a replay.</summary>
    public bool TryRecord(string kind, string value)
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using (var prune = connection.CreateCommand())
        {
            prune.CommandText = "DELETE FROM threadline_seen WHERE at < $cutoff";
            prune.Parameters.AddWithValue("$cutoff", now - (long)Retention.TotalSeconds);
            prune.ExecuteNonQuery();
        }
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT OR IGNORE INTO threadline_seen (key, at) VALUES ($key, $now)";
        insert.Parameters.AddWithValue("$key", $"{kind}:{value}");
        insert.Parameters.AddWithValue("$now", now);
        var fresh = insert.ExecuteNonQuery() == 1;
        transaction.Commit();
        return fresh;
    }
}
