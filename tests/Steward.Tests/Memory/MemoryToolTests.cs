using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Steward.Tests.Mcp;

namespace Steward.Tests.Memory;

public sealed class MemoryToolTests : InProcessMcpTestBase, IDisposable
{
    private readonly StewardHomeFixture _fixture;

    public MemoryToolTests() : this(new StewardHomeFixture())
    {
    }

    private MemoryToolTests(StewardHomeFixture fixture) : base(fixture.Home)
    {
        _fixture = fixture;
    }

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));

    [Fact]
    public async Task Remember_search_recent_summary_and_forget()
    {
        await using var client = await ConnectAsync();

        var remembered = await client.CallToolAsync("memory_remember", new Dictionary<string, object?>
        {
            ["text"] = "Grace's e-mail is grace@example.com",
            ["topic"] = "contacts",
            ["kind"] = "fact",
            ["tags"] = new[] { "email", "Grace" },
        });
        Assert.NotEqual(true, remembered.IsError);
        var id = remembered.StructuredContent!.Value.GetProperty("id").GetInt64();

        var found = await client.CallToolAsync("memory_search", new Dictionary<string, object?> { ["query"] = "what is grace's e-mail?" });
        var hit = Assert.Single(found.StructuredContent!.Value.GetProperty("results").EnumerateArray());
        Assert.Equal(id, hit.GetProperty("id").GetInt64());
        Assert.Contains("**", hit.GetProperty("snippet").GetString(), StringComparison.Ordinal);
        Assert.Equal("contacts", hit.GetProperty("topic").GetString());
        Assert.Contains("[fact · contacts · just now", Text(found), StringComparison.Ordinal);

        var recent = await client.CallToolAsync("memory_recent", new Dictionary<string, object?> { ["topic"] = "contacts" });
        Assert.Contains("grace@example.com", Text(recent), StringComparison.Ordinal);

        var summary = await client.CallToolAsync("memory_summary", new Dictionary<string, object?> { ["topic"] = "contacts" });
        Assert.Contains("no summary yet: 1 entries", Text(summary), StringComparison.Ordinal);

        var forgotten = await client.CallToolAsync("memory_forget", new Dictionary<string, object?> { ["id"] = id });
        Assert.NotEqual(true, forgotten.IsError);
        var gone = await client.CallToolAsync("memory_search", new Dictionary<string, object?> { ["query"] = "grace" });
        Assert.Equal("Nothing in memory matches.", Text(gone));
    }

    [Theory]
    [InlineData("memory_remember", "text", "  ", "empty")]
    [InlineData("memory_remember", "kind", "gossip", "kind \"gossip\"")]
    [InlineData("memory_search", "limit", 500, "limit must be between 1 and 100")]
    [InlineData("memory_forget", "id", 987654, "no memory #987654")]
    public async Task Bad_arguments_are_explained(string tool, string argument, object value, string expected)
    {
        await using var client = await ConnectAsync();
        var arguments = new Dictionary<string, object?> { ["text"] = "something", ["query"] = "x", ["id"] = 1, [argument] = value };

        var result = await client.CallToolAsync(tool, arguments);

        Assert.True(result.IsError);
        Assert.Contains(expected, Text(result), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("\"release train")]
    [InlineData("AND OR NOT")]
    [InlineData("*")]
    [InlineData("🙂")]
    public async Task Any_query_is_an_answer_not_an_error(string query)
    {
        await using var client = await ConnectAsync();
        await client.CallToolAsync("memory_remember", new Dictionary<string, object?> { ["text"] = "The release train leaves Thursday" });

        var result = await client.CallToolAsync("memory_search", new Dictionary<string, object?> { ["query"] = query });

        Assert.NotEqual(true, result.IsError);
    }

    [Fact]
    public async Task Identity_get_with_a_prompt_returns_the_compact_context()
    {
        await using var client = await ConnectAsync();
        await client.CallToolAsync("memory_remember", new Dictionary<string, object?> { ["text"] = "The VPN config is in ops/vpn.md", ["kind"] = "fact" });

        var result = await client.CallToolAsync("identity_get", new Dictionary<string, object?> { ["prompt"] = "how do I connect to the VPN?", ["budget_tokens"] = 600 });

        var context = Text(result);
        Assert.Contains("## Who I am (AGENT.md)", context, StringComparison.Ordinal);
        Assert.Contains("ops/vpn.md", context, StringComparison.Ordinal);
        Assert.True(context.Length <= 600 * 4 * 1.1);
    }

    public void Dispose() => _fixture.Dispose();
}
