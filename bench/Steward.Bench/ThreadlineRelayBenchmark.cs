using System.Diagnostics;
using System.Globalization;
using Steward.Core.Crypto;
using Steward.Core.Homes;
using Steward.Core.Storage;
using Steward.Core.Threadline;
using Steward.Core.Threadline.Relay;
using Steward.Testing.FakeThreadline;

namespace Steward.Bench;

/// <summary>
/// Two agents wired as the daemon wires them (RelayLink, ThreadlineClient, RelayEndpoint, each on
/// its own home and SQLite database) talking through FakeRelay on loopback WebSockets: (1) one
/// sealed send as threadline_send does it in the daemon — queue, claim, seal, frame, relay
/// routing to the connected recipient, the relay's delivered ack, settle — timed per message;
/// (2) a burst queued at once and drained by the outbox loop, in messages per second until the
/// receiver has opened, checked, deduplicated and stored them all. Per round at most 450 messages: autonomous contacts may send 500 an hour.
/// </summary>
internal static class ThreadlineRelayBenchmark
{
    private const int SyncSends = 100;
    private const int Burst = 350;

    public static async Task<int> RunAsync(string[] args)
    {
        var rounds = args.Length >= 2 && args[0] == "--rounds" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;
        var latencies = new List<double>();
        var rates = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var (sync, rate) = await RoundAsync();
            latencies.AddRange(sync);
            rates.Add(rate);
            Console.Error.WriteLine($"round {round}: one send p50 {Percentiles.Of(sync).P50:0.00} ms, burst {rate:0} msg/s");
        }
        var p = Percentiles.Of(latencies);
        Console.WriteLine($"Threadline through a loopback relay ({Environment.ProcessorCount} cores, {rounds} rounds, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription})");
        Console.WriteLine($"one sealed send until delivered ack: p50 {p.P50:0.00} ms, p90 {p.P90:0.00} ms, p99 {p.P99:0.00} ms (n = {p.Count})");
        Console.WriteLine($"burst of {Burst}: median {rates.Order().ElementAt(rates.Count / 2):0} msg/s ({string.Join(", ", rates.Select(r => r.ToString("0", CultureInfo.InvariantCulture)))})");
        return 0;
    }

    private sealed class Side : IAsyncDisposable
    {
        private readonly string _root = Path.Combine(Path.GetTempPath(), $"stw-relay-bench-{Guid.NewGuid():N}");
        private readonly CancellationTokenSource _running = new();
        private readonly Task _loop;

        public Side(string name, string relayUrl)
        {
            var home = new AgentHome(Path.Combine(_root, AgentHome.DirectoryName));
            HomeInitializer.Initialize(home, name);
            Identity = ThreadlineKeyFile.Load(home);
            Database = new StewardDatabase(home.DatabasePath);
            Link = new RelayLink(Identity, name, () => new RelaySettings(true, relayUrl, "public"));
            Client = new ThreadlineClient(new HttpClient(), Database, Identity, name) { Relay = Link };
            Endpoint = new RelayEndpoint(Database, Identity, name, Link, () => TrustLevel.Untrusted)
            {
                MessageReceived = _ =>
                {
                    Interlocked.Increment(ref _received);
                    return Task.CompletedTask;
                },
            };
            _loop = Task.Run(() => Link.RunAsync(_running.Token));
        }

        private int _received;

        public int Received => Volatile.Read(ref _received);
        public ThreadlineIdentity Identity { get; }
        public StewardDatabase Database { get; }
        public RelayLink Link { get; }
        public ThreadlineClient Client { get; }
        public RelayEndpoint Endpoint { get; }

        public async ValueTask DisposeAsync()
        {
            await _running.CancelAsync();
            await _loop;
            Identity.Dispose();
            Directory.Delete(_root, recursive: true);
        }
    }

    private static async Task<(List<double> Sync, double Rate)> RoundAsync()
    {
        await using var relay = await FakeRelay.StartAsync((key, message, signature) => Sodium.Verify(signature, message, key));
        await using var sender = new Side("ada", relay.Url);
        await using var receiver = new Side("bob", relay.Url);
        while (!sender.Link.IsConnected || !receiver.Link.IsConnected)
        {
            await Task.Delay(10);
        }
        var (contact, introduction) = await sender.Client.AddRelayContactAsync(receiver.Identity.Fingerprint, null, CancellationToken.None);
        if (!contact.HasKeys)
        {
            throw new InvalidOperationException($"no introduction answer: {introduction}");
        }
        new ThreadlineContacts(receiver.Database).SetTrust(sender.Identity.Fingerprint, TrustLevel.Autonomous, confirmed: true, "benchmark", "owner");

        var sync = new List<double>();
        for (var i = 0; i < SyncSends; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var result = await sender.Client.SendAsync(contact.Fingerprint, $"message {i}", "bench", CancellationToken.None);
            sync.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            if (result.Status != SendStatus.Delivered)
            {
                throw new InvalidOperationException($"send {i}: {result.Status} {result.Error}");
            }
        }
        var outbox = new ThreadlineOutbox(sender.Database);
        var target = receiver.Received + Burst;
        var burst = Stopwatch.GetTimestamp();
        for (var i = 0; i < Burst; i++)
        {
            outbox.Enqueue(contact, $"burst {i}", "bench-burst");
        }
        while (receiver.Received < target)
        {
            await sender.Client.DeliverDueAsync(64, CancellationToken.None);
        }
        return (sync, Burst / Stopwatch.GetElapsedTime(burst).TotalSeconds);
    }
}
