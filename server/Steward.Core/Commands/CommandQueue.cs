using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Data.Sqlite;
using Steward.Core.Storage;

namespace Steward.Core.Commands;

/// <summary>
/// The durable queue between front doors (MCP tools, CLI) and the daemon. A command is a row
/// before anything acts on it, so nothing acknowledged is lost when a process dies.
/// </summary>
public sealed partial class CommandQueue(StewardDatabase database, TimeProvider? timeProvider = null)
{
    public const int MaxPayloadBytes = 1024 * 1024;

    private const string Columns = "id, kind, payload, source, status, attempts, created_at, started_at, finished_at, result, error";

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public QueuedCommand Enqueue(string kind, string payloadJson, string source)
    {
        ValidateKind(kind);
        if (string.IsNullOrWhiteSpace(source) || source.Length > 64)
        {
            throw new StewardException("A command's source must name the front door that queued it (1-64 characters).");
        }
        ValidatePayload(payloadJson);
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"INSERT INTO commands (kind, payload, source, status, created_at) VALUES ($kind, $payload, $source, 'queued', $now) RETURNING {Columns}";
        command.Parameters.AddWithValue("$kind", kind);
        command.Parameters.AddWithValue("$payload", payloadJson);
        command.Parameters.AddWithValue("$source", source);
        command.Parameters.AddWithValue("$now", Now());
        return ReadSingle(command) ?? throw new InvalidOperationException("INSERT ... RETURNING returned no row.");
    }

