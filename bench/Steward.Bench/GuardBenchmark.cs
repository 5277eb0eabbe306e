using System.Diagnostics;
using System.Globalization;
using Steward.Core.Guard;

namespace Steward.Bench;

/// <summary>
/// Cost of <see cref="CommandGuard.Evaluate"/>, which runs on every Bash call Claude Code makes:
/// the benign corpus and the dangerous-command table of the guard tests, warmed up, then at least
/// 100,000 evaluations timed one by one, reporting mean, p50, p99 and max in µs and bytes
/// allocated per call, per corpus and overall.
/// </summary>
internal static class GuardBenchmark
{
    public static Task<int> RunAsync(string[] args)
    {
        var evaluations = Option(args, "--evaluations", 200_000);
        var directory = Path.Combine(BenchPaths.RepositoryRoot, "tests", "Steward.Core.Tests", "Guard");
        var benign = File.ReadLines(Path.Combine(directory, "benign-commands.txt"))
            .Where(line => line.Length > 0 && !line.StartsWith("# ", StringComparison.Ordinal))
            .Select(Unescape)
            .ToArray();
        var dangerous = File.ReadLines(Path.Combine(directory, "dangerous-commands.tsv"))
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => Unescape(line.Split('\t', 4)[3]))
            .ToArray();
        var guard = new CommandGuard(GuardPolicy.Default);
        var context = new GuardContext("/home/u/project", "/home/u/project", "/home/u", _ => true, _ => "feature/login");

        Console.WriteLine($"CommandGuard.Evaluate: {benign.Length} benign + {dangerous.Length} dangerous commands, "
            + $"{evaluations:N0} timed evaluations per corpus ({Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription})");
        // The hook is a short-lived process: its first evaluations pay for JIT (ReadyToRun, when published, cuts this).
        var cold = Stopwatch.GetTimestamp();
        guard.Evaluate("git status", context);
        var firstCall = Stopwatch.GetElapsedTime(cold).TotalMilliseconds;
        cold = Stopwatch.GetTimestamp();
        guard.Evaluate("cd /tmp && sudo bash -c \"rm -rf $HOME/*\" | tee log", context);
        var secondCall = Stopwatch.GetElapsedTime(cold).TotalMilliseconds;
        Console.WriteLine($"cold, JIT included: first call {firstCall:0.0} ms (git status), second {secondCall:0.0} ms (a nested dangerous command)");
        // Warm-up by time, not count: tiered JIT promotes hot code only after a delay.
        var warmUp = Stopwatch.StartNew();
        while (warmUp.ElapsedMilliseconds < 1_500)
        {
            Run(guard, context, benign, benign.Length);
            Run(guard, context, dangerous, dangerous.Length);
        }
        Console.WriteLine($"{"corpus",-10} {"mean µs",8} {"p50 µs",8} {"p99 µs",8} {"max µs",8} {"B/call",8}");
        var all = new List<double>();
        long allBytes = 0;
        foreach (var (name, commands) in new[] { ("benign", benign), ("dangerous", dangerous) })
        {
            var micros = new List<double>(evaluations);
            for (var i = 0; i < evaluations; i++)
            {
                var command = commands[i % commands.Length];
                var started = Stopwatch.GetTimestamp();
                guard.Evaluate(command, context);
                micros.Add(Stopwatch.GetElapsedTime(started).TotalMicroseconds);
            }
            // Allocation is measured in a separate pass, so the list of timings does not count.
            var bytes = Run(guard, context, commands, evaluations);
            Report(name, micros, (double)bytes / evaluations);
            all.AddRange(micros);
            allBytes += bytes;
        }
        Report("all", all, (double)allBytes / (2L * evaluations));
        return Task.FromResult(0);
    }

    /// <summary>Evaluates <paramref name="count"/> commands round-robin; returns the bytes allocated.</summary>
    private static long Run(CommandGuard guard, GuardContext context, string[] commands, int count)
    {
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < count; i++)
        {
            guard.Evaluate(commands[i % commands.Length], context);
        }
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }

    private static void Report(string name, List<double> micros, double bytesPerCall)
    {
        var p = Percentiles.Of(micros);
        Console.WriteLine($"{name,-10} {p.Mean,8:0.0} {p.P50,8:0.0} {p.P99,8:0.0} {p.Max,8:0.0} {bytesPerCall,8:0}");
    }

    private static string Unescape(string line) => line.Replace("⏎", "\n", StringComparison.Ordinal);

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
