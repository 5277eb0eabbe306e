using Microsoft.Extensions.Logging;

namespace Steward.Core.Commands;

/// <summary>
/// Executes queued commands one at a time, oldest first, and records each outcome. Runs only in
/// the daemon (one per home), so claims never race.
/// </summary>
public sealed class CommandDispatcher
{
    private readonly CommandQueue _queue;
    private readonly ILogger _logger;
    private readonly Dictionary<string, ICommandHandler> _handlers;

    public CommandDispatcher(CommandQueue queue, IEnumerable<ICommandHandler> handlers, ILogger<CommandDispatcher> logger)
    {
        _queue = queue;
        _logger = logger;
        _handlers = new(StringComparer.Ordinal);
        foreach (var handler in handlers)
        {
            if (!_handlers.TryAdd(handler.Kind, handler))
            {
                throw new InvalidOperationException($"Two command handlers claim the kind '{handler.Kind}'.");
            }
        }
    }

    public IReadOnlyCollection<string> Kinds => _handlers.Keys;

    /// <summary>
    /// Settles commands a previous daemon left running when it died: retried if their handler says
    /// a repeat is safe, otherwise recorded as interrupted. Never silently dropped, never run twice
    /// unless repeating is safe.
    /// </summary>
    public RecoveryReport RecoverAbandoned()
    {
        var retried = new List<long>();
        var interrupted = new List<long>();
        foreach (var command in _queue.ListRunning().OrderBy(c => c.Id))
        {
            var policy = _handlers.TryGetValue(command.Kind, out var handler) ? handler.InterruptPolicyFor(command) : InterruptPolicy.MarkInterrupted;
            if (policy.ShouldRetry(command.Attempts))
            {
                _queue.Requeue(command.Id, $"the daemon stopped during attempt {command.Attempts}; queued again");
                retried.Add(command.Id);
                _logger.LogWarning("Command {Id} ({Kind}) was running when the daemon stopped; queued again (attempt {Attempt} of {Max})", command.Id, command.Kind, command.Attempts + 1, policy.MaxAttempts);
            }
            else
            {
                _queue.MarkInterrupted(command.Id, $"the daemon stopped while this command was running (attempt {command.Attempts}); it was not repeated because repeating it may not be safe. Retry it with `steward queue retry {command.Id}` if it should run again.");
                interrupted.Add(command.Id);
                _logger.LogWarning("Command {Id} ({Kind}) was running when the daemon stopped; recorded as interrupted", command.Id, command.Kind);
            }
        }
        return new(retried, interrupted);
    }

    /// <summary>Executes the oldest queued command; returns false when the queue was empty.</summary>
    public async Task<bool> RunNextAsync(CancellationToken stopping)
    {
        var command = _queue.ClaimNext();
        if (command is null)
        {
            return false;
        }
        if (!_handlers.TryGetValue(command.Kind, out var handler))
        {
            _queue.Fail(command.Id, $"No handler for command kind '{command.Kind}' in Steward {StewardVersion.Current}. Known kinds: {string.Join(", ", _handlers.Keys.Order(StringComparer.Ordinal))}.");
            _logger.LogError("Command {Id} has unknown kind {Kind}", command.Id, command.Kind);
            return true;
        }

        _logger.LogInformation("Running command {Id} ({Kind}, attempt {Attempt}, from {Source})", command.Id, command.Kind, command.Attempts, command.Source);
        try
        {
            var outcome = await handler.ExecuteAsync(command, stopping).ConfigureAwait(false);
            if (outcome.Succeeded)
            {
                _queue.Complete(command.Id, outcome.Result?.ToJsonString());
                _logger.LogInformation("Command {Id} succeeded", command.Id);
            }
            else
            {
                _queue.Fail(command.Id, outcome.Error ?? "failed without a reason");
                _logger.LogWarning("Command {Id} failed: {Error}", command.Id, outcome.Error);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            var policy = handler.InterruptPolicyFor(command);
            if (policy.ShouldRetry(command.Attempts))
            {
                _queue.Requeue(command.Id, "the daemon shut down during the attempt; queued again");
            }
            else
            {
                _queue.MarkInterrupted(command.Id, "the daemon shut down while this command was running; it was not repeated because repeating it may not be safe.");
            }
            _logger.LogWarning("Command {Id} was cut short by shutdown", command.Id);
            throw;
        }
        catch (Exception e)
        {
            _queue.Fail(command.Id, $"{e.GetType().Name}: {e.Message}");
            _logger.LogError(e, "Command {Id} ({Kind}) threw", command.Id, command.Kind);
        }
        return true;
    }
}

public sealed record RecoveryReport(IReadOnlyList<long> Retried, IReadOnlyList<long> Interrupted);
