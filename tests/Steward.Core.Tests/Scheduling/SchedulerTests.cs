using Steward.Core.Scheduling;
using Steward.Core.Scheduling.Runs;
using Steward.Core.Sessions;

namespace Steward.Core.Tests.Scheduling;

public sealed class SchedulerTests : IDisposable
{
    private readonly SchedulerHarness _h = new();

    [Fact]
    public async Task A_due_slot_is_claimed_once_and_started_and_a_restart_never_claims_it_again()
    {
        _h.AddJob("report", "0 9 * * *");
        await _h.TickAsync();
        Assert.Empty(_h.RunsOf("report"));

        await _h.AdvanceAsync(TimeSpan.FromHours(1));   // 09:00
        await _h.TickAsync();
        _h.Restart();
        await _h.TickAsync();

        // The restart interrupted the run it found running; it never claimed the slot a second time.
        var run = Assert.Single(_h.RunsOf("report"));
        Assert.Equal(RunTrigger.Schedule, run.Trigger);
        Assert.Equal(RunStatus.Interrupted, run.Status);
        Assert.Equal(SchedulerHarness.Start.AddHours(1), run.DueAt);
        Assert.Single(_h.Sessions.Started);
        Assert.Equal($"job-{run.Id}-report", run.SessionName);
        Assert.Equal("job:report", _h.Sessions.Started[0].LaunchedBy);
        Assert.Equal("Do the report work.", _h.Sessions.Started[0].Prompt);
    }

    [Fact]
    public async Task A_crash_interrupts_the_running_run_and_the_next_slot_still_fires()
    {
        _h.AddJob("hourly", "0 * * * *");
        await _h.TickAsync();
        await _h.AdvanceAsync(TimeSpan.FromHours(1));   // 09:00 claimed and started

        var interrupted = _h.Restart();                 // the daemon died
        await _h.TickAsync();
        await _h.AdvanceAsync(TimeSpan.FromHours(1));   // 10:00

        Assert.Single(interrupted);
        var runs = _h.RunsOf("hourly");
        Assert.Equal([RunStatus.Interrupted, RunStatus.Running], runs.Select(r => r.Status));
        Assert.Equal([SchedulerHarness.Start.AddHours(1), SchedulerHarness.Start.AddHours(2)], runs.Select(r => r.DueAt));
    }

    [Fact]
    public async Task Slots_missed_while_down_run_once_coalesced_with_catch_up_once()
    {
        _h.AddJob("sync", "*/15 * * * *");
        await _h.TickAsync();

        _h.Restart();
        await _h.AdvanceAsync(TimeSpan.FromMinutes(50)); // 08:15, 08:30, 08:45 missed

        var run = Assert.Single(_h.RunsOf("sync"));
        Assert.Equal(RunTrigger.CatchUp, run.Trigger);
        Assert.Equal(SchedulerHarness.Start.AddMinutes(45), run.DueAt);
        Assert.Equal(RunStatus.Running, run.Status);
    }

    [Fact]
    public async Task Slots_missed_while_down_are_recorded_as_skipped_with_catch_up_skip()
    {
        _h.AddJob("sync", "*/15 * * * *", catchUp: "skip");
        await _h.TickAsync();

        await _h.AdvanceAsync(TimeSpan.FromMinutes(50));
        await _h.AdvanceAsync(TimeSpan.FromMinutes(10)); // 09:00 is on time again

        var runs = _h.RunsOf("sync");
        Assert.Equal(RunStatus.Skipped, runs[0].Status);
        Assert.Contains("missed 3 slot(s)", runs[0].SkipReason, StringComparison.Ordinal);
        Assert.Equal(RunStatus.Running, runs[1].Status);
        Assert.Equal(RunTrigger.Schedule, runs[1].Trigger);
        Assert.Single(_h.Sessions.Started);
    }

    [Fact]
    public async Task A_new_job_never_catches_up_slots_from_before_it_existed()
    {
        _h.Clock.Advance(TimeSpan.FromHours(5));
        _h.AddJob("fresh", "0 * * * *");

        await _h.TickAsync();

        Assert.Empty(_h.RunsOf("fresh"));
    }

