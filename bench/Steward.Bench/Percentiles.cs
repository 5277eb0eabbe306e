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
