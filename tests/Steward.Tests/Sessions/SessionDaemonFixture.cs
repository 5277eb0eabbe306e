using System.Text.Json.Nodes;
using Steward.Core.Homes;
using Steward.Core.Sessions;
using Steward.Testing;
using Steward.Testing.FakeModel;
using Steward.Tests.Daemon;

namespace Steward.Tests.Sessions;

/// <summary>
/// A home, a fake Messages API and a real daemon whose sessions run the real Claude Code CLI
/// against that fake. Front-door requests go through the same Core services the MCP tools use.
/// </summary>
internal sealed class SessionDaemonFixture : IAsyncDisposable
{
    private readonly StewardHomeFixture _home = new();
    private readonly Dictionary<string, string?> _environment;
    private ChildProcess? _daemon;

    private SessionDaemonFixture(FakeMessagesApi model, string claude, Action<JsonObject>? configure, Action<AgentHome>? prepare)
    {
        Model = model;
        var configDirectory = Path.Combine(_home.Root, "claude-config");
        Directory.CreateDirectory(configDirectory);
        Directory.CreateDirectory(Project);
        _environment = ClaudeCodeCli.OfflineEnvironment(model.BaseUrl, configDirectory);
        _environment[SessionSettings.ClaudeEnvironmentVariable] = claude;
        var config = JsonNode.Parse(File.ReadAllText(Home.ConfigPath))!.AsObject();
        // Daemons run side by side in the tests: each API takes a free port (written to <home>/api-endpoint).
        config["api"] = new JsonObject { ["listen"] = "127.0.0.1:0", ["token"] = config["api"]?["token"]?.DeepClone() };
        configure?.Invoke(config);
        File.WriteAllText(Home.ConfigPath, config.ToJsonString());
        prepare?.Invoke(Home);
        Services = new HomeServices(Home);
    }

    public FakeMessagesApi Model { get; }

    public AgentHome Home => _home.Home;

    public HomeServices Services { get; }

    public string Project => Path.Combine(_home.Root, "project");

    public ChildProcess Daemon => _daemon ?? throw new InvalidOperationException("The daemon is not started.");

    /// <param name="prepare">Runs before the daemon starts, e.g. to put a key file in place.</param>
    public static async Task<SessionDaemonFixture> StartAsync(Action<JsonObject>? configure = null, string? claude = null, Action<AgentHome>? prepare = null)
    {
        var executable = claude ?? await ClaudeCodeCli.EnsureInstalledAsync();
        var model = await FakeMessagesApi.StartAsync();
        var fixture = new SessionDaemonFixture(model, executable, configure, prepare);
        await fixture.StartDaemonAsync();
        return fixture;
    }

    public async Task StartDaemonAsync()
    {
        _daemon = ChildProcess.StartSteward(_home.WorkingDirectory, _home.UserHome, ["serve", "--home", Home.Root], _environment);
        await DaemonProcess.WaitUntilAnsweringAsync(Home, _daemon);
    }

    public async Task CrashDaemonAsync()
    {
        var daemon = Daemon;
        daemon.KillHard();
        await daemon.WaitForExitAsync(TimeSpan.FromSeconds(10));
        daemon.Dispose();
        _daemon = null;
    }

    public async Task StopDaemonAsync()
    {
        var daemon = Daemon;
        await DaemonProcess.StopAsync(daemon);
        daemon.Dispose();
        _daemon = null;
    }

    public SessionRecord Session(string name) => Services.Sessions.Require(name);

    /// <summary>Runs `steward --home &lt;this home&gt; …` as the owner would, to completion.</summary>
    public async Task<ChildProcess> RunStewardAsync(params string[] arguments)
    {
        var process = ChildProcess.StartSteward(Project, Path.Combine(Home.Root, "..", "user"), ["--home", Home.Root, .. arguments]);
        await process.WaitForExitAsync(TimeSpan.FromSeconds(60));
        return process;
    }

    /// <summary>The URL the daemon's Threadline endpoints listen on, once it has written it.</summary>
    public async Task<string> ThreadlineUrlAsync()
    {
        var endpoint = Path.Combine(Home.Root, "threadline-endpoint");
        await Eventually.TrueAsync(() => File.Exists(endpoint), TimeSpan.FromSeconds(20), () => Daemon.Stderr);
        return File.ReadAllText(endpoint).Trim();
    }

    public Task WaitForStatusAsync(string name, SessionStatus status, int seconds = 60) =>
        Eventually.TrueAsync(() => Services.Sessions.Get(name)?.Status == status, TimeSpan.FromSeconds(seconds),
            () => $"session {name} is {status} (it is {Services.Sessions.Get(name)?.Status}; daemon stderr:\n{_daemon?.Stderr})");

    public string Transcript(string name) => File.ReadAllText(TranscriptFile.PathFor(Home, name));

    public async ValueTask DisposeAsync()
    {
        if (_daemon is { } daemon)
        {
            if (!daemon.HasExited)
            {
                daemon.Signal(NativeSignals.SigTerm);
                try
                {
                    await daemon.WaitForExitAsync(TimeSpan.FromSeconds(30));
                }
                catch (TimeoutException)
                {
                }
            }
            daemon.Dispose();
        }
        await Model.DisposeAsync();
        _home.Dispose();
    }
}