    [Fact]
    public async Task Time_spent_disabled_is_not_caught_up_when_the_job_is_enabled_again()
    {
        _h.AddJob("paused", "0 * * * *", enabled: false);
        await _h.TickAsync();
        await _h.AdvanceAsync(TimeSpan.FromHours(3));

        _h.Files.Update("paused", j => j with { Enabled = true });
        await _h.AdvanceAsync(TimeSpan.FromMinutes(10));
        Assert.Empty(_h.RunsOf("paused"));

        await _h.AdvanceAsync(TimeSpan.FromMinutes(50)); // 12:00
        Assert.Equal(RunTrigger.Schedule, Assert.Single(_h.RunsOf("paused")).Trigger);
    }

    [Fact]
    public async Task At_most_max_parallel_runs_and_the_queue_goes_by_priority_then_due_time()
    {
        _h.AddJob("low-one", "0 9 * * *", priority: "low");
        _h.AddJob("normal-one", "0 9 * * *", priority: "normal");
        _h.AddJob("critical-one", "5 9 * * *", priority: "critical");
        await _h.TickAsync();

        await _h.AdvanceAsync(TimeSpan.FromMinutes(65)); // 09:05: all three due
        Assert.Equal(["critical-one", "normal-one"], _h.Sessions.Started.Select(s => s.LaunchedBy[4..]));
        Assert.Equal(RunStatus.Queued, Assert.Single(_h.RunsOf("low-one")).Status);

        _h.Sessions.Answer(_h.RunsOf("critical-one")[0].SessionName!);
        await _h.AdvanceAsync(TimeSpan.FromSeconds(1));

        Assert.Equal(RunStatus.Running, _h.RunsOf("low-one")[0].Status);
        Assert.Equal(RunStatus.Succeeded, _h.RunsOf("critical-one")[0].Status);
    }

    [Fact]
    public async Task One_live_run_per_job_a_due_slot_waits_and_a_third_is_skipped()
    {
        _h.AddJob("slow", "*/10 * * * *", timeout: 120);
        await _h.TickAsync();

        await _h.AdvanceAsync(TimeSpan.FromMinutes(10)); // 08:10 running
        await _h.AdvanceAsync(TimeSpan.FromMinutes(10)); // 08:20 waits
        await _h.AdvanceAsync(TimeSpan.FromMinutes(10)); // 08:30 skipped

        var runs = _h.RunsOf("slow");
        Assert.Equal([RunStatus.Running, RunStatus.Queued, RunStatus.Skipped], runs.Select(r => r.Status));
        Assert.Contains("still waiting", runs[2].SkipReason, StringComparison.Ordinal);
        Assert.Single(_h.Sessions.Started);

        _h.Sessions.Answer(runs[0].SessionName!);
        await _h.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(RunStatus.Running, _h.RunsOf("slow")[1].Status);
    }

    [Fact]
    public async Task A_result_finishes_the_run_with_its_cost_and_releases_the_session()
    {
        _h.AddJob("report", "0 9 * * *");
        await _h.TickAsync();
        await _h.AdvanceAsync(TimeSpan.FromHours(1));
        var session = _h.RunsOf("report")[0].SessionName!;

        _h.Sessions.Answer(session, text: "All green.", cost: 0.42);
        await _h.AdvanceAsync(TimeSpan.FromMinutes(3));

        var run = _h.RunsOf("report")[0];
        Assert.Equal(RunStatus.Succeeded, run.Status);
        Assert.Equal("All green.", run.ResultText);
        Assert.Equal(0.42, run.CostUsd);
        Assert.Equal(TimeSpan.FromMinutes(3), run.Duration);
        Assert.Equal([session], _h.Sessions.Released);
    }

