using System.Diagnostics;
using System.Globalization;
using Steward.Core.Scheduling.Cron;

namespace Steward.Bench;

/// <summary>
/// Cost of <see cref="CronSchedule.NextOccurrence"/>, the scheduler's hot path: per expression,
/// rounds of chained calls (each result is the next call's "after", so it walks forward through
/// month ends, leap days and DST changes), reporting the median round in ns per call and the
/// bytes allocated per call.
/// </summary>
internal static class CronBenchmark
{
    private static readonly (string Expression, string Zone)[] Cases =
    [
        ("* * * * *", "UTC"),
        ("*/15 * * * *", "UTC"),
        ("0 9 * * 1-5", "UTC"),
        ("30 2 * * *", "America/New_York"),
        ("0 0 1 * *", "UTC"),
        ("0 0 L * *", "UTC"),
        ("0 12 * * 5L", "UTC"),
        ("0 0 29 2 *", "UTC"),
        ("@every 15m", "UTC"),
        ("0 9,17 * * mon-fri", "Europe/Berlin"),
    ];

    private static readonly DateTimeOffset Start = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
    // Sparse schedules reach year 9999 within a million calls: start over before that.
    private static readonly long RestartTicks = new DateTime(9000, 1, 1).Ticks;

    public static Task<int> RunAsync(string[] args)
    {
        var calls = Option(args, "--calls", 1_000_000);
        var rounds = Option(args, "--rounds", 5);
        Console.WriteLine($"CronSchedule.NextOccurrence: {calls:N0} chained calls per round, {rounds} rounds, median round "
            + $"({Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription})");
        Console.WriteLine($"{"expression",-22} {"zone",-18} {"ns/call",8} {"min",8} {"max",8} {"B/call",7}  reached");
        foreach (var (expression, zone) in Cases)
        {
            var schedule = CronSchedule.Parse(expression, TimeZoneInfo.FindSystemTimeZoneById(zone));
            // Warm-up by time, not count: tiered JIT promotes hot code only after a ~100 ms delay.
            var warmUp = Stopwatch.StartNew();
            while (warmUp.ElapsedMilliseconds < 500)
            {
                Walk(schedule, 10_000);
            }
            var nanoseconds = new List<double>();
            long allocated = 0;
            var reached = Start;
            for (var round = 0; round < rounds; round++)
            {
                var bytesBefore = GC.GetAllocatedBytesForCurrentThread();
                var started = Stopwatch.GetTimestamp();
                reached = Walk(schedule, calls);
                var elapsed = Stopwatch.GetElapsedTime(started);
                allocated += GC.GetAllocatedBytesForCurrentThread() - bytesBefore;
                nanoseconds.Add(elapsed.TotalNanoseconds / calls);
            }
            var p = Percentiles.Of(nanoseconds);
            var bytesPerCall = (double)allocated / ((long)calls * rounds);
            Console.WriteLine($"{expression,-22} {zone,-18} {p.P50,8:0.0} {p.Min,8:0.0} {p.Max,8:0.0} {bytesPerCall,7:0.##}  {reached.UtcDateTime:yyyy-MM-dd HH:mm}Z");
        }
        return Task.FromResult(0);
    }

    private static DateTimeOffset Walk(CronSchedule schedule, int calls)
    {
        var at = Start;
        for (var i = 0; i < calls; i++)
        {
            at = schedule.NextOccurrence(at) is { } next && next.UtcTicks < RestartTicks ? next : Start;
        }
        return at;
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
