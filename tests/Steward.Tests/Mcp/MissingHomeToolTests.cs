using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Steward.Tests.Mcp;

/// <summary>Without an agent home the server still starts, and its tools say what to do.</summary>
public sealed class MissingHomeToolTests : InProcessMcpTestBase, IDisposable
{
    private readonly StewardHomeFixture _fixture;

    public MissingHomeToolTests() : this(new StewardHomeFixture(initialize: false))
    {
    }

    private MissingHomeToolTests(StewardHomeFixture fixture) : base(fixture.Home)
    {
        _fixture = fixture;
    }

    [Fact]
    public async Task Tools_report_the_missing_home_as_isError()
    {
        await using var client = await ConnectAsync();

        var result = await client.CallToolAsync("identity_get");

        Assert.True(result.IsError);
        Assert.Contains("steward init", ((TextContentBlock)result.Content[0]).Text, StringComparison.Ordinal);
        Assert.False(Directory.Exists(_fixture.Home.Root));
    }

    public void Dispose() => _fixture.Dispose();
}
