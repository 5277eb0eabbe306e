using Steward.Core.Control;

namespace Steward.Core.Commands;

/// <summary>What became of a command a front door queued: run already, still running, or waiting for a daemon that is down.</summary>
public sealed record CommandSubmission(QueuedCommand Command, bool DaemonRunning)
{
    public bool Finished => Command.Status.IsFinished();

    public bool Succeeded => Command.Status == CommandStatus.Succeeded;
}

/// <summary>The front doors' half of the queue round trip: poke the daemon, then wait a little for the outcome.</summary>
public sealed class CommandSubmitter(CommandQueue queue, ControlClient control)
{
    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);

    public async Task<CommandSubmission> SubmitAsync(QueuedCommand command, TimeSpan wait, CancellationToken cancellationToken = default)
    {
        if (!await control.TryWakeAsync(cancellationToken: cancellationToken))
        {
            return new CommandSubmission(command, DaemonRunning: false);
        }
        var current = await queue.WaitForFinishAsync(command.Id, wait, cancellationToken);
        return new CommandSubmission(current, DaemonRunning: true);
    }
}
