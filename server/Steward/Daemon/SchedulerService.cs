using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Steward.Core.Scheduling;

namespace Steward.Daemon;

/// <summary>Hosts the job scheduler: recovers after a crash, then ticks every second (re-reading the jobs folder every few seconds).</summary>
internal sealed class SchedulerService(JobScheduler scheduler, ILogger<SchedulerService> logger) : BackgroundService
{
    private static readonly TimeSpan TickInterval = TimeSpan.FromSeconds(1);
    private const int RefreshEveryTicks = 2;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var run in scheduler.Recover())
        {
            logger.LogWarning("Job {Job} run {Run} was running when the daemon stopped; recorded as interrupted", run.Job, run.Id);
        }
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TickInterval);
        var tick = 0;
        try
        {
            do
            {
                try
                {
                    await scheduler.TickAsync(refreshCatalog: tick++ % RefreshEveryTicks == 0, stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Scheduler tick failed; trying again next tick");
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
