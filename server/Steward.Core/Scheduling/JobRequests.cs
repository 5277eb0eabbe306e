using Steward.Core.Scheduling.Jobs;
using Steward.Core.Scheduling.Runs;

namespace Steward.Core.Scheduling;

/// <summary>A job as the front doors list it.</summary>
public sealed record JobListing(JobDefinition? Job, JobProblem? Problem, DateTimeOffset? NextRun, JobRun? LastRun)
{
    public string Name => Job?.Name ?? Problem!.Name;
}

/// <summary>
/// The front doors' side of the scheduler (MCP tools, CLI): job files are written here and the
/// daemon picks them up within seconds; a run-now request is a queued run row. No daemon needed.
/// </summary>
public sealed class JobRequests(JobFiles files, JobRunStore runs, Homes.AgentHome home, TimeZoneInfo defaultZone, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public JobDefinition Create(string? name, JobChanges fields)
    {
        JobNames.Validate(name);
        return files.Create(fields.Create(name!));
    }

    public JobDefinition Update(string? name, JobChanges changes)
    {
        JobNames.Validate(name);
        return files.Update(name!, changes.ApplyTo);
    }

    public void Delete(string? name)
    {
        JobNames.Validate(name);
        files.Delete(name!);
    }

    public JobRun RunNow(string? name)
    {
        var job = files.Read(name ?? "");
        if (runs.Queued().FirstOrDefault(r => r.Job == job.Name) is { } waiting)
        {
            throw new StewardException($"A run of '{job.Name}' is already waiting to start (run {waiting.Id}).");
        }
        return runs.QueueManual(job.Name, job.Priority, _time.GetUtcNow());
    }

    /// <summary>Whether a job file by this name exists (valid or not), without loading the catalog.</summary>
    public bool Exists(string name)
    {
        JobNames.Validate(name);
        return File.Exists(files.PathFor(name));
    }

    public IReadOnlyList<JobListing> List()
    {
        var now = _time.GetUtcNow();
        var snapshot = JobCatalog.Load(home, defaultZone);
        var last = runs.LastFinishedByJob();
        var listings = snapshot.Jobs.Select(job => new JobListing(job, null, job.Enabled ? job.Schedule.NextOccurrence(now) : null, last.GetValueOrDefault(job.Name)))
            .Concat(snapshot.Problems.Select(problem => new JobListing(null, problem, null, last.GetValueOrDefault(problem.Name))));
        return listings.OrderBy(l => l.Name, StringComparer.Ordinal).ToList();
    }

    public IReadOnlyList<JobRun> History(string? name, int limit)
    {
        if (name is not null)
        {
            JobNames.Validate(name);
        }
        return runs.History(name, Math.Clamp(limit, 1, 1000));
    }
}
