using System.Text.Json;
using Steward.Testing;

namespace Steward.Tests.Cli;

public sealed class InitAndDiscoveryCliTests : IDisposable
{
    private readonly StewardHomeFixture _fixture = new(initialize: false);

    private Task<ChildProcess> Run(string workingDirectory, IReadOnlyDictionary<string, string?>? environment, params string[] arguments) =>
        ChildProcess.RunStewardAsync(workingDirectory, _fixture.UserHome, arguments, environment);

    [Fact]
    public async Task Init_creates_a_home_in_the_working_directory_and_is_idempotent()
    {
        using var first = await Run(_fixture.WorkingDirectory, null, "init", "--name", "Ada");
        var home = Path.Combine(_fixture.WorkingDirectory, ".steward");
        File.AppendAllText(Path.Combine(home, "AGENT.md"), "Owner's own line.\n");

        using var second = await Run(_fixture.WorkingDirectory, null, "init");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains($"Created agent home {home}", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("kept as they were", second.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("Owner's own line.\n", File.ReadAllText(Path.Combine(home, "AGENT.md")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Commands_find_the_nearest_home_up_the_tree_then_the_environment_then_the_option()
    {
        var project = Path.Combine(_fixture.WorkingDirectory, "project");
        var nested = Path.Combine(project, "src", "lib");
        Directory.CreateDirectory(nested);
        using (await Run(project, null, "init", "--name", "Project")) { }
        using (await Run(_fixture.Root, null, "init", "--home", Path.Combine(_fixture.Root, "env-home"), "--name", "Env")) { }
        using (await Run(_fixture.Root, null, "init", "--home", Path.Combine(_fixture.Root, "opt-home"), "--name", "Opt")) { }

        async Task<string> HomeSeen(IReadOnlyDictionary<string, string?>? environment, params string[] extra)
        {
            using var status = await Run(nested, environment, ["status", "--json", .. extra]);
            return JsonDocument.Parse(status.Stdout).RootElement.GetProperty("home").GetString()!;
        }

        var environment = new Dictionary<string, string?> { ["STEWARD_HOME"] = Path.Combine(_fixture.Root, "env-home") };
        Assert.Equal(Path.Combine(project, ".steward"), await HomeSeen(null));
        Assert.Equal(Path.Combine(_fixture.Root, "env-home"), await HomeSeen(environment));
        Assert.Equal(Path.Combine(_fixture.Root, "opt-home"), await HomeSeen(environment, "--home", Path.Combine(_fixture.Root, "opt-home")));
    }

    [Fact]
    public async Task Without_any_home_commands_say_how_to_create_one()
    {
        using var status = await Run(_fixture.WorkingDirectory, null, "doctor");

        Assert.Equal(1, status.ExitCode);
        Assert.Contains("steward init", status.Stdout + status.Stderr, StringComparison.Ordinal);

        using var queue = await Run(_fixture.WorkingDirectory, null, "queue", "list");
        Assert.Equal(1, queue.ExitCode);
        Assert.Contains("No agent home found", queue.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", queue.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Serve_creates_a_home_here_when_none_is_found_and_says_where()
    {
        using var daemon = ChildProcess.StartSteward(_fixture.WorkingDirectory, _fixture.UserHome, ["serve"]);
        var home = Path.Combine(_fixture.WorkingDirectory, ".steward");
        try
        {
            await daemon.WaitForOutputAsync($"created {home}", TimeSpan.FromSeconds(30));
            await Eventually.TrueAsync(() => File.Exists(Path.Combine(home, "daemon.sock")), TimeSpan.FromSeconds(30), "the daemon listens");
            Assert.True(File.Exists(Path.Combine(home, "config.json")));
            Assert.False(Directory.Exists(Path.Combine(_fixture.UserHome, ".steward")));
        }
        finally
        {
            daemon.Signal(NativeSignals.SigTerm);
            await daemon.WaitForExitAsync(TimeSpan.FromSeconds(30));
        }
        Assert.Equal(0, daemon.ExitCode);
    }

    [Fact]
    public async Task A_broken_config_stops_serve_with_the_reason()
    {
        using (await Run(_fixture.WorkingDirectory, null, "init")) { }
        File.WriteAllText(Path.Combine(_fixture.WorkingDirectory, ".steward", "config.json"), "{ \"name\": ");

        using var serve = await Run(_fixture.WorkingDirectory, null, "serve");

        Assert.Equal(1, serve.ExitCode);
        Assert.Contains("config.json is not valid JSON", serve.Stderr, StringComparison.Ordinal);
    }

    public void Dispose() => _fixture.Dispose();
}