    public QueuedCommand? Get(long id)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM commands WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return ReadSingle(command);
    }

    /// <summary>Marks the oldest queued command running and counts the attempt, atomically.</summary>
    public QueuedCommand? ClaimNext()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            UPDATE commands
               SET status = 'running', attempts = attempts + 1, started_at = $now, finished_at = NULL, error = NULL
             WHERE id = (SELECT id FROM commands WHERE status = 'queued' ORDER BY id LIMIT 1)
            RETURNING {Columns}
            """;
        command.Parameters.AddWithValue("$now", Now());
        return ReadSingle(command);
    }

    public void Complete(long id, string? resultJson) => Finish(id, CommandStatus.Succeeded, resultJson, error: null);

    public void Fail(long id, string error) => Finish(id, CommandStatus.Failed, result: null, error);

    public void MarkInterrupted(long id, string reason) => Finish(id, CommandStatus.Interrupted, result: null, reason);

    /// <summary>Puts a running command back in the queue (its attempt stays counted).</summary>
    public void Requeue(long id, string reason)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE commands SET status = 'queued', error = $reason WHERE id = $id AND status = 'running'";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$reason", reason);
        command.ExecuteNonQuery();
    }

    /// <summary>Commands left running by a daemon that died.</summary>
    public IReadOnlyList<QueuedCommand> ListRunning() => List(CommandStatus.Running, int.MaxValue);

    public IReadOnlyList<QueuedCommand> List(CommandStatus? status = null, int limit = 50)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = status is null
            ? $"SELECT {Columns} FROM commands ORDER BY id DESC LIMIT $limit"
            : $"SELECT {Columns} FROM commands WHERE status = $status ORDER BY id DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", limit);
        if (status is { } s)
        {
            command.Parameters.AddWithValue("$status", s.ToDatabase());
        }
        return ReadAll(command);
    }

    public QueueCounts Counts()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT status, COUNT(*) FROM commands GROUP BY status";
        var counts = new Dictionary<CommandStatus, int>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            counts[CommandStatusNames.Parse(reader.GetString(0))] = reader.GetInt32(1);
        }
        int Of(CommandStatus s) => counts.GetValueOrDefault(s);
        return new(Of(CommandStatus.Queued), Of(CommandStatus.Running), Of(CommandStatus.Succeeded),
            Of(CommandStatus.Failed), Of(CommandStatus.Interrupted), Of(CommandStatus.Cancelled));
    }

    /// <summary>Queues a failed, interrupted or cancelled command again at the owner's request.</summary>
    public QueuedCommand Retry(long id)
    {
        var existing = Get(id) ?? throw new StewardException($"There is no command {id}.");
        if (existing.Status is not (CommandStatus.Failed or CommandStatus.Interrupted or CommandStatus.Cancelled))
        {
            throw new StewardException($"Command {id} is {existing.Status.ToDatabase()}; only failed, interrupted or cancelled commands can be retried.");
        }
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE commands SET status = 'queued', finished_at = NULL, error = NULL, result = NULL WHERE id = $id AND status = $was RETURNING {Columns}";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$was", existing.Status.ToDatabase());
        return ReadSingle(command) ?? throw new StewardException($"Command {id} changed while retrying it; look again with `steward queue list`.");
    }

    /// <summary>Withdraws a command that has not started.</summary>
    public QueuedCommand Cancel(long id)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE commands SET status = 'cancelled', finished_at = $now WHERE id = $id AND status = 'queued' RETURNING {Columns}";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$now", Now());
        if (ReadSingle(command) is { } cancelled)
        {
            return cancelled;
        }
        var existing = Get(id) ?? throw new StewardException($"There is no command {id}.");
        throw new StewardException($"Command {id} is {existing.Status.ToDatabase()}; only queued commands can be cancelled.");
    }

    /// <summary>Deletes finished commands older than the cutoff; returns how many.</summary>
    public int PruneFinished(DateTimeOffset olderThan)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM commands WHERE status IN ('succeeded', 'failed', 'interrupted', 'cancelled') AND finished_at < $cutoff";
        command.Parameters.AddWithValue("$cutoff", SqliteTime.Format(olderThan));
        return command.ExecuteNonQuery();
    }

    /// <summary>Waits until the command has finished, or the timeout passes (then returns its current state).</summary>
    public async Task<QueuedCommand> WaitForFinishAsync(long id, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = _time.GetUtcNow() + timeout;
        var delay = TimeSpan.FromMilliseconds(10);
        while (true)
        {
            var current = Get(id) ?? throw new StewardException($"Command {id} disappeared from the queue.");
            if (current.Status.IsFinished() || _time.GetUtcNow() >= deadline)
            {
                return current;
            }
            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 1.5, 200));
        }
    }

    private void Finish(long id, CommandStatus status, string? result, string? error)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE commands SET status = $status, finished_at = $now, result = $result, error = $error WHERE id = $id AND status = 'running'";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$status", status.ToDatabase());
        command.Parameters.AddWithValue("$now", Now());
        command.Parameters.AddWithValue("$result", (object?)result ?? DBNull.Value);
        command.Parameters.AddWithValue("$error", (object?)error ?? DBNull.Value);
        if (command.ExecuteNonQuery() != 1)
        {
            throw new InvalidOperationException($"Command {id} was not running when its outcome ({status}) was recorded.");
        }
    }

    private static void ValidateKind(string kind)
    {
        if (string.IsNullOrEmpty(kind) || !KindPattern().IsMatch(kind))
        {
            throw new StewardException($"'{kind}' is not a command kind: use lowercase letters, digits, '.', '_' or '-', starting with a letter (at most 64).");
        }
    }

    private static void ValidatePayload(string payloadJson)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(payloadJson) > MaxPayloadBytes)
        {
            throw new StewardException($"A command payload may be at most {MaxPayloadBytes / 1024} KiB.");
        }
        try
        {
            using var document = JsonDocument.Parse(payloadJson);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new StewardException("A command payload must be a JSON object.");
            }
        }
        catch (JsonException e)
        {
            throw new StewardException($"A command payload must be valid JSON: {e.Message}");
        }
    }

    private string Now() => SqliteTime.Format(_time.GetUtcNow());

    private static QueuedCommand? ReadSingle(SqliteCommand command) => ReadAll(command) is [var only] ? only : null;

    private static List<QueuedCommand> ReadAll(SqliteCommand command)
    {
        var rows = new List<QueuedCommand>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new QueuedCommand(
                reader.GetInt64(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                CommandStatusNames.Parse(reader.GetString(4)),
                reader.GetInt32(5),
                SqliteTime.Read(reader, 6)!.Value,
                SqliteTime.Read(reader, 7),
                SqliteTime.Read(reader, 8),
                reader.IsDBNull(9) ? null : reader.GetString(9),
                reader.IsDBNull(10) ? null : reader.GetString(10)));
        }
        return rows;
    }

    [GeneratedRegex("^[a-z][a-z0-9_.-]{0,63}$")]
    private static partial Regex KindPattern();
}
