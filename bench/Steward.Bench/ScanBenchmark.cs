using System.Diagnostics;
using System.Globalization;
using Steward.Core.Secrets;

namespace Steward.Bench;

/// <summary>
/// Throughput of <see cref="SecretScanner.Scan"/>, which a hook runs on every tool result: about
/// 20 MB of mixed tool output (<see cref="ScanCorpus"/>), scanned whole after a warm-up; reports the
/// median of the rounds in MB/s and what was found against what was planted.
/// </summary>
internal static class ScanBenchmark
{
    public static Task<int> RunAsync(string[] args)
    {
        var megabytes = Option(args, "--mb", 20);
        var rounds = Option(args, "--rounds", 5);
        var corpus = new ScanCorpus();
        var text = corpus.Build(megabytes);
        var size = text.Length / (1024.0 * 1024.0);

        // Warm-up by time, not count: tiered JIT promotes hot code only after a ~100 ms delay.
        var warmUp = Stopwatch.StartNew();
        var sample = text[..Math.Min(text.Length, 1024 * 1024)];
        while (warmUp.ElapsedMilliseconds < 1000)
        {
            SecretScanner.Scan(sample);
        }

        var rates = new List<double>();
        IReadOnlyList<SecretFinding> findings = [];
        for (var round = 0; round < rounds; round++)
        {
            var started = Stopwatch.GetTimestamp();
            findings = SecretScanner.Scan(text);
            rates.Add(size / Stopwatch.GetElapsedTime(started).TotalSeconds);
        }
        var p = Percentiles.Of(rates);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"SecretScanner.Scan over {size:0.0} MB of mixed tool output ({SecretScanner.Kinds.Count} kinds, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription})"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  median {p.P50:0.0} MB/s (min {p.Min:0.0}, max {p.Max:0.0}) over {rounds} rounds"));
        Console.WriteLine($"  findings: {findings.Count} ({corpus.SecretsPlanted} secrets planted)");
        foreach (var group in findings.GroupBy(f => f.Kind).OrderByDescending(g => g.Count()))
        {
            Console.WriteLine($"    {group.Key,-28} {group.Count(),6}");
        }
        return Task.FromResult(0);
    }

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }
}