    [Theory]
    [InlineData("error_max_turns", false)]
    [InlineData("success", true)]
    public async Task A_result_that_is_an_error_fails_the_run(string subtype, bool isError)
    {
        _h.AddJob("report", "0 9 * * *");
        await _h.TickAsync();
        await _h.AdvanceAsync(TimeSpan.FromHours(1));

        _h.Sessions.Answer(_h.RunsOf("report")[0].SessionName!, subtype, "could not finish", isError: isError);
        await _h.AdvanceAsync(TimeSpan.FromSeconds(1));

        var run = _h.RunsOf("report")[0];
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains(subtype, run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_session_that_dies_fails_the_run_with_its_error()
    {
        _h.AddJob("report", "0 9 * * *");
        await _h.TickAsync();
        await _h.AdvanceAsync(TimeSpan.FromHours(1));

        _h.Sessions.Fail(_h.RunsOf("report")[0].SessionName!, "model not found");
        await _h.AdvanceAsync(TimeSpan.FromSeconds(1));

        var run = _h.RunsOf("report")[0];
        Assert.Equal(RunStatus.Failed, run.Status);
        Assert.Contains("model not found", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_timeout_stops_the_session_and_the_run_is_timed_out()
    {
        _h.AddJob("long", "0 9 * * *", timeout: 20);
        await _h.TickAsync();
        await _h.AdvanceAsync(TimeSpan.FromHours(1));

        await _h.AdvanceAsync(TimeSpan.FromMinutes(19));
        Assert.Empty(_h.Sessions.Stopped);
        await _h.AdvanceAsync(TimeSpan.FromMinutes(2));

        var run = _h.RunsOf("long")[0];
        Assert.Equal(RunStatus.TimedOut, run.Status);
        Assert.Equal(run.SessionName, Assert.Single(_h.Sessions.Stopped).Name);
        Assert.Contains("timeout", run.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_run_that_gets_no_session_slot_waits_in_the_queue()
    {
        _h.AddJob("report", "0 9 * * *");
        await _h.TickAsync();
        _h.Sessions.AtCapacity = true;

        await _h.AdvanceAsync(TimeSpan.FromHours(1));
        Assert.Equal(RunStatus.Queued, _h.RunsOf("report")[0].Status);

        _h.Sessions.AtCapacity = false;
        await _h.AdvanceAsync(TimeSpan.FromSeconds(1));
        Assert.Equal(RunStatus.Running, _h.RunsOf("report")[0].Status);
    }

    [Fact]
    public async Task A_rate_limited_run_pauses_non_critical_jobs_and_a_success_lifts_the_pause()
    {
        _h.AddJob("first", "0 9 * * *");
        _h.AddJob("normal-later", "30 9 * * *");
        _h.AddJob("critical-later", "30 9 * * *", priority: "critical");
        await _h.TickAsync();
        await _h.AdvanceAsync(TimeSpan.FromHours(1));

        _h.Sessions.Answer(_h.RunsOf("first")[0].SessionName!, "success", "API Error: 429 rate_limit_error", isError: true);
        await _h.AdvanceAsync(TimeSpan.FromMinutes(1));  // 09:01: paused for 5 min... until 09:06
        await _h.AdvanceAsync(TimeSpan.FromMinutes(29)); // 09:30: pause over
        Assert.Equal(RunStatus.Running, _h.RunsOf("normal-later")[0].Status);

        var pause = new SchedulerPause(_h.Database);
        Assert.Null(pause.PausedUntil(_h.Clock.GetUtcNow()));
        var until = pause.Pause(_h.Clock.GetUtcNow());   // 2nd time: 10 min
        Assert.Equal(TimeSpan.FromMinutes(10), until - _h.Clock.GetUtcNow());
        _h.AddJob("normal-paused", "35 9 * * *");
        _h.AddJob("critical-paused", "35 9 * * *", priority: "critical");
        await _h.TickAsync();
        _h.Sessions.Answer(_h.RunsOf("normal-later")[0].SessionName!, "error_during_execution", "usage limit reached");
        _h.Sessions.Answer(_h.RunsOf("critical-later")[0].SessionName!, "error_during_execution", "overloaded");
        await _h.AdvanceAsync(TimeSpan.FromMinutes(5));  // 09:35

        Assert.Equal(RunStatus.Queued, _h.RunsOf("normal-paused")[0].Status);
        Assert.Equal(RunStatus.Running, _h.RunsOf("critical-paused")[0].Status);
    }

    [Fact]
    public async Task An_invalid_job_file_is_reported_and_the_other_jobs_still_run()
    {
        _h.AddJob("good", "0 9 * * *");
        File.WriteAllText(Path.Combine(_h.Home.JobsDirectory, "broken.md"), "---\nschedule: \"0 25 * * *\"\n---\nhello\n");
        File.WriteAllText(Path.Combine(_h.Home.JobsDirectory, "Bad Name.md"), "---\nschedule: \"@daily\"\n---\nhello\n");

        await _h.TickAsync();
        await _h.AdvanceAsync(TimeSpan.FromHours(1));

        Assert.Contains(_h.Scheduler.Snapshot.Problems, p => p.Name == "broken" && p.Message.Contains("hour", StringComparison.Ordinal));
        Assert.Contains(_h.Scheduler.Snapshot.Problems, p => p.Name == "Bad Name");
        Assert.Equal(RunStatus.Running, Assert.Single(_h.RunsOf("good")).Status);
    }

    [Fact]
    public async Task A_hand_edit_of_the_schedule_is_picked_up_without_a_restart()
    {
        _h.AddJob("report", "0 12 * * *");
        await _h.TickAsync();

        var path = _h.Files.PathFor("report");
        File.WriteAllText(path, File.ReadAllText(path).Replace("0 12 * * *", "30 8 * * *", StringComparison.Ordinal));
        File.SetLastWriteTimeUtc(path, DateTime.UtcNow.AddSeconds(5));
        await _h.AdvanceAsync(TimeSpan.FromMinutes(31));

        Assert.Equal(SchedulerHarness.Start.AddMinutes(30), Assert.Single(_h.RunsOf("report")).DueAt);
    }

    [Fact]
    public async Task A_queued_run_of_a_deleted_job_is_skipped()
    {
        _h.AddJob("busy", "0 9 * * *");
        _h.AddJob("doomed", "0 9 * * *", priority: "low");
        await _h.TickAsync();
        _h.Sessions.AtCapacity = true;
        await _h.AdvanceAsync(TimeSpan.FromHours(1));

        _h.Files.Delete("doomed");
        _h.Sessions.AtCapacity = false;
        await _h.AdvanceAsync(TimeSpan.FromSeconds(1));

        var run = Assert.Single(_h.RunsOf("doomed"));
        Assert.Equal(RunStatus.Skipped, run.Status);
        Assert.Equal("the job no longer exists", run.SkipReason);
    }

    [Fact]
    public async Task A_manual_run_starts_even_for_a_disabled_job_and_never_collides_with_a_slot()
    {
        _h.AddJob("adhoc", "0 9 * * *", enabled: false);
        var requests = new JobRequests(_h.Files, _h.Runs, _h.Home, TimeZoneInfo.Utc, _h.Clock);

        var queued = requests.RunNow("adhoc");
        var again = Assert.Throws<StewardException>(() => requests.RunNow("adhoc"));
        await _h.TickAsync();

        Assert.Contains("already waiting", again.Message, StringComparison.Ordinal);
        var run = Assert.Single(_h.RunsOf("adhoc"));
        Assert.Equal(queued.Id, run.Id);
        Assert.Equal(RunTrigger.Manual, run.Trigger);
        Assert.Equal(RunStatus.Running, run.Status);
        Assert.Contains("run by hand", _h.Sessions.Started[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Session_names_fit_the_session_name_rules()
    {
        var run = new JobRun(123456, new string('a', 63), "s", RunTrigger.Schedule, RunStatus.Queued, Steward.Core.Scheduling.Jobs.JobPriority.Normal,
            DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, null, null, null, null, null, null, null, null, null, null, null, null);

        var name = JobScheduler.SessionNameFor(run);

        Assert.True(name.Length <= 63);
        SessionLimits.ValidateName(name);
    }

    public void Dispose() => _h.Dispose();
}
