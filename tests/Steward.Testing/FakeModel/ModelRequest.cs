using System.Text.Json.Nodes;

namespace Steward.Testing.FakeModel;

/// <summary>One POST /v1/messages that Claude Code sent, with the parts tests look at.</summary>
public sealed class ModelRequest(JsonObject body, DateTimeOffset receivedAt)
{
    public JsonObject Body { get; } = body;

    public DateTimeOffset ReceivedAt { get; } = receivedAt;

    public string? Model => Body["model"]?.GetValue<string>();

    public JsonArray Messages => Body["messages"] as JsonArray ?? [];

    /// <summary>The text the user last typed: the last user message's last text block, skipping system reminders.</summary>
    public string LastUserText
    {
        get
        {
            var last = Messages.LastOrDefault(m => m?["role"]?.GetValue<string>() == "user");
            return last is null ? "" : TextBlocks(last).LastOrDefault(t => !t.StartsWith("<system-reminder>", StringComparison.Ordinal)) ?? "";
        }
    }

    /// <summary>The tool results in the last user message (empty when it carries none).</summary>
    public IReadOnlyList<(string ToolUseId, string Text, bool IsError)> LastToolResults
    {
        get
        {
            var last = Messages.LastOrDefault(m => m?["role"]?.GetValue<string>() == "user");
            if (last?["content"] is not JsonArray blocks)
            {
                return [];
            }
            return blocks
                .Where(b => b?["type"]?.GetValue<string>() == "tool_result")
                .Select(b => (b!["tool_use_id"]?.GetValue<string>() ?? "", ContentText(b["content"]), b["is_error"]?.GetValue<bool>() ?? false))
                .ToList();
        }
    }

    /// <summary>Every user and assistant text in the conversation, in order (what the model "remembers").</summary>
    public IReadOnlyList<string> ConversationTexts =>
        Messages.Where(m => m?["role"]?.GetValue<string>() is "user" or "assistant").SelectMany(m => TextBlocks(m!)).ToList();

    private static IEnumerable<string> TextBlocks(JsonNode message) => message["content"] switch
    {
        JsonValue value => [value.GetValue<string>()],
        JsonArray blocks => blocks.Where(b => b?["type"]?.GetValue<string>() == "text").Select(b => b!["text"]!.GetValue<string>()),
        _ => [],
    };

    private static string ContentText(JsonNode? content) => content switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray blocks => string.Concat(blocks.Select(b => b?["text"]?.GetValue<string>() ?? "")),
        _ => "",
    };
}
