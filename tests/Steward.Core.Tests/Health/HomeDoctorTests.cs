using Microsoft.Data.Sqlite;
using Steward.Core.Health;
using Steward.Core.Homes;
using Steward.Core.Storage;
using Steward.Testing;

namespace Steward.Core.Tests.Health;

public sealed class HomeDoctorTests
{
    [Fact]
    public async Task A_fresh_home_is_healthy_and_reports_schema_and_sizes()
    {
        using var test = new TestHome();

        var report = await new HomeDoctor(test.Home).ExamineAsync();

        Assert.True(report.Healthy, string.Join("\n", report.Checks.Select(c => $"{c.Name}: {c.Status} {c.Detail}")));
        Assert.Equal(SchemaMigrations.Latest, report.SchemaVersion);
        Assert.True(report.DatabaseBytes > 0);
        Assert.Contains(report.Checks, c => c is { Name: "database integrity", Status: CheckStatus.Ok });
        Assert.Contains(report.Checks, c => c is { Name: "daemon", Status: CheckStatus.Warning });
    }

    [Fact]
    public async Task A_key_others_can_read_is_a_failure()
    {
        using var test = new TestHome();
        var key = Path.Combine(test.Home.KeysDirectory, "threadline.key");
        File.WriteAllText(key, "secret");
        File.SetUnixFileMode(key, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);

        var report = await new HomeDoctor(test.Home).ExamineAsync();

        Assert.False(report.Healthy);
        var check = Assert.Single(report.Checks, c => c.Name == "keys/threadline.key permissions");
        Assert.Equal(CheckStatus.Failure, check.Status);
        Assert.Contains("chmod 600", check.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_corrupt_database_is_a_failure_not_a_crash()
    {
        using var test = new TestHome();
        SqliteConnection.ClearAllPools();
        File.Delete(test.Home.DatabasePath + "-wal");
        File.Delete(test.Home.DatabasePath + "-shm");
        var bytes = File.ReadAllBytes(test.Home.DatabasePath);
        Array.Fill(bytes, (byte)0x5A, 100, bytes.Length - 100);
        File.WriteAllBytes(test.Home.DatabasePath, bytes);

        var report = await new HomeDoctor(test.Home).ExamineAsync();

        Assert.False(report.Healthy);
        Assert.Contains(report.Checks, c => c.Name.StartsWith("database", StringComparison.Ordinal) && c.Status == CheckStatus.Failure);
    }

    [Fact]
    public async Task A_schema_from_a_newer_steward_is_a_failure()
    {
        using var test = new TestHome();
        var future = SchemaMigrations.All.Append(new Migration(SchemaMigrations.Latest + 1, "future", "CREATE TABLE future (id INTEGER)")).ToList();
        new StewardDatabase(test.Home.DatabasePath, future).Open().Dispose();

        var report = await new HomeDoctor(test.Home).ExamineAsync();

        Assert.Equal(SchemaMigrations.Latest + 1, report.SchemaVersion);
        Assert.Contains(report.Checks, c => c is { Name: "schema", Status: CheckStatus.Failure });
    }

    [Fact]
    public async Task A_missing_home_is_a_failure_with_the_fix()
    {
        using var directory = new TempDirectory("dr");

        var report = await new HomeDoctor(new AgentHome(directory.Combine("nothing"))).ExamineAsync();

        Assert.False(report.Healthy);
        Assert.Contains("steward init", report.Checks.Single().Detail, StringComparison.Ordinal);
    }
}
