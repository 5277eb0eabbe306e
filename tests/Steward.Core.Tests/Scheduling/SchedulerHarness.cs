using Microsoft.Extensions.Logging.Abstractions;
using Steward.Core.Scheduling;
using Steward.Core.Scheduling.Jobs;
using Steward.Core.Scheduling.Quota;
using Steward.Core.Scheduling.Runs;
using Steward.Core.Storage;
using Steward.Core.Usage;
using Steward.Testing;

namespace Steward.Core.Tests.Scheduling;

/// <summary>A real home, real job files and a real store, a hand-moved clock, and a scheduler that can be "restarted".</summary>
internal sealed class SchedulerHarness : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 11, 23, 8, 0, 0, TimeSpan.Zero); // a Monday, 08:00 UTC

    private readonly TestHome _test = new();

    public SchedulerHarness(int maxParallel = 2, double? dailyBudget = null, double? weeklyBudget = null)
    {
        Clock = new ManualClock(Start);
        Database = new StewardDatabase(_test.Home.DatabasePath);
        Runs = new JobRunStore(Database);
        Ledger = new UsageLedger(Database);
        Files = new JobFiles(_test.Home, TimeZoneInfo.Utc);
        MaxParallel = maxParallel;
        DailyBudget = dailyBudget;
        WeeklyBudget = weeklyBudget;
        Scheduler = NewScheduler();
    }

    public ManualClock Clock { get; }

    public StewardDatabase Database { get; }

    public JobRunStore Runs { get; }

    public UsageLedger Ledger { get; }

    public JobFiles Files { get; }

    public RecordingJobSessions Sessions { get; } = new();

    public JobScheduler Scheduler { get; private set; }

    public Steward.Core.Homes.AgentHome Home => _test.Home;

    private int MaxParallel { get; }

    private double? DailyBudget { get; }

    private double? WeeklyBudget { get; }

    public JobScheduler NewScheduler() => new(
        new JobCatalog(_test.Home, TimeZoneInfo.Utc), Runs, new QuotaMeter(Ledger, TimeZoneInfo.Utc, DailyBudget, WeeklyBudget),
        new SchedulerPause(Database), Sessions, new SchedulerSettings(MaxParallel, TimeZoneInfo.Utc), Clock, NullLogger<JobScheduler>.Instance);

    /// <summary>A new scheduler over the same store and files: what a daemon restart looks like.</summary>
    public IReadOnlyList<JobRun> Restart()
    {
        Scheduler = NewScheduler();
        return Scheduler.Recover();
    }

    public JobDefinition AddJob(string name, string schedule, string priority = "normal", string? model = null, string catchUp = "once", int timeout = 30, bool enabled = true) =>
        Files.Create(new JobChanges(schedule, $"Do the {name} work.", null, priority, model, timeout, catchUp, null, null, null, null, enabled).Create(name));

    public Task TickAsync() => Scheduler.TickAsync(refreshCatalog: true, CancellationToken.None);

    public async Task AdvanceAsync(TimeSpan by)
    {
        Clock.Advance(by);
        await TickAsync();
    }

    public IReadOnlyList<JobRun> RunsOf(string job) => Runs.History(job, 1000).Reverse().ToList();

    /// <summary>Model spend recorded now, as a finished session turn would record it.</summary>
    public void Spend(double usd)
    {
        using var connection = Database.Open();
        UsageLedger.Append(connection, new UsageEntry(Clock.GetUtcNow(), UsageLedger.SessionSource, "earlier-work", "claude-opus", usd, 1000, 100, 0, 0, 1, 1000, "success"));
    }

    public void Dispose() => _test.Dispose();
}
