using Microsoft.Data.Sqlite;
using Steward.Core.Homes;
using Steward.Testing;

namespace Steward.Tests;

/// <summary>A temporary "user" with a HOME of their own and an initialized agent home at ~/.steward.</summary>
internal sealed class StewardHomeFixture : IDisposable
{
    private readonly TempDirectory _directory = new("stw");

    public StewardHomeFixture(bool initialize = true)
    {
        Directory.CreateDirectory(UserHome);
        Directory.CreateDirectory(WorkingDirectory);
        Home = new AgentHome(Path.Combine(UserHome, AgentHome.DirectoryName));
        if (initialize)
        {
            HomeInitializer.Initialize(Home, "Ada");
        }
    }

    public string Root => _directory.Path;

    public string UserHome => _directory.Combine("user");

    public string WorkingDirectory => _directory.Combine("work");

    public AgentHome Home { get; }

    public Task<ChildProcess> RunAsync(params string[] arguments) =>
        ChildProcess.RunStewardAsync(WorkingDirectory, UserHome, [.. arguments, "--home", Home.Root]);

    public ChildProcess StartDaemon() =>
        ChildProcess.StartSteward(WorkingDirectory, UserHome, ["serve", "--home", Home.Root]);

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
