using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Steward.Core.Sessions;

/// <summary>
/// Turns transcript lines into what a person or a model wants to read: what was asked, what the
/// assistant said, each tool call on one line, results and lifecycle. Plumbing (hooks, retries of
/// nothing) is left out.
/// </summary>
public static class TranscriptFormatter
{
    private const int MaxToolInput = 160;
    private const int MaxToolResult = 200;

    /// <summary>The readable items of one transcript line (often one, sometimes several, often none).</summary>
    public static IEnumerable<string> Format(string line)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException)
        {
            return [];
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return [];
            }
            return (Text(root, "type"), Text(root, "subtype")) switch
            {
                ("system", "init") => [$"[session] model {Text(root, "model")}, {Count(root, "tools")} tools{McpServers(root)}"],
                ("system", "api_retry") => ["[retry] the model API failed; Claude Code is retrying"],
                ("assistant", _) => Assistant(root),
                ("user", _) => User(root),
                ("result", var subtype) => [Result(root, subtype)],
                ("steward", _) => [Steward(root)],
                _ => [],
            };
        }
    }

    private static List<string> Assistant(JsonElement root)
    {
        var items = new List<string>();
        foreach (var block in Content(root))
        {
            switch (Text(block, "type"))
            {
                case "text" when Text(block, "text") is { Length: > 0 } text:
                    items.Add("assistant: " + text.Trim());
                    break;
                case "tool_use":
                    var input = block.TryGetProperty("input", out var i) ? i.GetRawText() : "{}";
                    items.Add($"→ {Text(block, "name")} {Shorten(input, MaxToolInput)}");
                    break;
            }
        }
        return items;
    }

    private static List<string> User(JsonElement root)
    {
        if (root.TryGetProperty("message", out var message) && message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.String)
        {
            return ["user: " + content.GetString()!.Trim()];
        }
        var items = new List<string>();
        foreach (var block in Content(root))
        {
            switch (Text(block, "type"))
            {
                case "tool_result":
                    var error = block.TryGetProperty("is_error", out var e) && e.ValueKind == JsonValueKind.True;
                    items.Add($"  ← {(error ? "error: " : "")}{Shorten(ResultText(block), MaxToolResult)}");
                    break;
                case "text" when Text(block, "text") is { Length: > 0 } text && !text.StartsWith('<'):
                    items.Add("user: " + text.Trim());
                    break;
            }
        }
        return items;
    }

    private static string Result(JsonElement root, string? subtype)
    {
        var cost = root.TryGetProperty("total_cost_usd", out var c) && c.ValueKind == JsonValueKind.Number ? c.GetDouble() : 0;
        var seconds = (root.TryGetProperty("duration_ms", out var d) && d.ValueKind == JsonValueKind.Number ? d.GetDouble() : 0) / 1000;
        var turns = root.TryGetProperty("num_turns", out var t) && t.ValueKind == JsonValueKind.Number ? t.GetInt32() : 0;
        var header = string.Create(CultureInfo.InvariantCulture, $"[result {subtype} · {turns} turn(s) · {seconds:0.0} s · ${cost:0.####} so far]");
        return Text(root, "result") is { Length: > 0 } text ? $"{header} {text.Trim()}" : header;
    }

    private static string Steward(JsonElement root)
    {
        var details = new StringBuilder();
        foreach (var property in root.EnumerateObject())
        {
            if (property.Name is not ("type" or "event" or "at"))
            {
                details.Append(' ').Append(property.Name).Append('=').Append(property.Value.ValueKind == JsonValueKind.String ? property.Value.GetString() : property.Value.GetRawText());
            }
        }
        return $"[steward] {Text(root, "event")}{details}";
    }

    private static string McpServers(JsonElement root)
    {
        if (!root.TryGetProperty("mcp_servers", out var servers) || servers.ValueKind != JsonValueKind.Array || servers.GetArrayLength() == 0)
        {
            return "";
        }
        return ", mcp: " + string.Join(", ", servers.EnumerateArray().Select(s => $"{Text(s, "name")} {Text(s, "status")}"));
    }

    private static string ResultText(JsonElement block)
    {
        if (!block.TryGetProperty("content", out var content))
        {
            return "";
        }
        return content.ValueKind switch
        {
            JsonValueKind.String => content.GetString()!,
            JsonValueKind.Array => string.Join(" ", content.EnumerateArray().Select(part => Text(part, "text") ?? $"[{Text(part, "type")}]")),
            _ => content.GetRawText(),
        };
    }

    private static List<JsonElement> Content(JsonElement root) =>
        root.TryGetProperty("message", out var message) && message.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array
            ? content.EnumerateArray().ToList()
            : [];

    private static int Count(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? value.GetArrayLength() : 0;

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string Shorten(string text, int max)
    {
        var single = text.ReplaceLineEndings(" ").Trim();
        return single.Length <= max ? single : single[..(max - 1)] + "…";
    }
}
