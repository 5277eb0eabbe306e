using Steward.Core.Scheduling.Jobs;
using Steward.Core.Scheduling.Runs;
using Steward.Core.Sessions;
using Steward.Testing;
using Steward.Tests.Sessions;

namespace Steward.Tests.Scheduling;

/// <summary>Jobs through the real daemon, whose runs are real Claude Code sessions against the fake model.</summary>
public sealed class SchedulerEndToEndTests
{
    private static List<JobRun> Runs(SessionDaemonFixture fixture, string job) => fixture.Services.Runs.History(job, 100).Reverse().ToList();

    [Fact]
    public async Task A_job_run_by_hand_runs_a_session_and_records_its_result_cost_and_tokens()
    {
        await using var fixture = await SessionDaemonFixture.StartAsync();
        fixture.Services.Jobs.Create("greeter", new JobChanges("0 3 * * *", "REPLY good morning", Model: "haiku", Description: "Says hello"));

        var queued = fixture.Services.Jobs.RunNow("greeter");
        await Eventually.TrueAsync(() => fixture.Services.Runs.Get(queued.Id)!.Status == RunStatus.Succeeded, TimeSpan.FromSeconds(60),
            () => $"the run succeeded (it is {fixture.Services.Runs.Get(queued.Id)!.Status}: {fixture.Services.Runs.Get(queued.Id)!.Error}; daemon:\n{fixture.Daemon.Stderr})");

        var run = fixture.Services.Runs.Get(queued.Id)!;
        Assert.Equal("good morning", run.ResultText);
        Assert.Equal("success", run.ResultSubtype);
        Assert.True(run.CostUsd > 0);
        Assert.True(run.InputTokens > 0);
        Assert.Equal("haiku", run.Model);
        Assert.Equal($"job-{run.Id}-greeter", run.SessionName);
        var session = fixture.Session(run.SessionName!);
        Assert.Equal("job:greeter", session.LaunchedBy);
        await fixture.WaitForStatusAsync(run.SessionName!, SessionStatus.Completed);
        Assert.Contains(fixture.Model.Requests, r => r.Model == "haiku" || r.Model!.Contains("haiku", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Kill_9_during_a_run_interrupts_it_the_slot_is_not_repeated_and_the_next_slot_fires()
    {
        await using var fixture = await SessionDaemonFixture.StartAsync();
        fixture.Services.Jobs.Create("ticker", new JobChanges("@every 5s", "DELAY 120000\nREPLY too late", Timeout: 30));

        await Eventually.TrueAsync(() => Runs(fixture, "ticker").Any(r => r.Status == RunStatus.Running), TimeSpan.FromSeconds(30), "a slot fired");
        var first = Runs(fixture, "ticker").Single(r => r.Status == RunStatus.Running);
        await fixture.WaitForStatusAsync(first.SessionName!, SessionStatus.Running);

        await fixture.CrashDaemonAsync();
        await fixture.StartDaemonAsync();

        await Eventually.TrueAsync(() => Runs(fixture, "ticker").Any(r => r.Id != first.Id && r.Status == RunStatus.Running), TimeSpan.FromSeconds(30), "the next slot fired");
        var runs = Runs(fixture, "ticker");
        var interrupted = runs.Single(r => r.Id == first.Id);
        Assert.Equal(RunStatus.Interrupted, interrupted.Status);
        Assert.Single(runs, r => r.Slot == first.Slot);
        var next = runs.First(r => r.Id != first.Id && r.Status == RunStatus.Running);
        Assert.True(next.DueAt > first.DueAt);
        Assert.Equal(SessionStatus.Interrupted, fixture.Session(first.SessionName!).Status);
    }

    [Fact]
    public async Task A_run_past_its_timeout_is_stopped_with_its_process()
    {
        await using var fixture = await SessionDaemonFixture.StartAsync();
        fixture.Services.Jobs.Create("sleeper", new JobChanges("0 3 * * *", "DELAY 600000\nREPLY never", Timeout: 1));
        var queued = fixture.Services.Jobs.RunNow("sleeper");
        await Eventually.TrueAsync(() => fixture.Services.Runs.Get(queued.Id)!.Status == RunStatus.Running, TimeSpan.FromSeconds(30), "the run started");
        var sessionName = fixture.Services.Runs.Get(queued.Id)!.SessionName!;
        await fixture.WaitForStatusAsync(sessionName, SessionStatus.Running);
        var session = fixture.Session(sessionName);

        await Eventually.TrueAsync(() => fixture.Services.Runs.Get(queued.Id)!.Status == RunStatus.TimedOut, TimeSpan.FromSeconds(90), "the run timed out");

        Assert.Equal(SessionStatus.Killed, fixture.Session(sessionName).Status);
        Assert.False(ProcessGroup.IsSameProcess(session.Pid!.Value, session.ProcessStartTicks));
        Assert.Contains("timeout", fixture.Services.Runs.Get(queued.Id)!.Error, StringComparison.Ordinal);
    }
}
