using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Steward.Tests.Mcp;

public sealed class IdentityToolTests : InProcessMcpTestBase, IDisposable
{
    private readonly StewardHomeFixture _fixture;

    public IdentityToolTests() : this(new StewardHomeFixture())
    {
    }

    private IdentityToolTests(StewardHomeFixture fixture) : base(fixture.Home)
    {
        _fixture = fixture;
    }

    private string FileText(string name) => File.ReadAllText(Path.Combine(_fixture.Home.Root, name));

    [Fact]
    public async Task Both_identity_tools_are_listed_with_described_parameters()
    {
        await using var client = await ConnectAsync();

        var tools = await client.ListToolsAsync();

        var get = Assert.Single(tools, t => t.Name == "identity_get");
        var update = Assert.Single(tools, t => t.Name == "identity_update");
        Assert.Contains("AGENT.md", get.Description, StringComparison.Ordinal);
        var properties = update.JsonSchema.GetProperty("properties");
        foreach (var parameter in new[] { "file", "text", "mode" })
        {
            Assert.False(string.IsNullOrWhiteSpace(properties.GetProperty(parameter).GetProperty("description").GetString()), parameter);
        }
        Assert.Equal(["file", "text"], update.JsonSchema.GetProperty("required").EnumerateArray().Select(e => e.GetString()));
    }

    [Fact]
    public async Task Identity_get_returns_the_files_the_home_and_the_daemon_state()
    {
        File.WriteAllText(Path.Combine(_fixture.Home.Root, "USER.md"), "# Grace\nPrefers brevity.\n");
        await using var client = await ConnectAsync();

        var result = await client.CallToolAsync("identity_get");

        Assert.NotEqual(true, result.IsError);
        var text = Text(result);
        Assert.Contains(_fixture.Home.Root, text, StringComparison.Ordinal);
        Assert.Contains("Prefers brevity.", text, StringComparison.Ordinal);
        Assert.Contains("Daemon: not running", text, StringComparison.Ordinal);
        var structured = result.StructuredContent!.Value;
        Assert.False(structured.GetProperty("daemon").GetProperty("running").GetBoolean());
        Assert.Equal(["AGENT.md", "USER.md", "MEMORY.md"], structured.GetProperty("files").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
    }

    [Fact]
    public async Task Identity_get_can_read_one_file()
    {
        await using var client = await ConnectAsync();

        var result = await client.CallToolAsync("identity_get", new Dictionary<string, object?> { ["file"] = "memory" });

        var files = result.StructuredContent!.Value.GetProperty("files");
        Assert.Equal("MEMORY.md", Assert.Single(files.EnumerateArray()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Identity_update_appends_and_replaces()
    {
        await using var client = await ConnectAsync();

        var appended = await client.CallToolAsync("identity_update", new Dictionary<string, object?>
        {
            ["file"] = "MEMORY.md",
            ["text"] = "- The owner's cat is called Turing.",
        });
        var replaced = await client.CallToolAsync("identity_update", new Dictionary<string, object?>
        {
            ["file"] = "USER.md",
            ["text"] = "# Grace\n",
            ["mode"] = "replace",
        });

        Assert.NotEqual(true, appended.IsError);
        Assert.EndsWith("- The owner's cat is called Turing.\n", FileText("MEMORY.md"), StringComparison.Ordinal);
        Assert.Equal("# Grace\n", FileText("USER.md"));
        Assert.Contains("Previous version kept", Text(replaced), StringComparison.Ordinal);
        Assert.Equal("replace", replaced.StructuredContent!.Value.GetProperty("mode").GetString());
    }

    [Theory]
    [InlineData("SOUL.md", "x", null, "Unknown identity file 'SOUL.md'")]
    [InlineData("AGENT.md", "  ", null, "The text is empty")]
    [InlineData("AGENT.md", "x", "merge", "Unknown mode 'merge'")]
    public async Task Bad_arguments_return_isError_with_a_clear_message_and_change_nothing(string file, string text, string? mode, string expected)
    {
        var before = FileText("AGENT.md");
        await using var client = await ConnectAsync();

        var result = await client.CallToolAsync("identity_update", new Dictionary<string, object?> { ["file"] = file, ["text"] = text, ["mode"] = mode });

        Assert.True(result.IsError);
        Assert.Contains(expected, Text(result), StringComparison.Ordinal);
        Assert.Equal(before, FileText("AGENT.md"));
    }

    [Fact]
    public async Task A_missing_required_argument_is_named()
    {
        await using var client = await ConnectAsync();

        var result = await client.CallToolAsync("identity_update", new Dictionary<string, object?> { ["text"] = "hello" });

        Assert.True(result.IsError);
        Assert.Contains("required parameter 'file'", Text(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Oversized_text_is_refused()
    {
        await using var client = await ConnectAsync();

        var result = await client.CallToolAsync("identity_update", new Dictionary<string, object?>
        {
            ["file"] = "MEMORY.md",
            ["text"] = new string('x', 70_000),
        });

        Assert.True(result.IsError);
        Assert.Contains("at most 65,536", Text(result), StringComparison.Ordinal);
    }

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));

    public void Dispose() => _fixture.Dispose();
}
