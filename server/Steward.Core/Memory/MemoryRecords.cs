namespace Steward.Core.Memory;

/// <summary>What a front door asks to remember.</summary>
public sealed record MemoryDraft(
    string Text,
    string? Topic = null,
    MemoryKind Kind = MemoryKind.Note,
    IReadOnlyList<string>? Tags = null,
    string Source = "unknown",
    int? Importance = null,
    DateTimeOffset? CreatedAt = null);

public sealed record MemoryEntry(
    long Id,
    string Topic,
    MemoryKind Kind,
    string Text,
    IReadOnlyList<string> Tags,
    string Source,
    int Importance,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt,
    int UseCount);

/// <summary>A search result: the entry, its text with the matches marked **like this**, its score and age.</summary>
public sealed record MemoryHit(MemoryEntry Entry, string Snippet, double Score, TimeSpan Age);

public sealed record MemoryQuery(string Text, string? Topic = null, MemoryKind? Kind = null, int Limit = 10);

public sealed record MemoryTopic(string Name, int Entries, int SinceSummary, DateTimeOffset? LastEntryAt);

public sealed record TopicSummary(long Id, string Topic, string Purpose, string Summary, int EntriesCovered, long LastMemoryId, DateTimeOffset CreatedAt, string? SessionName);
