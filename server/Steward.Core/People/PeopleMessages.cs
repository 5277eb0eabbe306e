using System.Globalization;
using System.Text.Json.Nodes;
using Steward.Core.Memory;

namespace Steward.Core.People;

/// <summary>The words and JSON every front door uses about people, so the CLI and the MCP tools say the same thing.</summary>
public static class PeopleMessages
{
    /// <summary>
    /// One line about a person. For a model (<paramref name="escape"/>) the stored text is escaped as
    /// in <see cref="PersonBlock"/>; a person at a terminal reads it as written.
    /// </summary>
    public static string Summary(Person person, bool escape)
    {
        ArgumentNullException.ThrowIfNull(person);
        Func<string, string> text = escape ? PersonBlock.Escape : s => s;
        var identities = person.Identities.Count == 0 ? "no identities" : text(string.Join(", ", person.Identities));
        var tags = person.Tags.Count == 0 ? "" : $"; tags: {text(string.Join(", ", person.Tags))}";
        var seen = person.LastInteractionAt is { } last ? $"last interaction {Day(last)}" : "no interactions yet";
        return string.Create(CultureInfo.InvariantCulture,
            $"#{person.Id} {text(person.DisplayName)}: significance {person.Significance.Value}, {person.InteractionCount} interaction(s), {seen}; {identities}{tags}");
    }

    public static JsonObject ToJson(Person person)
    {
        ArgumentNullException.ThrowIfNull(person);
        return new JsonObject
        {
            ["id"] = person.Id,
            ["display_name"] = person.DisplayName,
            ["identities"] = new JsonArray([.. person.Identities.Select(i => (JsonNode)new JsonObject { ["platform"] = i.Platform, ["handle"] = i.Handle })]),
            ["notes"] = person.Notes,
            ["tags"] = new JsonArray([.. person.Tags.Select(t => (JsonNode?)t)]),
            ["first_seen"] = person.FirstSeen.ToString("O", CultureInfo.InvariantCulture),
            ["last_seen"] = person.LastSeen.ToString("O", CultureInfo.InvariantCulture),
            ["last_interaction_at"] = person.LastInteractionAt?.ToString("O", CultureInfo.InvariantCulture),
            ["interaction_count"] = person.InteractionCount,
            ["themes"] = new JsonArray([.. person.Themes.Select(t => (JsonNode)new JsonObject
            {
                ["theme"] = t.Theme,
                ["count"] = t.Count,
                ["last_at"] = t.LastAt.ToString("O", CultureInfo.InvariantCulture),
            })]),
            ["significance"] = person.Significance.Value,
            ["significance_parts"] = new JsonObject
            {
                ["frequency"] = person.Significance.Frequency,
                ["recency"] = person.Significance.Recency,
                ["breadth"] = person.Significance.Breadth,
            },
        };
    }

    public static JsonObject ToJson(PersonInteraction interaction)
    {
        ArgumentNullException.ThrowIfNull(interaction);
        return new JsonObject
        {
            ["id"] = interaction.Id,
            ["person_id"] = interaction.PersonId,
            ["at"] = interaction.At.ToString("O", CultureInfo.InvariantCulture),
            ["channel"] = interaction.Channel,
            ["summary"] = interaction.Summary,
            ["themes"] = new JsonArray([.. interaction.Themes.Select(t => (JsonNode?)t)]),
        };
    }

    public static JsonObject ToJson(PersonProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var json = ToJson(profile.Person);
        json["recent_interactions"] = new JsonArray([.. profile.RecentInteractions.Select(i => (JsonNode)ToJson(i))]);
        json["related_memories"] = new JsonArray([.. profile.RelatedMemories.Select(h => (JsonNode)new JsonObject
        {
            ["id"] = h.Entry.Id,
            ["topic"] = h.Entry.Topic,
            ["kind"] = h.Entry.Kind.Name(),
            ["snippet"] = h.Snippet,
            ["created_at"] = h.Entry.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
        })]);
        return json;
    }

    public static string Merged(PersonMergeResult result, bool escape)
    {
        ArgumentNullException.ThrowIfNull(result);
        Func<string, string> text = escape ? PersonBlock.Escape : s => s;
        return string.Create(CultureInfo.InvariantCulture,
            $"Merged #{result.MergedId} {text(result.MergedName)} into #{result.Kept.Id} {text(result.Kept.DisplayName)}: {result.IdentitiesMoved} identit{(result.IdentitiesMoved == 1 ? "y" : "ies")}, {result.InteractionsMoved} interaction(s) and {result.ThemesMoved} theme(s) moved; notes and tags combined. #{result.MergedId} no longer exists.");
    }

    private static string Day(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
