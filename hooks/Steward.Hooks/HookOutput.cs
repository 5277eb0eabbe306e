using System.Text.Json;
using System.Text.Json.Nodes;

namespace Steward.Hooks;

/// <summary>The one JSON object a hook may print (exit 0). Null fields are left out.</summary>
internal sealed class HookOutput
{
    public string? Decision { get; init; }

    public string? Reason { get; init; }

    public HookSpecificOutput? Specific { get; init; }

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

    /// <summary>Written by hand with Utf8JsonWriter (no serializer metadata to build at startup).</summary>
    public void WriteTo(Stream stream)
    {
        using var writer = new Utf8JsonWriter(stream);
        writer.WriteStartObject();
        WriteIfSet(writer, "decision", Decision);
        WriteIfSet(writer, "reason", Reason);
        if (Specific is { } specific)
        {
            writer.WriteStartObject("hookSpecificOutput");
            WriteIfSet(writer, "hookEventName", specific.EventName);
            WriteIfSet(writer, "permissionDecision", specific.PermissionDecision);
            WriteIfSet(writer, "permissionDecisionReason", specific.PermissionDecisionReason);
            WriteIfSet(writer, "additionalContext", specific.AdditionalContext);
            if (specific.UpdatedMcpToolOutput is { } updated)
            {
                writer.WritePropertyName("updatedMCPToolOutput");
                updated.WriteTo(writer);
            }
            writer.WriteEndObject();
        }
        writer.WriteEndObject();
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}

internal sealed class HookSpecificOutput
{
    public string? EventName { get; init; }

    public string? PermissionDecision { get; init; }

    public string? PermissionDecisionReason { get; init; }

    public string? AdditionalContext { get; init; }

    public JsonNode? UpdatedMcpToolOutput { get; init; }
}
