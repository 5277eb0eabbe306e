using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Steward.Core.Threadline;

namespace Steward.Tests.Mcp;

/// <summary>The threadline_* tools through the MCP SDK: listed, answering, and refusing bad input with isError.</summary>
public sealed class ThreadlineToolTests : InProcessMcpTestBase, IDisposable
{
    private readonly StewardHomeFixture _fixture;

    public ThreadlineToolTests() : this(new StewardHomeFixture())
    {
    }

    private ThreadlineToolTests(StewardHomeFixture fixture) : base(fixture.Home)
    {
        _fixture = fixture;
    }

    public void Dispose() => _fixture.Dispose();

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));

    [Fact]
    public async Task The_tools_are_listed_and_answer_with_the_agents_identity()
    {
        await using var client = await ConnectAsync();

        var tools = (await client.ListToolsAsync()).Select(t => t.Name).ToList();
        var identity = await client.CallToolAsync("threadline_identity");
        var contacts = await client.CallToolAsync("threadline_contacts");
        var inbox = await client.CallToolAsync("threadline_inbox");

        foreach (var name in new[] { "threadline_identity", "threadline_add_contact", "threadline_contacts", "threadline_trust", "threadline_send", "threadline_inbox", "threadline_history", "threadline_discover" })
        {
            Assert.Contains(name, tools);
        }
        using var key = ThreadlineKeyFile.Load(_fixture.Home);
        Assert.Contains(key.Fingerprint, Text(identity), StringComparison.Ordinal);
        Assert.Contains("relay the relay is off", Text(identity), StringComparison.Ordinal);
        Assert.Contains("No contacts yet", Text(contacts), StringComparison.Ordinal);
        Assert.Equal("No messages.", Text(inbox));
    }

    [Theory]
    [InlineData("threadline_trust", "{\"agent\": \"nobody\", \"level\": \"verified\", \"confirm\": true}", "No Threadline contact")]
    [InlineData("threadline_trust", "{\"agent\": \"nobody\", \"level\": \"god\"}", "not a trust level")]
    [InlineData("threadline_trust", "{\"agent\": \"nobody\"}", "Give a level, instar_compat, or both")]
    [InlineData("threadline_send", "{\"to\": \"nobody\", \"text\": \"hi\"}", "No Threadline contact")]
    [InlineData("threadline_history", "{}", "thread_id or an agent")]
    [InlineData("threadline_add_contact", "{\"url\": \"ftp://example.com\"}", "not an http(s) URL")]
    [InlineData("threadline_add_contact", "{\"url\": \"http://127.0.0.1:9\"}", "Cannot reach")]
    [InlineData("threadline_add_contact", "{}", "Give either url (direct HTTP) or agent_id")]
    [InlineData("threadline_add_contact", "{\"agent_id\": \"bob\"}", "not an agent id")]
    [InlineData("threadline_add_contact", "{\"agent_id\": \"0123456789abcdef0123456789abcdef\"}", "the daemon")]
    [InlineData("threadline_discover", "{}", "the daemon")]
    public async Task Bad_requests_are_errors_that_say_why(string tool, string arguments, string expected)
    {
        await using var client = await ConnectAsync();
        var parsed = System.Text.Json.JsonSerializer.Deserialize<Dictionary<string, object?>>(arguments)!;

        var result = await client.CallToolAsync(tool, parsed);

        Assert.True(result.IsError);
        Assert.Contains(expected, Text(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sending_says_whether_it_was_delivered_sealed_or_plain_or_is_queued_for_the_daemon()
    {
        await using var client = await ConnectAsync();
        var instar = await Threadline.FakeInstarAgent.StartAsync();
        var name = Threadline.FakeInstarAgent.Name;
        try
        {
            var added = await client.CallToolAsync("threadline_add_contact", new Dictionary<string, object?> { ["url"] = instar.BaseUrl });
            Assert.True(added.IsError != true, Text(added));

            var unconfirmed = await client.CallToolAsync("threadline_trust", new Dictionary<string, object?> { ["agent"] = name, ["instar_compat"] = true });
            Assert.True(unconfirmed.IsError);
            Assert.Contains("not end-to-end sealed", Text(unconfirmed), StringComparison.Ordinal);
            var refused = await client.CallToolAsync("threadline_send", new Dictionary<string, object?> { ["to"] = name, ["text"] = "sealed hello" });
            Assert.True(refused.IsError);
            Assert.Contains("Missing required field: message", Text(refused), StringComparison.Ordinal);

            var marked = await client.CallToolAsync("threadline_trust", new Dictionary<string, object?> { ["agent"] = name, ["instar_compat"] = true, ["confirm"] = true });
            Assert.True(marked.IsError != true, Text(marked));
            var plain = await client.CallToolAsync("threadline_send", new Dictionary<string, object?> { ["to"] = name, ["text"] = "plain hello", ["thread_id"] = "t-plain" });
            Assert.True(plain.IsError != true, Text(plain));
            Assert.Contains("NOT end-to-end sealed", Text(plain), StringComparison.Ordinal);
            Assert.Equal(("delivered", false), (plain.StructuredContent!.Value.GetProperty("status").GetString(), plain.StructuredContent.Value.GetProperty("sealed").GetBoolean()));
            Assert.Equal("plain hello", Assert.Single(instar.Received)["body"]!.GetValue<string>());
        }
        finally
        {
            await instar.DisposeAsync();
        }

        // The agent is gone: the message is kept for the daemon to retry, and the tool says so.
        var queued = await client.CallToolAsync("threadline_send", new Dictionary<string, object?> { ["to"] = name, ["text"] = "are you back?" });
        Assert.True(queued.IsError != true, Text(queued));
        Assert.StartsWith($"Queued for \"{name}\"", Text(queued), StringComparison.Ordinal);
        Assert.Equal("queued", queued.StructuredContent!.Value.GetProperty("status").GetString());
        var history = await client.CallToolAsync("threadline_history", new Dictionary<string, object?> { ["agent"] = name });
        Assert.Contains("(queued, 1 tries so far", Text(history), StringComparison.Ordinal);
        Assert.Contains("(failed: 400 TL_INVALID_PAYLOAD", Text(history), StringComparison.Ordinal);
    }
}
