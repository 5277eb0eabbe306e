using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Steward.Testing;

namespace Steward.Tests.Mcp;

/// <summary>The built `steward mcp` executable, driven by the SDK's client over real stdio.</summary>
public sealed class StdioMcpServerTests : IDisposable
{
    private readonly StewardHomeFixture _fixture = new();

    private async Task<McpClient> StartAsync() =>
        await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "steward",
            Command = "dotnet",
            Arguments = [BuiltArtifacts.StewardDll, "mcp"],
            WorkingDirectory = _fixture.WorkingDirectory,
            EnvironmentVariables = new Dictionary<string, string?>
            {
                ["HOME"] = _fixture.UserHome,
                ["STEWARD_HOME"] = _fixture.Home.Root,
            },
        }));

    [Fact]
    public async Task Initialize_list_call_and_a_bad_argument_over_real_stdio()
    {
        await using var client = await StartAsync();

        Assert.Equal("steward", client.ServerInfo!.Name);
        Assert.False(string.IsNullOrWhiteSpace(client.ServerInstructions));

        var tools = await client.ListToolsAsync();
        Assert.Contains(tools, t => t.Name == "identity_get");
        Assert.Contains(tools, t => t.Name == "identity_update");

        var identity = await client.CallToolAsync("identity_get");
        Assert.NotEqual(true, identity.IsError);
        Assert.Contains("# Ada", Text(identity), StringComparison.Ordinal);

        var update = await client.CallToolAsync("identity_update", new Dictionary<string, object?>
        {
            ["file"] = "MEMORY.md",
            ["text"] = "- learned over stdio",
        });
        Assert.NotEqual(true, update.IsError);
        Assert.EndsWith("- learned over stdio\n", File.ReadAllText(Path.Combine(_fixture.Home.Root, "MEMORY.md")), StringComparison.Ordinal);

        var bad = await client.CallToolAsync("identity_update", new Dictionary<string, object?>
        {
            ["file"] = "passwords.txt",
            ["text"] = "x",
        });
        Assert.True(bad.IsError);
        Assert.Contains("Unknown identity file", Text(bad), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_server_logs_to_the_home_not_to_stdout()
    {
        await using (var client = await StartAsync())
        {
            await client.CallToolAsync("identity_get");
        }

        // Any stray stdout would have broken the protocol above; the log file proves logging went elsewhere.
        var logs = Directory.GetFiles(_fixture.Home.LogsDirectory, "mcp-*.log");
        Assert.NotEmpty(logs);
    }

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));

    public void Dispose() => _fixture.Dispose();
}
