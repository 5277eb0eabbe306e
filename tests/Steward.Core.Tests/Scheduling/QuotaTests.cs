using Steward.Core.Scheduling;
using Steward.Core.Scheduling.Jobs;
using Steward.Core.Scheduling.Quota;
using Steward.Core.Scheduling.Runs;

namespace Steward.Core.Tests.Scheduling;

public sealed class QuotaTests
{
    private static readonly string[] Priorities = ["critical", "high", "normal", "low"];

    /// <summary>Spends the given share of a $10 daily budget, then lets one job of each priority come due.</summary>
    private static async Task<(SchedulerHarness Harness, Dictionary<string, RunStatus> Status)> RunAtAsync(double share)
    {
        var harness = new SchedulerHarness(maxParallel: 10, dailyBudget: 10.0);
        foreach (var priority in Priorities)
        {
            harness.AddJob($"{priority}-job", "0 9 * * *", priority: priority, model: "opus");
        }
        await harness.TickAsync();
        harness.Spend(10.0 * share);
        await harness.AdvanceAsync(TimeSpan.FromHours(1));
        return (harness, Priorities.ToDictionary(p => p, p => harness.RunsOf($"{p}-job").Single().Status));
    }

    [Theory]
    [InlineData(0.79, "critical,high,normal,low")]
    [InlineData(0.81, "critical,high")]
    [InlineData(0.96, "critical")]
    [InlineData(1.00, "")]
    public async Task The_share_of_the_budget_spent_decides_which_priorities_start(double share, string expectedStarted)
    {
        var (harness, status) = await RunAtAsync(share);
        using (harness)
        {
            var started = status.Where(s => s.Value == RunStatus.Running).Select(s => s.Key).ToList();
            Assert.Equal(expectedStarted.Split(',', StringSplitOptions.RemoveEmptyEntries), started);
            foreach (var skipped in harness.Runs.History(null, 100).Where(r => r.Status == RunStatus.Skipped))
            {
                Assert.StartsWith("quota:", skipped.SkipReason, StringComparison.Ordinal);
            }
            Assert.Equal(4 - started.Count, harness.Runs.History(null, 100).Count(r => r.Status == RunStatus.Skipped));
            // Scheduled runs keep the model they asked for; only normal and low runs are downgraded, and those do not start above 80%.
            Assert.All(harness.Sessions.Started, s => Assert.Equal("opus", s.Model));
        }
    }

    [Theory]
    [InlineData(0.79, "opus")]
    [InlineData(0.81, "sonnet")]
    [InlineData(0.96, "sonnet")]
    public async Task Above_80_percent_a_normal_run_asking_for_opus_runs_on_sonnet(double share, string expectedModel)
    {
        using var harness = new SchedulerHarness(maxParallel: 10, dailyBudget: 10.0);
        harness.AddJob("digest", "0 9 * * *", priority: "normal", model: "opus");
        harness.Spend(10.0 * share);

        new JobRequests(harness.Files, harness.Runs, harness.Home, TimeZoneInfo.Utc, harness.Clock).RunNow("digest");
        await harness.TickAsync();

        var run = Assert.Single(harness.RunsOf("digest"));
        Assert.Equal(RunStatus.Running, run.Status);
        Assert.Equal(expectedModel, run.Model);
        Assert.Equal(expectedModel, Assert.Single(harness.Sessions.Started).Model);
    }

    [Fact]
    public async Task At_100_percent_not_even_a_manual_run_starts()
    {
        using var harness = new SchedulerHarness(maxParallel: 10, dailyBudget: 10.0);
        harness.AddJob("digest", "0 9 * * *", priority: "critical");
        harness.Spend(10.0);

        new JobRequests(harness.Files, harness.Runs, harness.Home, TimeZoneInfo.Utc, harness.Clock).RunNow("digest");
        await harness.TickAsync();

        Assert.Equal(RunStatus.Skipped, Assert.Single(harness.RunsOf("digest")).Status);
        Assert.Empty(harness.Sessions.Started);
    }

    [Fact]
    public async Task The_weekly_budget_counts_too_and_the_tighter_one_decides()
    {
        using var harness = new SchedulerHarness(maxParallel: 10, dailyBudget: 100.0, weeklyBudget: 10.0);
        harness.AddJob("normal-job", "0 9 * * *");
        await harness.TickAsync();
        harness.Spend(8.5);

        await harness.AdvanceAsync(TimeSpan.FromHours(1));

        Assert.Equal(RunStatus.Skipped, Assert.Single(harness.RunsOf("normal-job")).Status);
        var status = new QuotaMeter(harness.Ledger, TimeZoneInfo.Utc, 100.0, 10.0).Measure(harness.Clock.GetUtcNow());
        Assert.Equal(0.85, status.Pressure, 6);
    }

    [Fact]
    public void Days_and_weeks_start_at_local_midnight_and_monday_in_the_homes_zone()
    {
        using var harness = new SchedulerHarness();
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        var meter = new QuotaMeter(harness.Ledger, berlin, 10, 50);

        var status = meter.Measure(new DateTimeOffset(2026, 11, 26, 23, 30, 0, TimeSpan.Zero)); // Friday 00:30 in Berlin

        Assert.Equal(new DateTimeOffset(2026, 11, 26, 23, 0, 0, TimeSpan.Zero), status.DayStart);
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 23, 0, 0, TimeSpan.Zero), status.WeekStart);
    }

    [Fact]
    public void Without_budgets_there_is_no_pressure()
    {
        using var harness = new SchedulerHarness();
        harness.Spend(1000);

        Assert.Equal(0, new QuotaMeter(harness.Ledger, TimeZoneInfo.Utc, null, null).Measure(harness.Clock.GetUtcNow()).Pressure);
    }

    [Theory]
    [InlineData(JobPriority.High, "opus", 0.85, true, "opus")]
    [InlineData(JobPriority.Low, "claude-opus-4-1", 0.85, false, "claude-opus-4-1")]
    [InlineData(JobPriority.Low, "haiku", 0.5, true, "haiku")]
    [InlineData(JobPriority.Critical, "opus", 0.99, true, "opus")]
    public void The_policy_table(JobPriority priority, string model, double pressure, bool allowed, string expectedModel)
    {
        var decision = QuotaPolicy.Decide(priority, model, pressure, manual: false);

        Assert.Equal(allowed, decision.Allowed);
        Assert.Equal(expectedModel, decision.Model);
    }
}
