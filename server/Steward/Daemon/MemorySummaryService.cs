using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Steward.Core.Memory;

namespace Steward.Daemon;

/// <summary>Writes rolling topic summaries in the background, one at a time, as topics grow.</summary>
internal sealed class MemorySummaryService(TopicSummarizer summarizer, ILogger<MemorySummaryService> logger) : BackgroundService
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(3);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    // Keep going while topics are due, so a backlog does not wait a tick per topic.
                    while (!stoppingToken.IsCancellationRequested && await summarizer.SummarizeNextAsync(stoppingToken) is not null)
                    {
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Writing a topic summary failed");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
