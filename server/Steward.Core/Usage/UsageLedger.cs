using Microsoft.Data.Sqlite;
using Steward.Core.Storage;

namespace Steward.Core.Usage;

/// <summary>Append-only record of model usage, in state.db.</summary>
public sealed class UsageLedger(StewardDatabase database)
{
    public const string SessionSource = "session";

    /// <summary>Appends an entry inside the caller's transaction, so it lands together with the state it belongs to.</summary>
    public static void Append(SqliteConnection connection, UsageEntry entry)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO usage_ledger (at, source_kind, source_name, model, cost_usd, input_tokens, output_tokens,
                                      cache_read_tokens, cache_creation_tokens, turns, duration_ms, result_subtype)
            VALUES ($at, $kind, $name, $model, $cost, $in, $out, $cacheRead, $cacheCreation, $turns, $duration, $subtype)
            """;
        command.Parameters.AddWithValue("$at", SqliteTime.Format(entry.At));
        command.Parameters.AddWithValue("$kind", entry.SourceKind);
        command.Parameters.AddWithValue("$name", entry.SourceName);
        command.Parameters.AddWithValue("$model", (object?)entry.Model ?? DBNull.Value);
        command.Parameters.AddWithValue("$cost", entry.CostUsd);
        command.Parameters.AddWithValue("$in", entry.InputTokens);
        command.Parameters.AddWithValue("$out", entry.OutputTokens);
        command.Parameters.AddWithValue("$cacheRead", entry.CacheReadTokens);
        command.Parameters.AddWithValue("$cacheCreation", entry.CacheCreationTokens);
        command.Parameters.AddWithValue("$turns", entry.Turns);
        command.Parameters.AddWithValue("$duration", entry.DurationMs);
        command.Parameters.AddWithValue("$subtype", (object?)entry.ResultSubtype ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    public IReadOnlyList<UsageEntry> ForSource(string sourceKind, string sourceName)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT at, source_kind, source_name, model, cost_usd, input_tokens, output_tokens, cache_read_tokens,
                   cache_creation_tokens, turns, duration_ms, result_subtype
              FROM usage_ledger WHERE source_kind = $kind AND source_name = $name ORDER BY id
            """;
        command.Parameters.AddWithValue("$kind", sourceKind);
        command.Parameters.AddWithValue("$name", sourceName);
        using var reader = command.ExecuteReader();
        var entries = new List<UsageEntry>();
        while (reader.Read())
        {
            entries.Add(new UsageEntry(SqliteTime.Parse(reader.GetString(0)), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetString(3), reader.GetDouble(4), reader.GetInt64(5), reader.GetInt64(6),
                reader.GetInt64(7), reader.GetInt64(8), reader.GetInt32(9), reader.GetInt64(10), reader.IsDBNull(11) ? null : reader.GetString(11)));
        }
        return entries;
    }

    /// <summary>Totals since an instant, across every source (the scheduler's budget check).</summary>
    public UsageTotals Since(DateTimeOffset since)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT COUNT(*), COALESCE(SUM(cost_usd), 0), COALESCE(SUM(input_tokens), 0), COALESCE(SUM(output_tokens), 0), COALESCE(SUM(turns), 0)
              FROM usage_ledger WHERE at >= $since
            """;
        command.Parameters.AddWithValue("$since", SqliteTime.Format(since));
        using var reader = command.ExecuteReader();
        reader.Read();
        return new UsageTotals(reader.GetInt32(0), reader.GetDouble(1), reader.GetInt64(2), reader.GetInt64(3), reader.GetInt32(4));
    }
}
