namespace Steward.Bench;

internal sealed record Percentiles(int Count, double Min, double P50, double P90, double P99, double Max, double Mean)
{
    public static Percentiles Of(IReadOnlyCollection<double> samples)
    {
        var sorted = samples.Order().ToArray();
        double At(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)];
        return new(sorted.Length, sorted[0], At(0.50), At(0.90), At(0.99), sorted[^1], sorted.Average());
    }
}

internal static class PercentileTable
{
    /// <summary>One row per subject: p50, p90, min and max in milliseconds.</summary>
    public static void Print(string subjectHeading, int width, IEnumerable<KeyValuePair<string, List<double>>> samples)
    {
        Console.WriteLine($"{subjectHeading.PadRight(width)} {"p50 ms",8} {"p90 ms",8} {"min ms",8} {"max ms",8}");
        foreach (var (name, values) in samples)
        {
            var p = Percentiles.Of(values);
            Console.WriteLine($"{name.PadRight(width)} {p.P50,8:0.0} {p.P90,8:0.0} {p.Min,8:0.0} {p.Max,8:0.0}");
        }
    }
}
