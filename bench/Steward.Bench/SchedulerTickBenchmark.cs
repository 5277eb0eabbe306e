using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging.Abstractions;
using Steward.Core.Homes;
using Steward.Core.Scheduling;
using Steward.Core.Scheduling.Jobs;
using Steward.Core.Scheduling.Quota;
using Steward.Core.Scheduling.Runs;
using Steward.Core.Sessions;
using Steward.Core.Storage;
using Steward.Core.Usage;

namespace Steward.Bench;

/// <summary>
/// One scheduler tick over 10,000 jobs (real job files, real state.db): deciding which slots are
/// due, settling running runs and starting queued ones. Measured in steady state (the catalog
/// already read) and with the folder re-read (10,000 files stat'ed, none changed).
/// </summary>
internal static class SchedulerTickBenchmark
{
    private static readonly string[] Schedules =
    [
        "*/5 * * * *", "0 * * * *", "0 9 * * 1-5", "30 2 * * *", "0 0 1 * *", "@every 15m", "0 12 * * 5L", "15 */2 * * *", "0 9,17 * * mon-fri", "@daily",
    ];

    public static async Task<int> RunAsync(string[] args)
    {
        var jobs = args.Length >= 2 && args[0] == "--jobs" ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10_000;
        var work = Path.Combine("/tmp", $"steward-bench-{Guid.NewGuid():N}"[..24]);
        try
        {
            var home = new AgentHome(Path.Combine(work, ".steward"));
            HomeInitializer.Initialize(home, "bench");
            Console.Error.WriteLine($"writing {jobs} job files ...");
            for (var i = 0; i < jobs; i++)
            {
                var schedule = Schedules[i % Schedules.Length];
                await File.WriteAllTextAsync(Path.Combine(home.JobsDirectory, $"job-{i:D5}.md"),
                    $"---\nschedule: \"{schedule}\"\npriority: {(i % 4 == 0 ? "high" : "normal")}\n---\nDo job {i}.\n");
            }

            var database = new StewardDatabase(home.DatabasePath);
            var runs = new JobRunStore(database);
            var clock = new BenchClock(new DateTimeOffset(2026, 11, 23, 8, 0, 30, TimeSpan.Zero));
            var scheduler = new JobScheduler(new JobCatalog(home, TimeZoneInfo.Utc), runs, new QuotaMeter(new UsageLedger(database), TimeZoneInfo.Utc, 100, 500),
                new SchedulerPause(database), new IdleSessions(), new SchedulerSettings(2, TimeZoneInfo.Utc), clock, NullLogger<JobScheduler>.Instance);

            var first = Stopwatch.StartNew();
            await scheduler.TickAsync(refreshCatalog: true, CancellationToken.None);
            Console.Error.WriteLine($"first tick (reads and parses every file, records each job's state): {first.Elapsed.TotalMilliseconds:0} ms");

            var steady = new List<double>();
            var withRefresh = new List<double>();
            for (var i = 0; i < 50; i++)
            {
                clock.Advance(TimeSpan.FromMilliseconds(900)); // inside one minute: nothing becomes due
                var watch = Stopwatch.StartNew();
                await scheduler.TickAsync(refreshCatalog: i % 2 == 1, CancellationToken.None);
                (i % 2 == 1 ? withRefresh : steady).Add(watch.Elapsed.TotalMilliseconds);
            }

            // A tick in which a tenth of the jobs come due (every */5 and @every 15m ... slot at 08:15).
            clock.Set(new DateTimeOffset(2026, 11, 23, 8, 15, 0, TimeSpan.Zero));
            var busy = Stopwatch.StartNew();
            await scheduler.TickAsync(refreshCatalog: false, CancellationToken.None);
            var busyMs = busy.Elapsed.TotalMilliseconds;
            var claimed = runs.History(null, 100_000).Count;

            Console.WriteLine($"scheduler tick over {jobs:N0} jobs ({Environment.ProcessorCount} cores)");
            Console.WriteLine($"{"tick",-52} {"n",4} {"p50 ms",8} {"p90 ms",8} {"max ms",8}");
            Print("steady state (nothing due)", steady);
            Print("with the jobs folder re-read (no file changed)", withRefresh);
            Console.WriteLine($"{$"a tick where {claimed:N0} slots come due (claimed in SQLite)",-52} {1,4} {busyMs,8:0.00}");
            return 0;
        }
        finally
        {
            SqliteCleanup();
            Directory.Delete(work, recursive: true);
        }
    }

    private static void Print(string name, List<double> samples)
    {
        var p = Percentiles.Of(samples);
        Console.WriteLine($"{name,-52} {p.Count,4} {p.P50,8:0.00} {p.P90,8:0.00} {p.Max,8:0.00}");
    }

    private static void SqliteCleanup() => Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

    private sealed class BenchClock(DateTimeOffset start) : TimeProvider
    {
        private DateTimeOffset _now = start;

        public override DateTimeOffset GetUtcNow() => _now;

        public void Advance(TimeSpan by) => _now += by;

        public void Set(DateTimeOffset to) => _now = to;
    }

    /// <summary>Accepts starts without running anything: the benchmark measures the scheduler, not Claude Code.</summary>
    private sealed class IdleSessions : IJobSessions
    {
        public Task StartAsync(JobSessionStart start, CancellationToken cancellationToken) => Task.CompletedTask;

        public JobSessionState? Find(string sessionName) => new(SessionStatus.Running, null, null, 0, 0, 0, 0, null, null);

        public Task StopAsync(string sessionName, string reason) => Task.CompletedTask;

        public Task ReleaseAsync(string sessionName, string reason) => Task.CompletedTask;
    }
}
