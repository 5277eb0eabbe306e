using Steward.Core.Scheduling.Jobs;

namespace Steward.Core.Scheduling;

/// <summary>The scheduler's memory of one job: the schedule it was planned with and the next slot due.</summary>
internal sealed class JobPlan(JobDefinition job, DateTimeOffset? nextDue)
{
    public JobDefinition Job { get; private set; } = job;

    public DateTimeOffset? NextDue { get; set; } = nextDue;

    /// <summary>Same schedule and zone: the planned next slot still holds.</summary>
    public bool Matches(JobDefinition other) =>
        other.ScheduleText == Job.ScheduleText && other.TimeZoneId == Job.TimeZoneId && other.Schedule.TimeZone.Id == Job.Schedule.TimeZone.Id;

    public void Update(JobDefinition job) => Job = job;
}
