using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Steward.Core.Sessions;
using Steward.Tests.Mcp;

namespace Steward.Tests.Sessions;

/// <summary>Bad session requests through the MCP tools: each is an isError that says what is wrong, and nothing is queued.</summary>
public sealed class SessionBadInputTests : InProcessMcpTestBase, IDisposable
{
    private readonly StewardHomeFixture _fixture;

    public SessionBadInputTests() : this(new StewardHomeFixture())
    {
    }

    private SessionBadInputTests(StewardHomeFixture fixture) : base(fixture.Home)
    {
        _fixture = fixture;
    }

    private int QueuedCommands => new Steward.Core.Homes.HomeServices(_fixture.Home).Queue.List().Count;

    private async Task<CallToolResult> Call(McpClient client, string tool, Dictionary<string, object?> arguments) => await client.CallToolAsync(tool, arguments);

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));

    [Theory]
    [InlineData("Bad_Name", "a prompt", "not a session name")]
    [InlineData("-leading-dash", "a prompt", "not a session name")]
    [InlineData("fine", "   ", "The prompt is empty")]
    public async Task Invalid_spawns_are_refused(string name, string prompt, string expected)
    {
        await using var client = await ConnectAsync();

        var result = await Call(client, "session_spawn", new() { ["name"] = name, ["prompt"] = prompt });

        Assert.True(result.IsError);
        Assert.Contains(expected, Text(result), StringComparison.Ordinal);
        Assert.Equal(0, QueuedCommands);
    }

    [Fact]
    public async Task Oversize_text_is_refused()
    {
        await using var client = await ConnectAsync();

        var result = await Call(client, "session_spawn", new() { ["name"] = "big", ["prompt"] = new string('x', SessionLimits.MaxTextCharacters + 1) });

        Assert.True(result.IsError);
        Assert.Contains("100,000", Text(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_duplicate_name_is_refused_and_the_first_session_is_untouched()
    {
        await using var client = await ConnectAsync();
        var first = await Call(client, "session_spawn", new() { ["name"] = "twin", ["prompt"] = "first", ["cwd"] = _fixture.WorkingDirectory });

        var second = await Call(client, "session_spawn", new() { ["name"] = "twin", ["prompt"] = "second", ["cwd"] = _fixture.WorkingDirectory });

        Assert.NotEqual(true, first.IsError);
        Assert.Contains("daemon is not running", Text(first), StringComparison.Ordinal);
        Assert.True(second.IsError);
        Assert.Contains("already exists", Text(second), StringComparison.Ordinal);
        Assert.Equal("first", new Steward.Core.Homes.HomeServices(_fixture.Home).Sessions.Require("twin").Prompt);
        Assert.Equal(1, QueuedCommands);
    }

    [Theory]
    [InlineData("session_send")]
    [InlineData("session_kill")]
    [InlineData("session_output")]
    public async Task An_unknown_session_is_named(string tool)
    {
        await using var client = await ConnectAsync();

        var result = await Call(client, tool, new() { ["name"] = "ghost", ["text"] = "hello" });

        Assert.True(result.IsError);
        Assert.Contains("no session named 'ghost'", Text(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Spawning_past_the_concurrency_limit_is_refused()
    {
        await using var client = await ConnectAsync();
        for (var i = 0; i < 4; i++)
        {
            var ok = await Call(client, "session_spawn", new() { ["name"] = $"worker-{i}", ["prompt"] = "work", ["cwd"] = _fixture.WorkingDirectory });
            Assert.NotEqual(true, ok.IsError);
        }

        var fifth = await Call(client, "session_spawn", new() { ["name"] = "worker-4", ["prompt"] = "work", ["cwd"] = _fixture.WorkingDirectory });

        Assert.True(fifth.IsError);
        Assert.Contains("max_concurrent is 4", Text(fifth), StringComparison.Ordinal);
        Assert.Null(new Steward.Core.Homes.HomeServices(_fixture.Home).Sessions.Get("worker-4"));
    }

    [Fact]
    public async Task A_missing_working_directory_and_a_bad_model_are_refused()
    {
        await using var client = await ConnectAsync();

        var noDirectory = await Call(client, "session_spawn", new() { ["name"] = "lost", ["prompt"] = "x", ["cwd"] = "/does/not/exist" });
        var badModel = await Call(client, "session_spawn", new() { ["name"] = "lost", ["prompt"] = "x", ["model"] = "gpt 5; rm -rf /" });
        var badTurns = await Call(client, "session_spawn", new() { ["name"] = "lost", ["prompt"] = "x", ["max_turns"] = 0 });

        Assert.Contains("does not exist", Text(noDirectory), StringComparison.Ordinal);
        Assert.Contains("is not a model", Text(badModel), StringComparison.Ordinal);
        Assert.Contains("max_turns must be between", Text(badTurns), StringComparison.Ordinal);
        Assert.All([noDirectory, badModel, badTurns], r => Assert.True(r.IsError));
    }

    [Fact]
    public async Task Session_tools_are_listed_with_their_parameters()
    {
        await using var client = await ConnectAsync();

        var tools = await client.ListToolsAsync();

        foreach (var name in new[] { "session_spawn", "session_list", "session_output", "session_send", "session_kill" })
        {
            var tool = Assert.Single(tools, t => t.Name == name);
            Assert.False(string.IsNullOrWhiteSpace(tool.Description));
        }
        var spawn = tools.Single(t => t.Name == "session_spawn").JsonSchema.GetProperty("properties");
        Assert.All(new[] { "name", "prompt", "model", "cwd", "max_turns" }, p => Assert.True(spawn.TryGetProperty(p, out _), p));
    }

    public void Dispose() => _fixture.Dispose();
}
