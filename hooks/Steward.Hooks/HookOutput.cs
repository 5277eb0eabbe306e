using System.Text;
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

    /// <summary>
    /// Written by hand: Utf8JsonWriter's default escaper builds its tables on first use, which
    /// costs every deny or ask several milliseconds. Only an MCP result replacement needs the writer.
    /// </summary>
    public void WriteTo(Stream stream)
    {
        var json = new StringBuilder(256).Append('{');
        var first = true;
        Property(json, ref first, "decision", Decision);
        Property(json, ref first, "reason", Reason);
        if (Specific is { } specific)
        {
            json.Append(first ? "" : ",").Append("\"hookSpecificOutput\":{");
            var inner = true;
            Property(json, ref inner, "hookEventName", specific.EventName);
            Property(json, ref inner, "permissionDecision", specific.PermissionDecision);
            Property(json, ref inner, "permissionDecisionReason", specific.PermissionDecisionReason);
            Property(json, ref inner, "additionalContext", specific.AdditionalContext);
            if (specific.UpdatedMcpToolOutput is { } updated)
            {
                json.Append(inner ? "" : ",").Append("\"updatedMCPToolOutput\":").Append(updated.ToJsonString());
            }
            json.Append('}');
        }
        var bytes = Encoding.UTF8.GetBytes(json.Append('}').ToString());
        stream.Write(bytes);
    }

    private static void Property(StringBuilder json, ref bool first, string name, string? value)
    {
        if (value is null)
        {
            return;
        }
        json.Append(first ? "\"" : ",\"").Append(name).Append("\":");
        first = false;
        JsonText.AppendString(json, value);
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
