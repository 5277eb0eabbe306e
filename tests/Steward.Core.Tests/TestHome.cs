using Microsoft.Data.Sqlite;
using Steward.Core.Homes;
using Steward.Testing;

namespace Steward.Core.Tests;

/// <summary>An initialized agent home in a temporary directory.</summary>
internal sealed class TestHome : IDisposable
{
    private readonly TempDirectory _directory = new("sc");

    public TestHome(string name = "Tester")
    {
        Home = new AgentHome(_directory.Combine(AgentHome.DirectoryName));
        Report = HomeInitializer.Initialize(Home, name);
    }

    public AgentHome Home { get; }

    public InitReport Report { get; }

    public string Parent => _directory.Path;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
