using System.Text.Json;
using System.Text.Json.Serialization;

namespace Steward.Hooks;

/// <summary>The one JSON object a hook may print (exit 0). Null fields are left out.</summary>
internal sealed class HookOutput
{
    [JsonPropertyName("decision")]
    public string? Decision { get; set; }

    [JsonPropertyName("reason")]
    public string? Reason { get; set; }

    [JsonPropertyName("hookSpecificOutput")]
    public HookSpecificOutput? Specific { get; set; }

    public static HookOutput Permission(string eventName, string decision, string reason) => new()
    {
        Specific = new HookSpecificOutput { EventName = eventName, PermissionDecision = decision, PermissionDecisionReason = Cap(reason) },
    };

    public static HookOutput Context(string eventName, string context) => new()
    {
        Specific = new HookSpecificOutput { EventName = eventName, AdditionalContext = Cap(context) },
    };

    /// <summary>Claude Code caps hook strings at 10,000 characters; cut earlier, on our terms.</summary>
    public static string Cap(string text) => text.Length <= 9_900 ? text : text[..9_900] + "\n…(cut to fit the hook output limit)";
}

internal sealed class HookSpecificOutput
{
    [JsonPropertyName("hookEventName")]
    public string? EventName { get; set; }

    [JsonPropertyName("permissionDecision")]
    public string? PermissionDecision { get; set; }

    [JsonPropertyName("permissionDecisionReason")]
    public string? PermissionDecisionReason { get; set; }

    [JsonPropertyName("additionalContext")]
    public string? AdditionalContext { get; set; }

    [JsonPropertyName("updatedMCPToolOutput")]
    public JsonElement? UpdatedMcpToolOutput { get; set; }
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(HookInput))]
[JsonSerializable(typeof(HookOutput))]
internal sealed partial class HookJson : JsonSerializerContext;
