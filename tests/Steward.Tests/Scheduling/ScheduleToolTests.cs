using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using Steward.Tests.Mcp;

namespace Steward.Tests.Scheduling;

/// <summary>The schedule_* MCP tools in process, over the SDK's client: files written, runs queued, errors explained.</summary>
public sealed class ScheduleToolTests : InProcessMcpTestBase, IDisposable
{
    private readonly StewardHomeFixture _fixture;

    public ScheduleToolTests() : this(new StewardHomeFixture())
    {
    }

    private ScheduleToolTests(StewardHomeFixture fixture) : base(fixture.Home)
    {
        _fixture = fixture;
    }

    private string JobPath(string name) => Path.Combine(_fixture.Home.JobsDirectory, name + ".md");

    private static string Text(CallToolResult result) => string.Concat(result.Content.OfType<TextContentBlock>().Select(b => b.Text));

    [Fact]
    public async Task Create_list_update_run_now_history_and_delete()
    {
        await using var client = await ConnectAsync();

        var created = await client.CallToolAsync("schedule_create", new Dictionary<string, object?>
        {
            ["name"] = "standup",
            ["schedule"] = "0 9 * * 1-5",
            ["prompt"] = "Summarise what changed since yesterday.",
            ["timezone"] = "Europe/Berlin",
            ["priority"] = "high",
            ["allowed_tools"] = new[] { "Read", "Grep" },
        });
        Assert.NotEqual(true, created.IsError);
        var file = File.ReadAllText(JobPath("standup"));
        Assert.Contains("schedule: \"0 9 * * 1-5\"", file, StringComparison.Ordinal);
        Assert.Contains("allowed_tools: [\"Read\", \"Grep\"]", file, StringComparison.Ordinal);
        Assert.EndsWith("---\nSummarise what changed since yesterday.\n", file, StringComparison.Ordinal);

        var list = await client.CallToolAsync("schedule_list");
        var job = Assert.Single(list.StructuredContent!.Value.GetProperty("jobs").EnumerateArray());
        Assert.Equal("Europe/Berlin", job.GetProperty("timezone").GetString());
        Assert.Matches(@"T09:00:00\+0[12]:00$", job.GetProperty("next_run_local").GetString()!);
        Assert.Matches(@"T0[78]:00:00Z$", job.GetProperty("next_run_utc").GetString()!);

        var updated = await client.CallToolAsync("schedule_update", new Dictionary<string, object?> { ["name"] = "standup", ["enabled"] = false, ["model"] = "haiku" });
        Assert.NotEqual(true, updated.IsError);
        Assert.Contains("enabled: false", File.ReadAllText(JobPath("standup")), StringComparison.Ordinal);
        Assert.Contains("model: \"haiku\"", File.ReadAllText(JobPath("standup")), StringComparison.Ordinal);

        var run = await client.CallToolAsync("schedule_run_now", new Dictionary<string, object?> { ["name"] = "standup" });
        Assert.Contains("daemon is not running", Text(run), StringComparison.Ordinal);
        var history = await client.CallToolAsync("schedule_history", new Dictionary<string, object?> { ["name"] = "standup" });
        var row = Assert.Single(history.StructuredContent!.Value.GetProperty("runs").EnumerateArray());
        Assert.Equal("queued", row.GetProperty("status").GetString());
        Assert.Equal("manual", row.GetProperty("trigger").GetString());

        var deleted = await client.CallToolAsync("schedule_delete", new Dictionary<string, object?> { ["name"] = "standup" });
        Assert.NotEqual(true, deleted.IsError);
        Assert.False(File.Exists(JobPath("standup")));
        var kept = await client.CallToolAsync("schedule_history", new Dictionary<string, object?> { ["name"] = "standup" });
        Assert.Single(kept.StructuredContent!.Value.GetProperty("runs").EnumerateArray());
    }

    [Theory]
    [InlineData("nightly", "0 0 30 2 *", "never occurs in February")]
    [InlineData("nightly", "0 25 * * *", "hour")]
    [InlineData("nightly", "every day", "expected 5 fields")]
    [InlineData("Nightly", "@daily", "not a job name")]
    public async Task A_bad_job_is_refused_and_no_file_is_written(string name, string schedule, string expected)
    {
        await using var client = await ConnectAsync();

        var result = await client.CallToolAsync("schedule_create", new Dictionary<string, object?> { ["name"] = name, ["schedule"] = schedule, ["prompt"] = "x" });

        Assert.True(result.IsError);
        Assert.Contains(expected, Text(result), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(_fixture.Home.JobsDirectory));
    }

    [Fact]
    public async Task A_duplicate_a_bad_update_and_unknown_jobs_are_explained()
    {
        await using var client = await ConnectAsync();
        await client.CallToolAsync("schedule_create", new Dictionary<string, object?> { ["name"] = "once", ["schedule"] = "@daily", ["prompt"] = "x" });
        var before = File.ReadAllText(JobPath("once"));

        var duplicate = await client.CallToolAsync("schedule_create", new Dictionary<string, object?> { ["name"] = "once", ["schedule"] = "@hourly", ["prompt"] = "y" });
        var badUpdate = await client.CallToolAsync("schedule_update", new Dictionary<string, object?> { ["name"] = "once", ["priority"] = "urgent" });
        var unknown = await client.CallToolAsync("schedule_run_now", new Dictionary<string, object?> { ["name"] = "ghost" });

        Assert.Contains("already exists", Text(duplicate), StringComparison.Ordinal);
        Assert.Contains("priority \"urgent\"", Text(badUpdate), StringComparison.Ordinal);
        Assert.Contains("no job named 'ghost'", Text(unknown), StringComparison.Ordinal);
        Assert.All([duplicate, badUpdate, unknown], r => Assert.True(r.IsError));
        Assert.Equal(before, File.ReadAllText(JobPath("once")));
    }

    [Fact]
    public async Task A_hand_broken_job_file_shows_up_in_the_list_with_its_problem()
    {
        File.WriteAllText(JobPath("broken"), "---\nschedule: \"0 0 31 4 *\"\n---\nhello\n");
        await using var client = await ConnectAsync();

        var list = await client.CallToolAsync("schedule_list");

        Assert.NotEqual(true, list.IsError);
        Assert.Contains("broken: INVALID", Text(list), StringComparison.Ordinal);
        var job = Assert.Single(list.StructuredContent!.Value.GetProperty("jobs").EnumerateArray());
        Assert.False(job.GetProperty("valid").GetBoolean());
    }

    public void Dispose() => _fixture.Dispose();
}
