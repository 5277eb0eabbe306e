namespace Steward.Core.People;

/// <summary>
/// Someone the agent deals with, as stored, plus what is computed from it at read time.
/// <see cref="LastInteractionAt"/> is the newest logged interaction (null when none was logged),
/// which recency in <see cref="Significance"/> is measured from. Significance is computed
/// when the person is read, so it fades as time passes without anything being written.
/// </summary>
public sealed record Person(
    long Id,
    string DisplayName,
    IReadOnlyList<PersonIdentity> Identities,
    string Notes,
    IReadOnlyList<string> Tags,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastSeen,
    int InteractionCount,
    DateTimeOffset? LastInteractionAt,
    IReadOnlyList<PersonTheme> Themes,
    SignificanceScore Significance)
{
    /// <summary>"#12 Grace Hopper", how every front door names a person.</summary>
    public string Label => $"#{Id} {DisplayName}";
}

/// <summary>A theme that comes up with a person: how often, and when it last did.</summary>
public sealed record PersonTheme(string Theme, int Count, DateTimeOffset LastAt);

/// <summary>One logged interaction with a person.</summary>
public sealed record PersonInteraction(long Id, long PersonId, DateTimeOffset At, string Channel, string Summary, IReadOnlyList<string> Themes);
