using Microsoft.Extensions.Logging;
using Steward.Core.Scheduling.Jobs;
using Steward.Core.Scheduling.Quota;
using Steward.Core.Scheduling.Runs;
using Steward.Core.Sessions;

namespace Steward.Core.Scheduling;

/// <summary>
/// Decides what runs when. Each tick: claim due slots in SQLite (a claim is the run's row, so a
/// crash never repeats a slot), settle running runs from their sessions (result, timeout), and
/// start queued runs by priority within the parallel limit and the budget. Everything it knows
/// is in the store or the job files, so it starts over cleanly after any crash.
/// </summary>
public sealed class JobScheduler(
    JobCatalog catalog,
    JobRunStore runs,
    QuotaMeter quota,
    SchedulerPause pause,
    IJobSessions sessions,
    SchedulerSettings settings,
    TimeProvider time,
    ILogger<JobScheduler> logger,
    IRunNotifier? notifier = null)
{
    private readonly Dictionary<string, JobPlan> _plans = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, DateTimeOffset>? _considered;

    public JobCatalogSnapshot Snapshot { get; private set; } = new([], []);

    /// <summary>At daemon start: runs a dead daemon left running become interrupted (their slots are not repeated).</summary>
    public IReadOnlyList<JobRun> Recover() => runs.InterruptRunning(time.GetUtcNow());

    public async Task TickAsync(bool refreshCatalog, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (refreshCatalog)
        {
            Refresh(now);
        }
        Plan(now);
        await SettleRunningAsync(now);
        await StartQueuedAsync(now, cancellationToken);
    }

    /// <summary>Re-reads the jobs folder; jobs that cannot run (disabled, invalid) have their time marked as considered.</summary>
    public void Refresh(DateTimeOffset now)
    {
        var known = Snapshot.Problems.Select(p => (p.Name, p.Message)).ToHashSet();
        Snapshot = catalog.Refresh();
        foreach (var problem in Snapshot.Problems.Where(p => !known.Contains((p.Name, p.Message))))
        {
            logger.LogWarning("Job file {Path} is invalid and is skipped: {Problem}", problem.Path, problem.Message);
        }
        var current = Snapshot.Jobs.Select(j => j.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _plans.Keys.Where(k => !current.Contains(k)).ToList())
        {
            _plans.Remove(gone);
        }
        var idle = Snapshot.Jobs.Where(j => !j.Enabled).Select(j => j.Name).Concat(Snapshot.Problems.Select(p => p.Name)).ToList();
        if (idle.Count > 0)
        {
            runs.AdvanceConsidered(idle, now);
            foreach (var name in idle)
            {
                _plans.Remove(name);
            }
        }
    }

    /// <summary>Claims every slot that is due. In memory for jobs that are not due, so a tick over thousands of jobs is cheap.</summary>
    public void Plan(DateTimeOffset now)
    {
        foreach (var job in Snapshot.Jobs)
        {
            if (!job.Enabled)
            {
                continue;
            }
            var plan = PlanFor(job, now);
            if (plan.NextDue is { } due && due <= now)
            {
                Claim(plan, due, now);
            }
        }
    }

    private JobPlan PlanFor(JobDefinition job, DateTimeOffset now)
    {
        if (_plans.TryGetValue(job.Name, out var plan) && plan.Matches(job))
        {
            plan.Update(job);
            return plan;
        }
        _considered ??= runs.AllConsidered();
        var from = _considered.TryGetValue(job.Name, out var mark) ? mark : runs.ConsideredUntil(job.Name, now);
        plan = new JobPlan(job, job.Schedule.NextOccurrence(from));
        _plans[job.Name] = plan;
        return plan;
    }

    private void Claim(JobPlan plan, DateTimeOffset firstDue, DateTimeOffset now)
    {
        var job = plan.Job;
        var latest = firstDue;
        var missed = 1;
        while (missed < settings.MaxCoalesce && job.Schedule.NextOccurrence(latest) is { } next && next <= now)
        {
            latest = next;
            missed++;
        }
        var onTime = missed == 1 && now - latest <= settings.LateTolerance;
        string? skip = null;
        if (!onTime && job.CatchUp == CatchUpPolicy.Skip)
        {
            skip = $"missed {missed} slot(s) while the daemon was not running (catch_up: skip)";
        }
        else if (runs.HasQueued(job.Name))
        {
            skip = "the previous run of this job is still waiting to start";
        }
        var run = runs.ClaimSlot(job.Name, latest, onTime ? RunTrigger.Schedule : RunTrigger.CatchUp, job.Priority, now, skip);
        plan.NextDue = job.Schedule.NextOccurrence(latest);
        if (run is not null)
        {
            logger.LogInformation("Job {Job}: slot {Slot:u} claimed as run {Run} ({Trigger}{Coalesced}){Skip}", job.Name, latest, run.Id,
                run.Trigger.Name(), missed > 1 ? $", {missed} missed slots coalesced" : "", skip is null ? "" : " and skipped: " + skip);
        }
    }

    /// <summary>Finishes runs whose session produced its result or ended, and stops runs past their timeout.</summary>
    public async Task SettleRunningAsync(DateTimeOffset now)
    {
        foreach (var run in runs.Running())
        {
            var state = sessions.Find(run.SessionName!);
            var timeout = TimeSpan.FromMinutes(Snapshot.Find(run.Job)?.TimeoutMinutes ?? JobDefinition.DefaultTimeoutMinutes);
            if (state is null)
            {
                Finish(run, new RunOutcome(RunStatus.Failed, $"its session '{run.SessionName}' is gone", null, null, null, null, null, null), now);
            }
            else if (state.Status == Sessions.SessionStatus.Idle || (state.Status.HasEnded() && state.Turns > 0))
            {
                Finish(run, FromResult(state), now);
                await sessions.ReleaseAsync(run.SessionName!, "the job run is finished");
            }
            else if (state.Status.HasEnded())
            {
                var status = state.Status == Sessions.SessionStatus.Interrupted ? RunStatus.Interrupted : RunStatus.Failed;
                Finish(run, Outcome(status, $"the session ended without a result ({state.Status.ToDatabase()}: {state.Error ?? state.EndedReason})", state), now);
            }
            else if (run.StartedAt is { } started && now - started > timeout)
            {
                await sessions.StopAsync(run.SessionName!, $"the job's timeout ({timeout.TotalMinutes:0} min) passed");
                Finish(run, Outcome(RunStatus.TimedOut, $"stopped after {timeout.TotalMinutes:0} min (timeout)", sessions.Find(run.SessionName!) ?? state), now);
            }
        }
    }

    /// <summary>Starts queued runs: priority first, then due time; one live run per job; within max_parallel, the budget and any rate-limit pause.</summary>
    public async Task StartQueuedAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var running = runs.Running();
        var capacity = settings.MaxParallel - running.Count;
        if (capacity <= 0)
        {
            return;
        }
        var queued = runs.Queued();
        if (queued.Count == 0)
        {
            return;
        }
        var busyJobs = running.Select(r => r.Job).ToHashSet(StringComparer.Ordinal);
        var pressure = quota.Measure(now).Pressure;
        var pausedUntil = pause.PausedUntil(now);
        foreach (var run in queued)
        {
            if (capacity == 0)
            {
                break;
            }
            if (busyJobs.Contains(run.Job))
            {
                continue;
            }
            var job = Snapshot.Find(run.Job);
            if (job is null && run.Trigger == RunTrigger.Manual)
            {
                // Asked for right after its file was written: look at the folder again before calling it gone.
                Refresh(now);
                job = Snapshot.Find(run.Job);
            }
            if (job is null)
            {
                var problem = Snapshot.Problems.FirstOrDefault(p => p.Name == run.Job);
                runs.MarkSkipped(run.Id, problem is null ? "the job no longer exists" : $"the job file is invalid: {problem.Message}", now);
                continue;
            }
            if (!job.Enabled && run.Trigger != RunTrigger.Manual)
            {
                runs.MarkSkipped(run.Id, "the job is disabled", now);
                continue;
            }
            if (pausedUntil is not null && run.Priority != JobPriority.Critical)
            {
                continue;
            }
            var decision = QuotaPolicy.Decide(run.Priority, job.Model, pressure, run.Trigger == RunTrigger.Manual);
            if (!decision.Allowed)
            {
                runs.MarkSkipped(run.Id, decision.Reason!, now);
                logger.LogWarning("Job {Job} run {Run} skipped: {Reason}", job.Name, run.Id, decision.Reason);
                continue;
            }
            if (!await StartAsync(run, job, decision, now, cancellationToken))
            {
                break;
            }
            busyJobs.Add(job.Name);
            capacity--;
        }
    }

    /// <summary>Marks the run running first (so a crash can only interrupt it, never repeat it), then starts its session.</summary>
    private async Task<bool> StartAsync(JobRun run, JobDefinition job, QuotaDecision decision, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sessionName = SessionNameFor(run);
        runs.MarkStarted(run.Id, sessionName, decision.Model, now);
        var reason = (job.Description ?? $"scheduled job '{job.Name}'") + run.Trigger switch
        {
            RunTrigger.Manual => " (run by hand)",
            RunTrigger.CatchUp => $" (catch-up for the slot of {job.Schedule.ToLocal(run.DueAt):yyyy-MM-dd HH:mm})",
            _ => $" (slot of {job.Schedule.ToLocal(run.DueAt):yyyy-MM-dd HH:mm})",
        } + (decision.Reason is null ? "" : $"; {decision.Reason}");
        try
        {
            await sessions.StartAsync(new JobSessionStart(sessionName, job.Prompt, decision.Model, job.MaxTurns, job.AllowedTools, $"job:{job.Name}", reason), cancellationToken);
            logger.LogInformation("Job {Job} run {Run} started as session {Session}", job.Name, run.Id, sessionName);
            return true;
        }
        catch (Sessions.SessionCapacityException)
        {
            runs.Unstart(run.Id);
            return false;
        }
        catch (StewardException e)
        {
            Finish(run with { Status = RunStatus.Running }, new RunOutcome(RunStatus.Failed, e.Message, null, null, null, null, null, null), now);
            return true;
        }
    }

    private void Finish(JobRun run, RunOutcome outcome, DateTimeOffset now)
    {
        runs.MarkFinished(run.Id, outcome, now);
        logger.LogInformation("Job {Job} run {Run} {Status}{Error}", run.Job, run.Id, outcome.Status.Name(), outcome.Error is null ? "" : ": " + outcome.Error);
        try
        {
            notifier?.RunFinished(run, outcome, _plans.TryGetValue(run.Job, out var plan) ? plan.Job.Notify : NotifyPolicy.OnFailure);
        }
        catch (Exception e) when (e is StewardException or IOException or Microsoft.Data.Sqlite.SqliteException)
        {
            logger.LogWarning("Job {Job} run {Run}: could not queue the notification: {Reason}", run.Job, run.Id, e.Message);
        }
        if (outcome.Status == RunStatus.Succeeded)
        {
            pause.Reset();
        }
        else if (SchedulerPause.LooksRateLimited(outcome.Error, outcome.ResultText))
        {
            var until = pause.Pause(now);
            logger.LogWarning("Job {Job} hit the model's rate limit; non-critical jobs wait until {Until:u}", run.Job, until);
        }
    }

    private static RunOutcome FromResult(JobSessionState state)
    {
        var succeeded = state.ResultSubtype == "success" && !state.ResultIsError;
        return Outcome(succeeded ? RunStatus.Succeeded : RunStatus.Failed,
            succeeded ? null : $"the session ended its turn with {state.ResultSubtype}{(state.ResultIsError ? " (error)" : "")}", state);
    }

    private static RunOutcome Outcome(RunStatus status, string? error, JobSessionState state) =>
        new(status, error, state.ResultSubtype, state.ResultText, state.CostUsd, state.InputTokens, state.OutputTokens, state.Turns);

    /// <summary>job-&lt;run id&gt;-&lt;job name&gt;, within the 63 characters a session name may have.</summary>
    public static string SessionNameFor(JobRun run)
    {
        var name = $"job-{run.Id}-{run.Job}";
        return (name.Length <= 63 ? name : name[..63]).TrimEnd('-');
    }
}
