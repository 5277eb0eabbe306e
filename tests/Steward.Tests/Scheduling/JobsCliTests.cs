using System.Text.Json;
using System.Text.Json.Nodes;

namespace Steward.Tests.Scheduling;

public sealed class JobsCliTests : IDisposable
{
    private readonly StewardHomeFixture _fixture = new();

    [Fact]
    public async Task Add_list_edit_run_history_and_rm_from_the_command_line()
    {
        using var add = await _fixture.RunAsync("jobs", "add", "backup", "--schedule", "@every 6h", "--prompt", "Back up the notes.", "--priority", "low", "--allowed-tool", "Read", "--allowed-tool", "Bash(git status:*)");
        Assert.True(add.ExitCode == 0, add.Stderr);

        using var list = await _fixture.RunAsync("jobs", "list", "--json");
        var job = Assert.Single(JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray());
        Assert.Equal("@every 6h", job.GetProperty("schedule").GetString());
        Assert.Equal("low", job.GetProperty("priority").GetString());

        using var edit = await _fixture.RunAsync("jobs", "edit", "backup", "--schedule", "0 2 * * *", "--enabled", "false");
        Assert.True(edit.ExitCode == 0, edit.Stderr);
        using var human = await _fixture.RunAsync("jobs", "list");
        Assert.Contains("backup: \"0 2 * * *\" low, disabled", human.Stdout, StringComparison.Ordinal);

        using var badEdit = await _fixture.RunAsync("jobs", "edit", "backup", "--schedule", "61 * * * *");
        Assert.Equal(1, badEdit.ExitCode);
        Assert.Contains("minute", badEdit.Stderr, StringComparison.Ordinal);

        using var run = await _fixture.RunAsync("jobs", "run", "backup");
        Assert.Contains("Queued run", run.Stdout, StringComparison.Ordinal);
        using var history = await _fixture.RunAsync("jobs", "history", "backup", "--json");
        Assert.Equal("queued", Assert.Single(JsonDocument.Parse(history.Stdout).RootElement.EnumerateArray()).GetProperty("status").GetString());

        File.WriteAllText(Path.Combine(_fixture.Home.JobsDirectory, "typo.md"), "---\nshedule: \"@daily\"\n---\nx\n");
        using var status = await _fixture.RunAsync("status");
        Assert.Matches(@"Jobs\s+1 \(0 enabled\), 1 invalid", status.Stdout);
        Assert.Contains("invalid job typo: unknown field \"shedule\"", status.Stdout, StringComparison.Ordinal);
        File.Delete(Path.Combine(_fixture.Home.JobsDirectory, "typo.md"));

        using var remove = await _fixture.RunAsync("jobs", "rm", "backup");
        Assert.Equal(0, remove.ExitCode);
        using var empty = await _fixture.RunAsync("jobs", "list");
        Assert.Contains("No jobs.", empty.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Quota_shows_spend_against_the_budgets()
    {
        var config = JsonNode.Parse(File.ReadAllText(_fixture.Home.ConfigPath))!;
        config["quota"] = new JsonObject { ["daily_usd"] = 2.0, ["weekly_usd"] = 10.0 };
        File.WriteAllText(_fixture.Home.ConfigPath, config.ToJsonString());
        using (var connection = new Steward.Core.Storage.StewardDatabase(_fixture.Home.DatabasePath).Open())
        {
            Steward.Core.Usage.UsageLedger.Append(connection, new Steward.Core.Usage.UsageEntry(DateTimeOffset.UtcNow, "session", "x", "opus", 1.7, 1, 1, 0, 0, 1, 1, "success"));
        }

        using var quota = await _fixture.RunAsync("quota");
        using var json = await _fixture.RunAsync("quota", "--json");

        Assert.Contains("Today: $1.70 of $2.00 (85%)", quota.Stdout, StringComparison.Ordinal);
        Assert.Contains("only critical and high jobs start", quota.Stdout, StringComparison.Ordinal);
        Assert.Equal(0.85, JsonDocument.Parse(json.Stdout).RootElement.GetProperty("pressure").GetDouble(), 6);
    }

    public void Dispose() => _fixture.Dispose();
}
