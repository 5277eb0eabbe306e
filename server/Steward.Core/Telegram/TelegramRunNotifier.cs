using Steward.Core.Homes;
using Steward.Core.Scheduling;
using Steward.Core.Scheduling.Jobs;
using Steward.Core.Scheduling.Runs;

namespace Steward.Core.Telegram;

/// <summary>A job's <c>notify</c> setting, carried out through the Telegram outbox to the owner (when Telegram is set up and paired).</summary>
public sealed class TelegramRunNotifier(AgentHome home) : IRunNotifier
{
    private const int MaxResultCharacters = 1_500;

    public void RunFinished(JobRun run, RunOutcome outcome, NotifyPolicy policy)
    {
        var failed = outcome.Status != RunStatus.Succeeded;
        if (policy == NotifyPolicy.Never || (policy == NotifyPolicy.OnFailure && !failed) || !File.Exists(Path.Combine(home.KeysDirectory, TelegramToken.FileName)))
        {
            return;
        }
        var services = new HomeServices(home);
        var owners = services.Config.TelegramAllowedUserIds;
        if (owners.Count == 0)
        {
            return;
        }
        var detail = failed ? outcome.Error : outcome.ResultText;
        if (detail is { Length: > MaxResultCharacters })
        {
            detail = detail[..MaxResultCharacters] + "…";
        }
        var text = $"Job {run.Job} (run {run.Id}) {outcome.Status.Name()}{(string.IsNullOrWhiteSpace(detail) ? "." : $":\n{detail}")}";
        new TelegramOutbox(services.Database, services.Time).Enqueue(owners[0], null, text, $"job:{run.Job}");
    }
}
