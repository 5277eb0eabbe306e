using System.Text.Json;
using System.Text.Json.Nodes;
using Steward.Hooks;

namespace Steward.Tests.Hooks;

/// <summary>The hand-written hook JSON must be exactly what a JSON reader (Claude Code) gets back.</summary>
public sealed class HookOutputTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("quote \" backslash \\ slash /")]
    [InlineData("lines\nand\r\ntabs\t and \u0001\u001f controls")]
    [InlineData("unicode … é 日本 😀 and \u2028\u2029 separators")]
    [InlineData("")]
    public void Strings_survive_a_round_trip(string text)
    {
        var output = HookOutput.Permission("PreToolUse", "deny", text);

        var parsed = Write(output);

        Assert.Equal(text, parsed["hookSpecificOutput"]!["permissionDecisionReason"]!.GetValue<string>());
        Assert.Equal("deny", parsed["hookSpecificOutput"]!["permissionDecision"]!.GetValue<string>());
        Assert.Null(parsed["decision"]);
    }

    [Fact]
    public void A_lone_surrogate_becomes_a_replacement_character_and_the_json_stays_valid()
    {
        var parsed = Write(new HookOutput { Decision = "block", Reason = "half \uD83D pair" });

        Assert.Equal("block", parsed["decision"]!.GetValue<string>());
        Assert.Equal("half \uFFFD pair", parsed["reason"]!.GetValue<string>());
    }

    [Fact]
    public void An_mcp_replacement_is_embedded_as_json()
    {
        var replacement = JsonNode.Parse("""{"content":[{"type":"text","text":"key [REDACTED:aws-access-key-id]"}]}""");
        var output = new HookOutput
        {
            Decision = "block",
            Reason = "r",
            Specific = new HookSpecificOutput { EventName = "PostToolUse", UpdatedMcpToolOutput = replacement },
        };

        var parsed = Write(output);

        Assert.True(JsonNode.DeepEquals(replacement, parsed["hookSpecificOutput"]!["updatedMCPToolOutput"]));
        Assert.Equal("PostToolUse", parsed["hookSpecificOutput"]!["hookEventName"]!.GetValue<string>());
    }

    private static JsonNode Write(HookOutput output)
    {
        using var stream = new MemoryStream();
        output.WriteTo(stream);
        using var document = JsonDocument.Parse(stream.ToArray());
        return JsonNode.Parse(document.RootElement.GetRawText())!;
    }
}
