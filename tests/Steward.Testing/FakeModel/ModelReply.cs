using System.Text.Json.Nodes;

namespace Steward.Testing.FakeModel;

public abstract record ReplyBlock;

public sealed record TextBlock(string Text) : ReplyBlock;

public sealed record ToolUseBlock(string Name, JsonObject Input) : ReplyBlock;

/// <summary>What the fake model answers: content blocks, and how long to think first.</summary>
public sealed record ModelReply(IReadOnlyList<ReplyBlock> Blocks, TimeSpan Delay = default)
{
    public static ModelReply Text(string text) => new([new TextBlock(text)]);

    public string StopReason => Blocks.Any(b => b is ToolUseBlock) ? "tool_use" : "end_turn";
}
