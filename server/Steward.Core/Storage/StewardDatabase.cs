using Microsoft.Data.Sqlite;

namespace Steward.Core.Storage;

/// <summary>
/// The home's SQLite store. Every connection gets WAL, a busy timeout and foreign keys; the schema
/// is migrated the first time this instance opens a connection. Many processes share the file
/// (the daemon plus any number of `steward mcp`), so write transactions must be IMMEDIATE
/// (<see cref="SqliteConnection.BeginTransaction(bool)"/> with deferred: false).
/// </summary>
public sealed class StewardDatabase
{
    /// <summary>How long a writer waits for another process's write lock before giving up.</summary>
    public static readonly TimeSpan BusyTimeout = TimeSpan.FromSeconds(15);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<SQLitePCL.sqlite3, object> Configured = new();
    private static readonly object Marker = new();

    private string? _connectionString;
    private readonly IReadOnlyList<Migration>? _migrations;
    private readonly Lock _migrationLock = new();
    private volatile bool _migrated;
    private volatile bool _walConfirmed;

    public StewardDatabase(string path, IReadOnlyList<Migration>? migrations = null)
    {
        Path = System.IO.Path.GetFullPath(path);
        _migrations = migrations;
    }

    public string Path { get; }

    public SqliteConnection Open()
    {
        var connection = OpenUnmigrated();
        if (!_migrated)
        {
            lock (_migrationLock)
            {
                if (!_migrated)
                {
                    MigrationRunner.Migrate(connection, _migrations ?? SchemaMigrations.All);
                    _migrated = true;
                }
            }
        }
        return connection;
    }

    /// <summary>Opens without migrating, for inspection (doctor) of a database that may be newer or damaged.</summary>
    public SqliteConnection OpenUnmigrated()
    {
        // Built on first use: the builder loads the SQLite assemblies, which a hook that never
        // touches the store (a session start) should not pay for.
        _connectionString ??= new SqliteConnectionStringBuilder
        {
            DataSource = Path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Pooling = true,
            DefaultTimeout = (int)BusyTimeout.TotalSeconds,
        }.ToString();
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            // Pooled connections keep their settings: configure each physical connection once.
            if (!Configured.TryGetValue(connection.Handle!, out _))
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"PRAGMA busy_timeout = {(int)BusyTimeout.TotalMilliseconds}; PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;";
                command.ExecuteNonQuery();
                Configured.AddOrUpdate(connection.Handle!, Marker);
            }
            if (!_walConfirmed)
            {
                // WAL is a property of the file: once seen, later opens need not ask again.
                EnsureWal(connection);
                _walConfirmed = true;
            }
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private static void EnsureWal(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        if (string.Equals(command.ExecuteScalar() as string, "wal", StringComparison.OrdinalIgnoreCase))
        {
            return;
        }
        // Switching to WAL needs a moment of exclusive access; the busy timeout covers another
        // process doing the same switch at the same time. WAL is persistent, so this runs once per file.
        command.CommandText = "PRAGMA journal_mode = WAL";
        command.ExecuteNonQuery();
    }
}
