using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Steward.Core.Commands;
using Steward.Core.Configuration;

namespace Steward.Daemon;

/// <summary>
/// Hosts the Core dispatcher: settles what a crashed daemon left running, then executes queued
/// commands whenever a front door pokes the socket (and every few seconds, in case a poke was missed).
/// </summary>
internal sealed class CommandDispatchService(
    CommandDispatcher dispatcher,
    CommandQueue queue,
    DaemonWakeSignal wake,
    StewardConfig config,
    TimeProvider time,
    ILogger<CommandDispatchService> logger) : BackgroundService
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan PruneInterval = TimeSpan.FromHours(6);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        var recovered = dispatcher.RecoverAbandoned();
        if (recovered.Retried.Count + recovered.Interrupted.Count > 0)
        {
            logger.LogWarning("Recovered {Retried} command(s) for retry and recorded {Interrupted} as interrupted", recovered.Retried.Count, recovered.Interrupted.Count);
        }
        var nextPrune = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            if (time.GetUtcNow() >= nextPrune)
            {
                var pruned = queue.PruneFinished(time.GetUtcNow().AddDays(-config.QueueRetentionDays));
                if (pruned > 0)
                {
                    logger.LogInformation("Pruned {Count} finished command(s) older than {Days} days", pruned, config.QueueRetentionDays);
                }
                nextPrune = time.GetUtcNow() + PruneInterval;
            }
            try
            {
                while (await dispatcher.RunNextAsync(stoppingToken))
                {
                }
                await wake.WaitAsync(PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception e)
            {
                // The store was unavailable (disk full, locked too long): keep the daemon alive and try again.
                logger.LogError(e, "Command dispatch failed; retrying in {Seconds} s", PollInterval.TotalSeconds);
                await Task.Delay(PollInterval, stoppingToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
        }
    }
}
