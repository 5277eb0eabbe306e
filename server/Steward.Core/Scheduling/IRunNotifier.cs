using Steward.Core.Scheduling.Jobs;
using Steward.Core.Scheduling.Runs;

namespace Steward.Core.Scheduling;

/// <summary>Told when a job run ends, with the job's notify setting (Telegram implements it).</summary>
public interface IRunNotifier
{
    void RunFinished(JobRun run, RunOutcome outcome, NotifyPolicy policy);
}
