using Steward.Core.Sessions;

namespace Steward.Core.Tests.Sessions;

/// <summary>Parsing and formatting real stream-json captured from Claude Code 2.1.330.</summary>
public sealed class StreamEventTests
{
    private static string[] Sample(string name) =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "TestData", "stream-json", name));

    [Theory]
    [InlineData("mcp-tool-call.jsonl")]
    [InlineData("bash-blocked-by-hook.jsonl")]
    [InlineData("plugin-dir.jsonl")]
    public void Every_captured_line_parses_and_there_is_one_init_and_one_result(string sample)
    {
        var events = Sample(sample).Select(StreamEvent.TryParse).ToList();

        Assert.All(events, e => Assert.NotNull(e));
        Assert.Single(events, e => e!.IsInit);
        var result = Assert.Single(events, e => e!.IsResult)!.Result!;
        Assert.Equal("success", result.Subtype);
        Assert.False(result.IsError);
        Assert.True(result.TotalCostUsd > 0);
        Assert.True(result.InputTokens > 0);
        Assert.Equal("claude-opus-5-5", result.Model);
        Assert.StartsWith("FAKE_FINAL", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void The_result_of_the_mcp_sample_carries_its_exact_numbers()
    {
        var result = StreamEvent.TryParse(Sample("mcp-tool-call.jsonl")[^1])!.Result!;

        Assert.Equal(0.162872, result.TotalCostUsd);
        Assert.Equal(39953, result.InputTokens);
        Assert.Equal(153, result.OutputTokens);
        Assert.Equal(3, result.Turns);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    [InlineData("{\"no_type\":1}")]
    [InlineData("{\"type\":42}")]
    public void Noise_is_not_an_event(string line)
    {
        Assert.Null(StreamEvent.TryParse(line));
    }

    [Fact]
    public void Formatting_shows_tool_calls_on_one_line_each_and_the_result()
    {
        var items = Sample("mcp-tool-call.jsonl").SelectMany(TranscriptFormatter.Format).ToList();

        Assert.StartsWith("[session] model claude-opus-5-5", items[0], StringComparison.Ordinal);
        Assert.Contains(items, i => i.StartsWith("→ ToolSearch {", StringComparison.Ordinal));
        Assert.Contains(items, i => i == "→ mcp__everything__echo {\"message\":\"hello-mcp_toolsearch\"}");
        Assert.Contains(items, i => i == "  ← Echo: hello-mcp_toolsearch");
        Assert.StartsWith("[result success · 3 turn(s)", items[^1], StringComparison.Ordinal);
        Assert.All(items.Where(i => i.StartsWith('→') || i.StartsWith("  ←", StringComparison.Ordinal)), i => Assert.DoesNotContain('\n', i));
    }

    [Fact]
    public void Hook_plumbing_is_left_out_and_blocked_tools_show_as_errors()
    {
        var items = Sample("bash-blocked-by-hook.jsonl").SelectMany(TranscriptFormatter.Format).ToList();

        Assert.DoesNotContain(items, i => i.Contains("hook_started", StringComparison.Ordinal));
        Assert.Contains(items, i => i.StartsWith("  ← error: PreToolUse:Bash hook error", StringComparison.Ordinal));
    }

    [Fact]
    public void Steward_lifecycle_lines_are_readable()
    {
        var items = TranscriptFormatter.Format("""{"type":"steward","event":"exited","at":"2026-11-21T10:00:00Z","code":0,"status":"completed"}""").ToList();

        Assert.Equal(["[steward] exited code=0 status=completed"], items);
    }
}
