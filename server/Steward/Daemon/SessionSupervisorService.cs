using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Steward.Core.Sessions;

namespace Steward.Daemon;

/// <summary>
/// Hosts the session supervisor: settles sessions a dead daemon left behind before any command
/// runs, enforces idle and run-time limits every second, and interrupts live sessions at shutdown.
/// </summary>
internal sealed class SessionSupervisorService(SessionSupervisor supervisor, ILogger<SessionSupervisorService> logger) : BackgroundService
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        var interrupted = supervisor.RecoverAfterRestart();
        if (interrupted.Count > 0)
        {
            logger.LogWarning("{Count} session(s) were cut off by the last daemon stop and are now interrupted (resumable): {Names}", interrupted.Count, string.Join(", ", interrupted));
        }
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await supervisor.EnforceLimitsAsync();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Enforcing session limits failed");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await supervisor.ShutdownAsync();
    }
}
