namespace Steward.Core.Memory;

/// <summary>What an entry may contain; checked before anything is written.</summary>
public static class MemoryLimits
{
    public const int MaxTextCharacters = 20_000;
    public const int MaxTopicCharacters = 100;
    public const int MaxTags = 20;
    public const int MaxTagCharacters = 50;
    public const string DefaultTopic = "general";

    public static string Text(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new StewardException("The text to remember is empty.");
        }
        var trimmed = text.Trim();
        if (trimmed.Length > MaxTextCharacters)
        {
            throw new StewardException($"The text has {trimmed.Length:N0} characters; one memory holds at most {MaxTextCharacters:N0}. Split it, or summarise it first.");
        }
        if (trimmed.Contains('\0', StringComparison.Ordinal))
        {
            throw new StewardException("The text contains NUL characters.");
        }
        return trimmed;
    }

    public static string Topic(string? topic)
    {
        var trimmed = string.IsNullOrWhiteSpace(topic) ? DefaultTopic : topic.Trim();
        if (trimmed.Length > MaxTopicCharacters || trimmed.Any(char.IsControl))
        {
            throw new StewardException($"A topic is 1-{MaxTopicCharacters} printable characters, e.g. \"project-x\" or \"telegram:42\".");
        }
        return trimmed;
    }

    /// <summary>Lowercase words; spaces inside a tag become '-'; duplicates dropped.</summary>
    public static IReadOnlyList<string> Tags(IReadOnlyList<string>? tags)
    {
        if (tags is null || tags.Count == 0)
        {
            return [];
        }
        var normalized = (tags ?? []).Select(t => string.Join('-', t.Trim().ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).TrimStart('#'))
            .Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (normalized.Count > MaxTags || normalized.Any(t => t.Length > MaxTagCharacters))
        {
            throw new StewardException($"At most {MaxTags} tags of at most {MaxTagCharacters} characters each.");
        }
        return normalized;
    }

    public static int Importance(int? importance, MemoryKind kind) => importance switch
    {
        null => kind is MemoryKind.Fact or MemoryKind.Decision or MemoryKind.Lesson ? 4 : 3,
        >= 1 and <= 5 => importance.Value,
        _ => throw new StewardException("importance must be between 1 (trivia) and 5 (essential)."),
    };

    public static int Limit(int? limit, int fallback = 10) => limit switch
    {
        null => fallback,
        >= 1 and <= 100 => limit.Value,
        _ => throw new StewardException("limit must be between 1 and 100."),
    };
}
