namespace Steward.Core.People;

/// <summary>
/// How much a person matters to the agent right now, 1-10, computed from stored data at read time
/// (never stored, so it decays on its own as time passes):
/// <list type="bullet">
/// <item>frequency 0-4: interactions ≥ 50 → 4, ≥ 20 → 3, ≥ 5 → 2, ≥ 2 → 1, else 0;</item>
/// <item>recency 0-3: last interaction less than 1 day ago → 3, 7 days → 2, 30 days → 1, else (or none) 0;</item>
/// <item>breadth 0-3: distinct themes ≥ 10 → 3, ≥ 5 → 2, ≥ 2 → 1, else 0;</item>
/// </list>
/// the sum, clamped to [1, 10].
/// </summary>
public static class PersonSignificance
{
    public const int Min = 1;
    public const int Max = 10;

    public static SignificanceScore Compute(int interactionCount, DateTimeOffset? lastInteractionAt, int distinctThemes, DateTimeOffset now) =>
        new(Frequency(interactionCount), Recency(lastInteractionAt, now), Breadth(distinctThemes));

    public static int Frequency(int interactionCount) => interactionCount switch
    {
        >= 50 => 4,
        >= 20 => 3,
        >= 5 => 2,
        >= 2 => 1,
        _ => 0,
    };

    public static int Recency(DateTimeOffset? lastInteractionAt, DateTimeOffset now)
    {
        if (lastInteractionAt is not { } last)
        {
            return 0;
        }
        var age = now - last;
        return age < TimeSpan.FromDays(1) ? 3
            : age < TimeSpan.FromDays(7) ? 2
            : age < TimeSpan.FromDays(30) ? 1
            : 0;
    }

    public static int Breadth(int distinctThemes) => distinctThemes switch
    {
        >= 10 => 3,
        >= 5 => 2,
        >= 2 => 1,
        _ => 0,
    };
}

/// <summary>A significance and the parts it is the sum of (see <see cref="PersonSignificance"/>).</summary>
public sealed record SignificanceScore(int Frequency, int Recency, int Breadth)
{
    public int Value => Math.Clamp(Frequency + Recency + Breadth, PersonSignificance.Min, PersonSignificance.Max);

    public override string ToString() => $"{Value}/10 (frequency {Frequency}/4, recency {Recency}/3, breadth {Breadth}/3)";
}
