using System.Text.Json;

namespace Steward.Core.Sessions;

/// <summary>What the supervisor needs from a `result` event.</summary>
public sealed record TurnResult(
    string Subtype,
    bool IsError,
    string? Text,
    int Turns,
    long DurationMs,
    double? TotalCostUsd,
    long InputTokens,
    long OutputTokens,
    long CacheReadTokens,
    long CacheCreationTokens,
    string? Model);

/// <summary>One line of `claude --output-format stream-json`, reduced to what drives status and accounting.</summary>
public sealed record StreamEvent(string Type, string? Subtype, string? SessionId, TurnResult? Result)
{
    public bool IsInit => Type == "system" && Subtype == "init";

    public bool IsResult => Type == "result";

    /// <summary>Parses a line; null when it is not a JSON object with a "type" (noise is kept in the transcript but drives nothing).</summary>
    public static StreamEvent? TryParse(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("type", out var typeElement) || typeElement.ValueKind != JsonValueKind.String)
            {
                return null;
            }
            var type = typeElement.GetString()!;
            var subtype = String(root, "subtype");
            return new StreamEvent(type, subtype, String(root, "session_id"), type == "result" ? ReadResult(root, subtype) : null);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static TurnResult ReadResult(JsonElement root, string? subtype)
    {
        var usage = root.TryGetProperty("usage", out var u) && u.ValueKind == JsonValueKind.Object ? u : default;
        string? model = null;
        if (root.TryGetProperty("modelUsage", out var models) && models.ValueKind == JsonValueKind.Object)
        {
            model = models.EnumerateObject().Select(p => p.Name).FirstOrDefault();
        }
        return new TurnResult(
            subtype ?? "unknown",
            root.TryGetProperty("is_error", out var isError) && isError.ValueKind == JsonValueKind.True,
            String(root, "result"),
            (int)Number(root, "num_turns"),
            Number(root, "duration_ms"),
            root.TryGetProperty("total_cost_usd", out var cost) && cost.ValueKind == JsonValueKind.Number ? cost.GetDouble() : null,
            Number(usage, "input_tokens"),
            Number(usage, "output_tokens"),
            Number(usage, "cache_read_input_tokens"),
            Number(usage, "cache_creation_input_tokens"),
            model);
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long Number(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var number) ? number : 0;
}
