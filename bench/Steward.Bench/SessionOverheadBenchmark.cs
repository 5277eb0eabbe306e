using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Steward.Core.Homes;
using Steward.Core.Sessions;
using Steward.Testing;
using Steward.Testing.FakeModel;

namespace Steward.Bench;

/// <summary>
/// What Steward adds around a background session, with the real Claude Code CLI against the fake
/// model: (1) from a session_spawn request to the claude process running, through the real daemon
/// (front door → SQLite command → socket wake → dispatcher → supervisor → exec); (2) from a
/// stream-json line arriving on stdout to its transcript line written and the status stored.
/// </summary>
internal static class SessionOverheadBenchmark
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length >= 2 && args[0] == "--runs" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 20;
        var work = Path.Combine("/tmp", $"steward-bench-{Guid.NewGuid():N}"[..24]);
        Directory.CreateDirectory(work);
        try
        {
            var claude = await ClaudeCodeCli.EnsureInstalledAsync();
            var steward = await McpStartupBenchmark.PrepareStewardAsync();
            await using var model = await FakeMessagesApi.StartAsync();
            var home = new AgentHome(Path.Combine(work, ".steward"));
            HomeInitializer.Initialize(home, "bench");
            var environment = ClaudeCodeCli.OfflineEnvironment(model.BaseUrl, Path.Combine(work, "claude-config"));
            environment[SessionSettings.ClaudeEnvironmentVariable] = claude;
            Directory.CreateDirectory(Path.Combine(work, "claude-config"));

            var spawn = await MeasureSpawnAsync(steward, home, environment, work, runs);
            var events = await MeasureEventsAsync(home, environment, work, runs);

            Console.WriteLine($"background session overhead, real Claude Code {ClaudeCodeCli.Version} against the fake model ({Environment.ProcessorCount} cores)");
            Console.WriteLine($"{"measure",-58} {"n",5} {"p50 ms",8} {"p90 ms",8} {"max ms",8}");
            Print("session_spawn request → claude process started (daemon)", spawn);
            Print("stream event read → transcript line + status stored", events);
            return 0;
        }
        finally
        {
            Directory.Delete(work, recursive: true);
        }
    }

    private static void Print(string name, List<double> samples)
    {
        var p = Percentiles.Of(samples);
        Console.WriteLine($"{name,-58} {p.Count,5} {p.P50,8:0.00} {p.P90,8:0.00} {p.Max,8:0.00}");
    }

    private static async Task<List<double>> MeasureSpawnAsync(string steward, AgentHome home, Dictionary<string, string?> environment, string work, int runs)
    {
        var info = new ProcessStartInfo(steward) { RedirectStandardError = true, RedirectStandardOutput = true };
        info.ArgumentList.Add("serve");
        info.ArgumentList.Add("--home");
        info.ArgumentList.Add(home.Root);
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }
        using var daemon = Process.Start(info)!;
        _ = daemon.StandardOutput.ReadToEndAsync();
        _ = daemon.StandardError.ReadToEndAsync();
        var services = new HomeServices(home);
        await WaitAsync(() => services.Control.TryGetStatusAsync().Result is not null, "the daemon answers");

        var samples = new List<double>();
        try
        {
            for (var i = 0; i <= runs; i++)
            {
                var name = $"spawn-{i}";
                var (_, command) = services.SessionRequests.RequestSpawn(name, "REPLY ok", null, work, null, "bench", null, work);
                var submission = await services.Submitter.SubmitAsync(command, TimeSpan.FromSeconds(30));
                if (!submission.Succeeded)
                {
                    throw new InvalidOperationException($"spawn failed: {submission.Command.Error}");
                }
                await WaitAsync(() => services.Sessions.Require(name).Status == SessionStatus.Idle, $"{name} answered");
                var started = services.Sessions.Require(name).StartedAt!.Value;
                if (i > 0)
                {
                    samples.Add((started - command.CreatedAt).TotalMilliseconds); // run 0 warms up
                }
                await services.Submitter.SubmitAsync(services.SessionRequests.RequestKill(name, "bench"), TimeSpan.FromSeconds(30));
            }
        }
        finally
        {
            daemon.Kill(entireProcessTree: true);
            await daemon.WaitForExitAsync();
        }
        return samples;
    }

    private static async Task<List<double>> MeasureEventsAsync(AgentHome home, Dictionary<string, string?> environment, string work, int turns)
    {
        foreach (var (key, value) in environment)
        {
            Environment.SetEnvironmentVariable(key, value);
        }
        var services = new HomeServices(home);
        var telemetry = new SessionTelemetry();
        var samples = new List<double>();
        telemetry.EventRecorded += (_, latency) =>
        {
            lock (samples)
            {
                samples.Add(latency.TotalMilliseconds);
            }
        };
        var settings = SessionSettings.From(services.Config, stewardCommand: null);
        await using var supervisor = new SessionSupervisor(home, services.Sessions, settings, TimeProvider.System, NullLogger<SessionSupervisor>.Instance, telemetry);
        services.Sessions.Create("events", "REPLY turn 0", null, work, 50, "bench", null, DateTimeOffset.UtcNow);
        await supervisor.StartAsync("events", DateTimeOffset.UtcNow, CancellationToken.None);
        await WaitAsync(() => services.Sessions.Require("events").Turns == 1, "turn 0");
        for (var turn = 1; turn <= turns; turn++)
        {
            await supervisor.SendAsync("events", $"REPLY turn {turn}", DateTimeOffset.UtcNow, CancellationToken.None);
            var expected = turn + 1;
            await WaitAsync(() => services.Sessions.Require("events").Turns == expected, $"turn {turn}");
        }
        lock (samples)
        {
            return samples.ToList();
        }
    }

    private static async Task WaitAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting until {what}.");
            }
            await Task.Delay(5);
        }
    }
}
