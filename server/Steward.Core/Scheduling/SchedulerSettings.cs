using Steward.Core.Configuration;

namespace Steward.Core.Scheduling;

public sealed record SchedulerSettings(int MaxParallel, TimeZoneInfo DefaultZone)
{
    /// <summary>A slot this late (but the only one due) still counts as on time, not as a catch-up.</summary>
    public TimeSpan LateTolerance { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Missed slots are counted up to this many; the newest of them is the one that runs.</summary>
    public int MaxCoalesce { get; init; } = 1_000_000;

    public static SchedulerSettings From(StewardConfig config) => new(config.SchedulerMaxParallel, config.Zone);
}
