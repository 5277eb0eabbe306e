using System.Text.Json.Nodes;
using Steward.Core.Commands;
using Steward.Core.Configuration;

namespace Steward.Core.Sessions;

/// <summary>
/// The front doors' side of sessions (MCP tools, CLI): validate, record, and queue the work for the
/// daemon. Reading (list, output) needs no daemon.
/// </summary>
public sealed class SessionRequests(SessionStore store, CommandQueue queue, StewardConfig config, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public (SessionRecord Session, QueuedCommand Command) RequestSpawn(
        string? name, string? prompt, string? model, string? workingDirectory, int? maxTurns, string launchedBy, string? reason, string defaultWorkingDirectory)
    {
        SessionLimits.ValidateName(name);
        SessionLimits.ValidateText(prompt, "prompt");
        SessionLimits.ValidateModel(model);
        SessionLimits.ValidateMaxTurns(maxTurns);
        var directory = Path.GetFullPath(workingDirectory ?? defaultWorkingDirectory, defaultWorkingDirectory);
        if (!Directory.Exists(directory))
        {
            throw new StewardException($"The working directory {directory} does not exist.");
        }
        var busy = store.CountBusy();
        if (busy >= config.SessionsMaxConcurrent)
        {
            throw new StewardException(
                $"{busy} sessions are already starting or running; sessions.max_concurrent is {config.SessionsMaxConcurrent}. " +
                "Wait for one to finish its turn, or kill one with session_kill.");
        }
        var session = store.Create(name!, prompt!, model, directory, maxTurns ?? config.SessionsMaxTurns, launchedBy, reason, _time.GetUtcNow());
        var command = queue.Enqueue(SessionCommandKinds.Spawn, new JsonObject { ["name"] = session.Name }.ToJsonString(), Source(launchedBy));
        return (session, command);
    }

    public QueuedCommand RequestSend(string? name, string? text, string source)
    {
        SessionLimits.ValidateName(name);
        SessionLimits.ValidateText(text, "text");
        var session = store.Require(name!);
        if (session.Status is SessionStatus.Failed && !session.ConversationStarted)
        {
            throw new StewardException($"Session '{name}' never started ({session.Error}); spawn a new session instead.");
        }
        return queue.Enqueue(SessionCommandKinds.Send, new JsonObject { ["name"] = name, ["text"] = text }.ToJsonString(), Source(source));
    }

    public QueuedCommand RequestKill(string? name, string source)
    {
        SessionLimits.ValidateName(name);
        var session = store.Require(name!);
        if (session.Status.HasEnded())
        {
            throw new StewardException($"Session '{name}' is not running ({session.Status.ToDatabase()}); there is nothing to kill.");
        }
        return queue.Enqueue(SessionCommandKinds.Kill, new JsonObject { ["name"] = name }.ToJsonString(), Source(source));
    }

    /// <summary>The queue's source column is short; "job:nightly-report" stays readable.</summary>
    private static string Source(string launchedBy) => launchedBy.Length <= 64 ? launchedBy : launchedBy[..64];
}
