using System.Text.Json;

namespace Steward.Hooks;

/// <summary>
/// The event Claude Code writes to a hook's stdin (the fields Steward's hooks read). Read with
/// JsonDocument rather than the serializer: its metadata setup alone costs a short-lived process
/// several milliseconds of JIT on every tool call.
/// </summary>
internal sealed class HookInput
{
    public string? SessionId { get; private init; }

    public string? WorkingDirectory { get; private init; }

    public string? EventName { get; private init; }

    public string? ToolName { get; private init; }

    public JsonElement ToolInput { get; private init; }

    public JsonElement ToolResponse { get; private init; }

    public string? Prompt { get; private init; }

    public string? Source { get; private init; }

    /// <summary>Throws <see cref="InvalidDataException"/> when the text is not a JSON object.</summary>
    public static HookInput Parse(ReadOnlyMemory<byte> json)
    {
        JsonElement root;
        try
        {
            // Cloned so the elements outlive the document's pooled buffers.
            using var document = JsonDocument.Parse(json);
            root = document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"the event is not valid JSON: {e.Message}", e);
        }
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"the event must be a JSON object, not {root.ValueKind}");
        }
        return new HookInput
        {
            SessionId = StringOf(root, "session_id"),
            WorkingDirectory = StringOf(root, "cwd"),
            EventName = StringOf(root, "hook_event_name"),
            ToolName = StringOf(root, "tool_name"),
            ToolInput = root.TryGetProperty("tool_input", out var toolInput) ? toolInput : default,
            ToolResponse = root.TryGetProperty("tool_response", out var toolResponse) ? toolResponse : default,
            Prompt = StringOf(root, "prompt"),
            Source = StringOf(root, "source"),
        };
    }

    public string? ToolInputString(string name) =>
        ToolInput.ValueKind == JsonValueKind.Object ? StringOf(ToolInput, name) : null;

    private static string? StringOf(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
