using Microsoft.Data.Sqlite;
using Steward.Core.Storage;
using Steward.Testing;

namespace Steward.Core.Tests.Storage;

public sealed class MigrationTests : IDisposable
{
    private readonly TempDirectory _directory = new("mg");

    private string DatabasePath => _directory.Combine("state.db");

    [Fact]
    public void The_registry_is_numbered_one_to_n_without_gaps()
    {
        Assert.Equal(Enumerable.Range(1, SchemaMigrations.All.Count), SchemaMigrations.All.Select(m => m.Version));
        Assert.All(SchemaMigrations.All, m => Assert.False(string.IsNullOrWhiteSpace(m.Name)));
    }

    [Fact]
    public void Opening_applies_every_step_once_and_records_it()
    {
        new StewardDatabase(DatabasePath).Open().Dispose();
        new StewardDatabase(DatabasePath).Open().Dispose();

        using var connection = new StewardDatabase(DatabasePath).Open();
        Assert.Equal(SchemaMigrations.Latest, MigrationRunner.AppliedVersion(connection));
        Assert.Equal(SchemaMigrations.Latest, MigrationRunner.ReadUserVersion(connection));
        Assert.Equal(SchemaMigrations.All.Count, Scalar(connection, "SELECT COUNT(*) FROM schema_migrations"));
        Assert.Equal("wal", Text(connection, "PRAGMA journal_mode"));
        Assert.Equal(1, Scalar(connection, "PRAGMA foreign_keys"));
    }

    [Fact]
    public void A_later_step_is_applied_without_rerunning_earlier_ones()
    {
        var first = new Migration(1, "one", "CREATE TABLE one (id INTEGER PRIMARY KEY)");
        var second = new Migration(2, "two", "CREATE TABLE two (id INTEGER PRIMARY KEY)");
        new StewardDatabase(DatabasePath, [first]).Open().Dispose();

        // Re-running step 1 would fail with "table one already exists".
        using var connection = new StewardDatabase(DatabasePath, [first, second]).Open();

        Assert.Equal(2, MigrationRunner.AppliedVersion(connection));
        Assert.Equal(1, Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE name = 'two'"));
    }

    [Fact]
    public void A_failing_step_leaves_the_database_as_it_was()
    {
        var good = new Migration(1, "good", "CREATE TABLE good (id INTEGER PRIMARY KEY)");
        var bad = new Migration(2, "bad", "CREATE TABLE broken (");

        var error = Assert.Throws<StewardException>(() => new StewardDatabase(DatabasePath, [good, bad]).Open().Dispose());

        Assert.Contains("migration 2 (bad)", error.Message, StringComparison.Ordinal);
        using var connection = new StewardDatabase(DatabasePath, []).OpenUnmigrated();
        Assert.Equal(0, Scalar(connection, "SELECT COUNT(*) FROM sqlite_master WHERE name IN ('good', 'schema_migrations')"));
    }

    [Fact]
    public void A_database_from_a_newer_steward_is_refused_not_downgraded()
    {
        var one = new Migration(1, "one", "CREATE TABLE one (id INTEGER PRIMARY KEY)");
        var two = new Migration(2, "two", "CREATE TABLE two (id INTEGER PRIMARY KEY)");
        new StewardDatabase(DatabasePath, [one, two]).Open().Dispose();

        var error = Assert.Throws<StewardException>(() => new StewardDatabase(DatabasePath, [one]).Open().Dispose());

        Assert.Contains("version 2", error.Message, StringComparison.Ordinal);
        Assert.Contains("upgrade Steward", error.Message, StringComparison.Ordinal);
        using var connection = new StewardDatabase(DatabasePath, [one, two]).Open();
        Assert.Equal(2, MigrationRunner.AppliedVersion(connection));
    }

    [Fact]
    public void Checksums_change_when_the_sql_changes()
    {
        Assert.NotEqual(new Migration(1, "a", "SELECT 1").Checksum, new Migration(1, "a", "SELECT 2").Checksum);
    }

    private static long Scalar(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static string? Text(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar() as string;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
