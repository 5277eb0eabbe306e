namespace Steward.Core.Threadline;

/// <summary>How far a contact is trusted; each level allows the operations of the ones below it.</summary>
public enum TrustLevel
{
    Untrusted,
    Verified,
    Trusted,
    Autonomous,
}

public static class TrustLevels
{
    public static string Name(this TrustLevel level) => level.ToString().ToLowerInvariant();

    public static TrustLevel Parse(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "untrusted" => TrustLevel.Untrusted,
        "verified" => TrustLevel.Verified,
        "trusted" => TrustLevel.Trusted,
        "autonomous" => TrustLevel.Autonomous,
        _ => throw new StewardException($"'{value}' is not a trust level: use untrusted, verified, trusted or autonomous."),
    };

    /// <summary>Whether <paramref name="level"/> may ask for <paramref name="operation"/> (ping, health, message, query, task-request, data-share, spawn, delegate).</summary>
    public static bool Allows(this TrustLevel level, string? operation) => (operation ?? "message") switch
    {
        "ping" or "health" => true,
        "message" or "query" => level >= TrustLevel.Verified,
        "task-request" or "data-share" => level >= TrustLevel.Trusted,
        "spawn" or "delegate" => level >= TrustLevel.Autonomous,
        _ => false,
    };

    /// <summary>Inbound messages allowed per hour and per day.</summary>
    public static (int PerHour, int PerDay) MessageLimits(this TrustLevel level) => level switch
    {
        TrustLevel.Verified => (10, 50),
        TrustLevel.Trusted => (50, 200),
        TrustLevel.Autonomous => (500, 10_000),
        _ => (0, 0),
    };

    /// <summary>Probes (ping, health) allowed per hour.</summary>
    public static int ProbesPerHour(this TrustLevel level) => level switch
    {
        TrustLevel.Verified => 20,
        TrustLevel.Trusted => 100,
        TrustLevel.Autonomous => 500,
        _ => 5,
    };
}
