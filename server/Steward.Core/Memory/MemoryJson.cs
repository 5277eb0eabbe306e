using System.Text.Json.Nodes;

namespace Steward.Core.Memory;

/// <summary>How memory entries and search hits look as JSON, the same for the MCP tools and the local API.</summary>
public static class MemoryJson
{
    public static JsonObject Entry(MemoryEntry entry) => new()
    {
        ["id"] = entry.Id,
        ["topic"] = entry.Topic,
        ["kind"] = entry.Kind.Name(),
        ["text"] = entry.Text,
        ["tags"] = new JsonArray([.. entry.Tags.Select(t => (JsonNode?)t)]),
        ["source"] = entry.Source,
        ["importance"] = entry.Importance,
        ["created_at"] = entry.CreatedAt.ToString("O"),
    };

    public static JsonObject Hit(MemoryHit hit)
    {
        var json = Entry(hit.Entry);
        json["snippet"] = hit.Snippet;
        json["score"] = Math.Round(hit.Score, 4);
        json["age_seconds"] = (long)hit.Age.TotalSeconds;
        return json;
    }
}
