using System.Text.Json;
using System.Text.Json.Serialization;

namespace Steward.Hooks;

/// <summary>The event Claude Code writes to a hook's stdin (the fields Steward's hooks read).</summary>
internal sealed class HookInput
{
    [JsonPropertyName("session_id")]
    public string? SessionId { get; set; }

    [JsonPropertyName("cwd")]
    public string? WorkingDirectory { get; set; }

    [JsonPropertyName("hook_event_name")]
    public string? EventName { get; set; }

    [JsonPropertyName("tool_name")]
    public string? ToolName { get; set; }

    [JsonPropertyName("tool_input")]
    public JsonElement ToolInput { get; set; }

    [JsonPropertyName("tool_response")]
    public JsonElement ToolResponse { get; set; }

    [JsonPropertyName("prompt")]
    public string? Prompt { get; set; }

    [JsonPropertyName("source")]
    public string? Source { get; set; }

    public string? ToolInputString(string name) =>
        ToolInput.ValueKind == JsonValueKind.Object && ToolInput.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
