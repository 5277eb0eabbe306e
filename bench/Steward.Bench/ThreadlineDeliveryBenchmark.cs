using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Steward.Core.Homes;
using Steward.Core.Storage;
using Steward.Core.Threadline;

namespace Steward.Bench;

/// <summary>
/// Loopback delivery between two real daemons (published steward, two homes): after a real
/// handshake and an owner's trust raise, (1) one send as threadline_send does it — queue, seal,
/// sign, POST, the receiver's whole gate and store — timed per message; (2) a burst queued at
/// the sender, drained by the sender daemon's outbox loop into the receiver, as messages per
/// second until the last is confirmed delivered. The receiver hands each message to its thread's
/// session, but the session's Claude Code process is /bin/true here (session-overhead measures that
/// cost), so the numbers are Threadline's own. Per pair at most 450 messages: autonomous contacts
/// may send 500 an hour.
/// </summary>
internal static class ThreadlineDeliveryBenchmark
{
    private const int SyncSends = 100;
    private const int Burst = 350;

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length >= 2 && args[0] == "--rounds" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var steward = await McpStartupBenchmark.PrepareStewardAsync();
        var latencies = new List<double>();
        var rates = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var (sync, rate) = await RoundAsync(steward);
            latencies.AddRange(sync);
            rates.Add(rate);
            Console.Error.WriteLine($"round {round}: one send p50 {Percentiles.Of(sync).P50:0.00} ms, burst {rate:0} msg/s");
        }
        var p = Percentiles.Of(latencies);
        Console.WriteLine($"Threadline loopback delivery between two daemons ({Environment.ProcessorCount} cores, {rounds} rounds, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription})");
        Console.WriteLine($"one sealed send, queued → delivered (n={p.Count}): p50 {p.P50:0.00} ms, p90 {p.P90:0.00} ms, max {p.Max:0.00} ms");
        Console.WriteLine($"burst of {Burst} drained by the sender daemon: median {rates.Order().ElementAt(rates.Count / 2):0} msg/s (rounds: {string.Join(", ", rates.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))})");
        return 0;
    }

    private static async Task<(List<double> Sync, double Rate)> RoundAsync(string steward)
    {
        var work = Path.Combine("/tmp", $"steward-tl-bench-{Guid.NewGuid():N}"[..27]);
        var daemons = new List<Process>();
        try
        {
            var ada = Home(work, "ada");
            var bob = Home(work, "bob");
            daemons.Add(BenchProcess.StartDaemon(steward, ada));
            daemons.Add(BenchProcess.StartDaemon(steward, bob));
            var bobUrl = await EndpointAsync(bob);
            await EndpointAsync(ada);

            using var http = new HttpClient();
            using var identity = ThreadlineKeyFile.Load(ada);
            var adaDatabase = new StewardDatabase(ada.DatabasePath);
            var client = new ThreadlineClient(http, adaDatabase, identity, "ada");
            await client.AddContactAsync(bobUrl, CancellationToken.None);
            new ThreadlineContacts(new StewardDatabase(bob.DatabasePath)).SetTrust("ada", TrustLevel.Autonomous, confirmed: true, "benchmark", "owner");

            var text = "Status report: the nightly build passed, 1,284 tests green, deploy window opens at 02:00 UTC. Anything to hold back?";
            var sync = new List<double>();
            for (var i = 0; i < SyncSends; i++)
            {
                var started = Stopwatch.GetTimestamp();
                var result = await client.SendAsync("bob", text, "bench-thread", CancellationToken.None);
                sync.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (result.Status != SendStatus.Delivered)
                {
                    throw new InvalidOperationException($"send {i} was {result.Status}: {result.Error}");
                }
            }

            var outbox = new ThreadlineOutbox(adaDatabase);
            var contact = new ThreadlineContacts(adaDatabase).Require("bob");
            var burstStarted = Stopwatch.GetTimestamp();
            for (var i = 0; i < Burst; i++)
            {
                outbox.Enqueue(contact, text, "bench-thread");
            }
            while (outbox.Pending() > 0)
            {
                if (Stopwatch.GetElapsedTime(burstStarted) > TimeSpan.FromMinutes(5))
                {
                    throw new TimeoutException($"{outbox.Pending()} messages still queued after 5 minutes");
                }
                await Task.Delay(5);
            }
            var elapsed = Stopwatch.GetElapsedTime(burstStarted);
            var received = new ThreadlineMessages(new StewardDatabase(bob.DatabasePath)).History("bench-thread", null, 500).Count(m => m.Direction == "in");
            var failed = new ThreadlineMessages(adaDatabase).History("bench-thread", null, 500).Count(m => m.Status == "failed");
            if (received != SyncSends + Burst || failed != 0)
            {
                throw new InvalidOperationException($"bob received {received} of {SyncSends + Burst}; {failed} failed");
            }
            return (sync, Burst / elapsed.TotalSeconds);
        }
        finally
        {
            foreach (var daemon in daemons)
            {
                daemon.Kill(entireProcessTree: true);
                await daemon.WaitForExitAsync();
                daemon.Dispose();
            }
            Directory.Delete(work, recursive: true);
        }
    }

    private static AgentHome Home(string work, string name)
    {
        var home = new AgentHome(Path.Combine(work, name));
        HomeInitializer.Initialize(home, name);
        var config = JsonNode.Parse(File.ReadAllText(home.ConfigPath))!.AsObject();
        config["threadline"] = new JsonObject { ["listen"] = "127.0.0.1:0" };
        config["api"] = new JsonObject { ["listen"] = "off" };
        File.WriteAllText(home.ConfigPath, config.ToJsonString());
        return home;
    }

    private static async Task<string> EndpointAsync(AgentHome home)
    {
        var file = Path.Combine(home.Root, "threadline-endpoint");
        var started = Stopwatch.GetTimestamp();
        while (!File.Exists(file))
        {
            if (Stopwatch.GetElapsedTime(started) > TimeSpan.FromSeconds(30))
            {
                throw new TimeoutException($"{home.Root}: the daemon did not start listening");
            }
            await Task.Delay(50);
        }
        return File.ReadAllText(file).Trim();
    }
}
