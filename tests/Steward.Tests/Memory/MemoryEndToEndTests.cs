using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Steward.Core.Memory;
using Steward.Core.Sessions;
using Steward.Testing;
using Steward.Testing.FakeModel;
using Steward.Tests.Sessions;

namespace Steward.Tests.Memory;

/// <summary>
/// Memory with the real daemon (writing rolling summaries through the real Claude Code CLI against
/// the fake model) and two real `steward mcp` processes writing and searching at the same time.
/// </summary>
public sealed class MemoryEndToEndTests
{
    private const int EntriesPerClient = 40;

    private static async Task<McpClient> ConnectAsync(SessionDaemonFixture fixture) =>
        await McpClient.CreateAsync(new StdioClientTransport(new StdioClientTransportOptions
        {
            Name = "steward",
            Command = "dotnet",
            Arguments = [BuiltArtifacts.StewardDll, "mcp"],
            WorkingDirectory = fixture.Project,
            EnvironmentVariables = new Dictionary<string, string?> { ["STEWARD_HOME"] = fixture.Home.Root },
        }));

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));

    [Fact]
    public async Task Two_mcp_servers_and_the_daemon_write_and_search_at_once_and_summaries_roll()
    {
        await using var fixture = await SessionDaemonFixture.StartAsync(config => config["memory"] = new System.Text.Json.Nodes.JsonObject { ["summary_every"] = 10 });
        fixture.Model.RespondWith(request => request.LastUserText.Contains("rolling summary of the topic", StringComparison.Ordinal)
            ? ModelReply.Text($"PURPOSE: Track the launch checklist.\nCovered {request.LastUserText.Split("Launch item").Length - 1} new items.")
            : DirectiveResponder.Respond(request));

        await using var first = await ConnectAsync(fixture);
        await using var second = await ConnectAsync(fixture);
        var errors = new List<string>();
        async Task WorkAsync(McpClient client, string who)
        {
            for (var i = 0; i < EntriesPerClient; i++)
            {
                var remembered = await client.CallToolAsync("memory_remember", new Dictionary<string, object?>
                {
                    ["text"] = $"Launch item {who}-{i}: check the e-mail templates at 9:00",
                    ["topic"] = "launch",
                    ["kind"] = i % 5 == 0 ? "decision" : "note",
                });
                var found = await client.CallToolAsync("memory_search", new Dictionary<string, object?> { ["query"] = $"\"{who}-{i}\" e-mail 9:00" });
                lock (errors)
                {
                    if (remembered.IsError == true || found.IsError == true)
                    {
                        errors.Add(Text(remembered) + Text(found));
                    }
                    if (!Text(found).Contains($"{who}-{i}", StringComparison.Ordinal))
                    {
                        errors.Add($"search did not find {who}-{i}: {Text(found)}");
                    }
                }
            }
        }

        await Task.WhenAll(WorkAsync(first, "a"), WorkAsync(second, "b"));

        Assert.Empty(errors);
        Assert.Equal(2 * EntriesPerClient, fixture.Services.Memory.Recent("launch", 100).Count(e => e.Kind != MemoryKind.Summary));
        await Eventually.TrueAsync(() => fixture.Services.Summaries.History("launch").Count >= 1, TimeSpan.FromSeconds(90),
            () => $"the daemon wrote a rolling summary; daemon:\n{fixture.Daemon.Stderr}");
        var firstSummary = fixture.Services.Summaries.Latest("launch")!;

        // Ten more entries: the next summary is written from the previous one plus only the entries
        // no summary covered yet. How many that is depends on when the first summary ran (the two
        // clients were still writing), so the checks are about coverage, not a fixed count.
        for (var i = 0; i < 10; i++)
        {
            await first.CallToolAsync("memory_remember", new Dictionary<string, object?> { ["text"] = $"Launch item late-{i}", ["topic"] = "launch" });
        }
        await Eventually.TrueAsync(() => fixture.Services.Summaries.History("launch").Count >= 2, TimeSpan.FromSeconds(90),
            () => $"the daemon rolled the summary; daemon:\n{fixture.Daemon.Stderr}");
        var summaryRequests = fixture.Model.Requests.Where(r => r.LastUserText.Contains("rolling summary of the topic", StringComparison.Ordinal)).ToList();
        var covered = summaryRequests.Select(r => System.Text.RegularExpressions.Regex.Matches(r.LastUserText, "Launch item ([a-z]+-[0-9]+)").Select(m => m.Groups[1].Value).ToList()).ToList();
        var rolled = summaryRequests[^1];
        Assert.Contains(firstSummary.Summary, rolled.LastUserText, StringComparison.Ordinal);
        Assert.Empty(covered[0].Intersect(covered[^1]));
        var everyCovered = covered.SelectMany(c => c).ToList();
        Assert.Equal(everyCovered.Count, everyCovered.Distinct().Count());
        Assert.Contains(fixture.Services.Summaries.Latest("launch")!.Summary, covered.Skip(1).Select(c => $"Covered {c.Count} new items."));

        var summary = await first.CallToolAsync("memory_summary", new Dictionary<string, object?> { ["topic"] = "launch" });
        Assert.Contains("PURPOSE: Track the launch checklist.", Text(summary), StringComparison.Ordinal);
        var latest = fixture.Services.Summaries.Latest("launch")!;
        Assert.StartsWith("summary-", latest.SessionName, StringComparison.Ordinal);
        Assert.Equal("memory summarizer", fixture.Session(latest.SessionName!).LaunchedBy);
        Assert.Equal("haiku", fixture.Session(latest.SessionName!).Model);
        Assert.True(fixture.Services.Usage.ForSource("session", latest.SessionName!).Sum(u => u.CostUsd) > 0);
        await fixture.WaitForStatusAsync(latest.SessionName!, SessionStatus.Completed);
    }
}
