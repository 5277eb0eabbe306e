using Microsoft.Data.Sqlite;
using Steward.Core.Storage;

namespace Steward.Core.Health;

/// <summary>Examines state.db without changing it (no migration), so a damaged or newer database can still be reported on.</summary>
internal static class DatabaseInspector
{
    public static (int SchemaVersion, List<HealthCheck> Checks) Inspect(string path)
    {
        var checks = new List<HealthCheck>();
        if (!File.Exists(path))
        {
            checks.Add(new("database", CheckStatus.Failure, $"{path} is missing; `steward init` creates it."));
            return (0, checks);
        }
        try
        {
            using var connection = new StewardDatabase(path).OpenUnmigrated();
            var integrity = Strings(connection, "PRAGMA integrity_check");
            checks.Add(integrity is ["ok"]
                ? new("database integrity", CheckStatus.Ok, "integrity_check: ok")
                : new("database integrity", CheckStatus.Failure, "integrity_check: " + string.Join("; ", integrity.Take(10))));

            var foreignKeyProblems = Strings(connection, "PRAGMA foreign_key_check");
            checks.Add(foreignKeyProblems.Count == 0
                ? new("foreign keys", CheckStatus.Ok, "foreign_key_check: no violations")
                : new("foreign keys", CheckStatus.Failure, $"{foreignKeyProblems.Count} rows violate foreign keys"));

            var journal = Strings(connection, "PRAGMA journal_mode").FirstOrDefault();
            checks.Add(new("journal mode", journal == "wal" ? CheckStatus.Ok : CheckStatus.Warning, $"journal_mode: {journal}"));

            return InspectSchema(connection, checks);
        }
        catch (SqliteException e)
        {
            checks.Add(new("database", CheckStatus.Failure, $"cannot read {path}: {e.Message}"));
            return (0, checks);
        }
    }

    private static (int, List<HealthCheck>) InspectSchema(SqliteConnection connection, List<HealthCheck> checks)
    {
        var latest = SchemaMigrations.Latest;
        if (Strings(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_migrations'").Count == 0)
        {
            checks.Add(new("schema", CheckStatus.Warning, $"no migrations applied yet; the next open applies 1..{latest}"));
            return (0, checks);
        }
        var applied = new List<(int Version, string Name, string Checksum)>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = "SELECT version, name, checksum FROM schema_migrations ORDER BY version";
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                applied.Add((reader.GetInt32(0), reader.GetString(1), reader.GetString(2)));
            }
        }
        var version = applied.Count == 0 ? 0 : applied[^1].Version;
        checks.Add(version switch
        {
            _ when version == latest => new("schema", CheckStatus.Ok, $"version {version} (latest)"),
            _ when version < latest => new("schema", CheckStatus.Warning, $"version {version}; the next open migrates it to {latest}"),
            _ => new("schema", CheckStatus.Failure, $"version {version} is newer than this Steward ({latest}); upgrade Steward"),
        });
        var known = SchemaMigrations.All.ToDictionary(m => m.Version);
        var drift = applied
            .Where(a => known.TryGetValue(a.Version, out var m) && m.Checksum != a.Checksum)
            .Select(a => $"{a.Version} ({a.Name})")
            .ToList();
        if (drift.Count > 0)
        {
            checks.Add(new("migration history", CheckStatus.Warning, $"migrations changed after they were applied: {string.Join(", ", drift)}"));
        }
        var gaps = Enumerable.Range(1, version).Except(applied.Select(a => a.Version)).ToList();
        if (gaps.Count > 0)
        {
            checks.Add(new("migration history", CheckStatus.Failure, $"missing migration records: {string.Join(", ", gaps)}"));
        }
        return (version, checks);
    }

    private static List<string> Strings(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var values = new List<string>();
        while (reader.Read())
        {
            values.Add(string.Join(" ", Enumerable.Range(0, reader.FieldCount).Select(i => reader.IsDBNull(i) ? "null" : reader.GetValue(i).ToString())));
        }
        return values;
    }
}
