using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Steward.Core;
using Steward.Core.Homes;
using Steward.Core.Threadline;

namespace Steward.Daemon;

/// <summary>
/// Drains Threadline's outbound queue: messages the MCP server or CLI could not deliver at once
/// (the peer was down, busy or rate limiting) are retried with backoff until delivered or failed.
/// Runs whether or not this agent listens: sending needs no open port.
/// </summary>
internal sealed class ThreadlineOutboxService(ThreadlineRuntime runtime, ILogger<ThreadlineOutboxService> logger) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(500);
    private const int Batch = 64;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (runtime.Client is not { } client)
        {
            return;
        }
        while (!stoppingToken.IsCancellationRequested)
        {
            IReadOnlyList<SendResult> results;
            try
            {
                results = await client.DeliverDueAsync(Batch, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is StewardException or Microsoft.Data.Sqlite.SqliteException)
            {
                logger.LogWarning("Threadline outbox: {Reason}", e.Message);
                results = [];
            }
            foreach (var result in results)
            {
                switch (result.Status)
                {
                    case SendStatus.Delivered:
                        logger.LogInformation("Threadline: delivered {Id} to {Agent} in thread {Thread}", result.MessageId, result.To, result.ThreadId);
                        break;
                    case SendStatus.HeldByRelay:
                        logger.LogInformation("Threadline: the relay holds {Id} for {Agent} until it comes online", result.MessageId, result.To);
                        break;
                    case SendStatus.Queued:
                        logger.LogInformation("Threadline: {Id} to {Agent} not delivered yet ({Reason}); next try {Next:O}", result.MessageId, result.To, result.Error, result.NextAttemptAt);
                        break;
                    default:
                        logger.LogWarning("Threadline: {Id} to {Agent} failed: {Reason}", result.MessageId, result.To, result.Error);
                        break;
                }
            }
            if (results.Count < Batch)
            {
                try
                {
                    await Task.Delay(Poll, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }
}
