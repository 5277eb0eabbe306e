namespace Steward.Core.People;

/// <summary>
/// What the people store accepts as names, notes, tags, themes, channels and summaries, and how it
/// cleans them. Every refusal says what was wrong and what is accepted.
/// </summary>
public static class PersonText
{
    public const int MaxDisplayNameLength = 200;
    public const int MaxNotesLength = 20_000;
    public const int MaxLabelLength = 50;
    public const int MaxTagsPerPerson = 100;
    public const int MaxThemesPerInteraction = 20;
    public const int MaxChannelLength = 50;
    public const int MaxSummaryLength = 2_000;

    public static string DisplayName(string? name)
    {
        var clean = name?.Trim() ?? "";
        if (clean.Length == 0)
        {
            throw new StewardException("The display name is empty. Give the name the person goes by, e.g. \"Grace Hopper\".");
        }
        if (clean.Length > MaxDisplayNameLength)
        {
            throw new StewardException($"The display name is {clean.Length:N0} characters; at most {MaxDisplayNameLength} are accepted.");
        }
        if (clean.Any(char.IsControl))
        {
            throw new StewardException("The display name contains a line break or control character; a name is one line of text.");
        }
        return clean;
    }

    public static string Notes(string notes)
    {
        var clean = notes.Trim();
        if (clean.Length > MaxNotesLength)
        {
            throw new StewardException($"The notes are {clean.Length:N0} characters; at most {MaxNotesLength:N0} are accepted per call. Split them, or keep long material in memory.");
        }
        return clean;
    }

    /// <summary>Tags: trimmed, lowercase, de-duplicated, sorted.</summary>
    public static IReadOnlyList<string> Tags(IEnumerable<string?>? tags) => Labels(tags, "tag", MaxTagsPerPerson);

    /// <summary>Themes of one interaction: trimmed, lowercase, de-duplicated, sorted.</summary>
    public static IReadOnlyList<string> Themes(IEnumerable<string?>? themes) => Labels(themes, "theme", MaxThemesPerInteraction);

    public static string Channel(string? channel)
    {
        var clean = channel?.Trim().ToLowerInvariant() ?? "";
        if (clean.Length == 0 || clean.Length > MaxChannelLength || clean.Any(char.IsControl))
        {
            throw new StewardException($"'{channel}' is not a channel. Say where the interaction happened in one line of 1-{MaxChannelLength} characters, e.g. telegram, email, call, in person.");
        }
        return clean;
    }

    public static string Summary(string? summary)
    {
        var clean = summary?.Trim() ?? "";
        if (clean.Length == 0)
        {
            throw new StewardException("The summary is empty. Say in a sentence or two what the interaction was about.");
        }
        if (clean.Length > MaxSummaryLength)
        {
            throw new StewardException($"The summary is {clean.Length:N0} characters; at most {MaxSummaryLength:N0} are accepted. Keep the gist; put details in memory.");
        }
        return clean;
    }

    /// <summary>Tags and themes are stored comma-separated, which is why a comma cannot be part of one.</summary>
    public static string Join(IEnumerable<string> labels) => string.Join(',', labels);

    public static IReadOnlyList<string> Split(string stored) =>
        stored.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static List<string> Labels(IEnumerable<string?>? labels, string what, int max)
    {
        var clean = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var label in labels ?? [])
        {
            var text = label?.Trim().ToLowerInvariant() ?? "";
            if (text.Length == 0)
            {
                continue;
            }
            if (text.Length > MaxLabelLength || text.Contains(',', StringComparison.Ordinal) || text.Any(char.IsControl))
            {
                throw new StewardException($"'{label}' is not a {what}. A {what} is a short label of 1-{MaxLabelLength} characters without commas or line breaks, e.g. \"colleague\".");
            }
            clean.Add(text);
        }
        if (clean.Count > max)
        {
            throw new StewardException($"{clean.Count} {what}s given; at most {max} are accepted.");
        }
        return [.. clean];
    }
}
