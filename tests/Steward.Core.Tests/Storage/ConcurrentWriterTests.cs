using Microsoft.Data.Sqlite;
using Steward.Core.Commands;
using Steward.Core.Storage;
using Steward.Testing;

namespace Steward.Core.Tests.Storage;

/// <summary>
/// The daemon and any number of `steward mcp` processes share state.db. Separate processes (not
/// threads: SQLite locking between processes is what matters) write at once, starting on a fresh
/// file so they also race on the migrations.
/// </summary>
public sealed class ConcurrentWriterTests : IDisposable
{
    private const int Writers = 4;
    private const int OperationsPerWriter = 300;

    private readonly TempDirectory _directory = new("cw");

    [Fact]
    public async Task Several_processes_writing_at_once_never_fail_with_database_is_locked()
    {
        var database = _directory.Combine("state.db");
        var writer = BuiltArtifacts.Dll("tests/Steward.StoreWriter", "Steward.StoreWriter");

        var go = _directory.Combine("go");
        var processes = Enumerable.Range(0, Writers)
            .Select(i => ChildProcess.Start("dotnet", [writer, database, OperationsPerWriter.ToString(System.Globalization.CultureInfo.InvariantCulture), $"writer{i}", go], _directory.Path, new Dictionary<string, string?>()))
            .ToList();
        try
        {
            foreach (var process in processes)
            {
                await process.WaitForOutputAsync("ready", TimeSpan.FromMinutes(1));
            }
            await File.WriteAllTextAsync(go, "go");
            foreach (var process in processes)
            {
                await process.WaitForExitAsync(TimeSpan.FromMinutes(2));
                Assert.True(process.ExitCode == 0, $"writer failed:\n{process.Stderr}");
            }
        }
        finally
        {
            processes.ForEach(p => p.Dispose());
        }

        var counts = new CommandQueue(new StewardDatabase(database)).Counts();
        Assert.Equal(Writers * OperationsPerWriter, counts.Queued + counts.Succeeded);
        Assert.Equal(Writers * (OperationsPerWriter / 2), counts.Succeeded);
        Assert.Equal(0, counts.Running);
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
