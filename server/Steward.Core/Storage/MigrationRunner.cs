using Microsoft.Data.Sqlite;

namespace Steward.Core.Storage;

/// <summary>
/// Brings a database up to the latest schema. Safe when several processes open the same fresh
/// database at once: the work happens inside one IMMEDIATE transaction, so exactly one process
/// applies each step and the others see it applied.
/// </summary>
public static class MigrationRunner
{
    public static void Migrate(SqliteConnection connection, IReadOnlyList<Migration> migrations)
    {
        var latest = migrations.Count == 0 ? 0 : migrations[^1].Version;
        // Fast path for every open after the first: user_version mirrors the applied steps.
        var userVersion = ReadUserVersion(connection);
        if (userVersion == latest)
        {
            return;
        }
        RefuseIfNewer(userVersion, latest);

        using var transaction = connection.BeginTransaction(deferred: false);
        Execute(connection, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version    INTEGER PRIMARY KEY,
                name       TEXT NOT NULL,
                checksum   TEXT NOT NULL,
                applied_at TEXT NOT NULL
            )
            """);
        var applied = AppliedVersion(connection);
        RefuseIfNewer(applied, latest);
        foreach (var migration in migrations.Where(m => m.Version > applied))
        {
            try
            {
                Execute(connection, migration.Sql);
            }
            catch (SqliteException e)
            {
                throw new StewardException($"Schema migration {migration.Version} ({migration.Name}) failed: {e.Message}. The database was left unchanged.", e);
            }
            using var record = connection.CreateCommand();
            record.CommandText = "INSERT INTO schema_migrations (version, name, checksum, applied_at) VALUES ($v, $n, $c, $t)";
            record.Parameters.AddWithValue("$v", migration.Version);
            record.Parameters.AddWithValue("$n", migration.Name);
            record.Parameters.AddWithValue("$c", migration.Checksum);
            record.Parameters.AddWithValue("$t", DateTimeOffset.UtcNow.ToString("O"));
            record.ExecuteNonQuery();
        }
        Execute(connection, $"PRAGMA user_version = {latest}");
        transaction.Commit();
    }

    public static int AppliedVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COALESCE(MAX(version), 0) FROM schema_migrations";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public static int ReadUserVersion(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA user_version";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static void RefuseIfNewer(int version, int latest)
    {
        if (version > latest)
        {
            throw new StewardException(
                $"The database schema is at version {version}, newer than this Steward understands ({latest}). " +
                "It was written by a newer Steward; upgrade Steward instead of downgrading the database.");
        }
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
