namespace Steward.Core.Scheduling.Jobs;

/// <summary>Ordering in the run queue and who may still start when the budget runs low.</summary>
public enum JobPriority
{
    Critical = 0,
    High = 1,
    Normal = 2,
    Low = 3,
}

/// <summary>What to do about slots missed while the daemon was not running.</summary>
public enum CatchUpPolicy
{
    /// <summary>Run once for all of them (coalesced).</summary>
    Once,
    /// <summary>Record a skipped run and wait for the next slot.</summary>
    Skip,
}

/// <summary>When the owner hears about a run (over Telegram, once it is configured).</summary>
public enum NotifyPolicy
{
    Never,
    OnFailure,
    Always,
}

public static class JobEnumNames
{
    public static string Name(this JobPriority priority) => priority.ToString().ToLowerInvariant();

    public static string Name(this CatchUpPolicy policy) => policy.ToString().ToLowerInvariant();

    public static string Name(this NotifyPolicy policy) => policy == NotifyPolicy.OnFailure ? "on-failure" : policy.ToString().ToLowerInvariant();

    public static JobPriority ParsePriority(string value) => value.Trim().ToLowerInvariant() switch
    {
        "critical" => JobPriority.Critical,
        "high" => JobPriority.High,
        "normal" => JobPriority.Normal,
        "low" => JobPriority.Low,
        _ => throw new StewardException($"priority \"{value}\" is not one of critical, high, normal, low."),
    };

    public static CatchUpPolicy ParseCatchUp(string value) => value.Trim().ToLowerInvariant() switch
    {
        "once" => CatchUpPolicy.Once,
        "skip" => CatchUpPolicy.Skip,
        _ => throw new StewardException($"catch_up \"{value}\" is not one of once, skip."),
    };

    public static NotifyPolicy ParseNotify(string value) => value.Trim().ToLowerInvariant() switch
    {
        "never" => NotifyPolicy.Never,
        "on-failure" or "on_failure" => NotifyPolicy.OnFailure,
        "always" => NotifyPolicy.Always,
        _ => throw new StewardException($"notify \"{value}\" is not one of never, on-failure, always."),
    };
}
