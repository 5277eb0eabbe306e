using System.Text.Json;
using Microsoft.Data.Sqlite;
using Steward.Core.Json;
using Steward.Core.Storage;
using Steward.Core.Usage;

namespace Steward.Core.Sessions;

/// <summary>The sessions table: one row per named session, updated as its events arrive.</summary>
public sealed class SessionStore(StewardDatabase database)
{
    private const string Columns = """
        name, claude_session_id, status, prompt, model, cwd, max_turns, launched_by, reason, created_at, started_at,
        last_event_at, ended_at, pid, process_start_ticks, conversation_started, turns, cost_usd, input_tokens,
        output_tokens, last_result, last_result_subtype, ended_reason, error, allowed_tools, last_result_is_error
        """;

    /// <summary>
    /// Stores a new session; a taken name is a clear error (the primary key decides, so two front
    /// doors cannot both win). A name whose session failed before any conversation is free again.
    /// </summary>
    public SessionRecord Create(string name, string prompt, string? model, string workingDirectory, int maxTurns, string launchedBy, string? reason, DateTimeOffset now,
        IReadOnlyList<string>? allowedTools = null)
    {
        using var connection = database.Open();
        using (var free = connection.CreateCommand())
        {
            free.CommandText = "DELETE FROM sessions WHERE name = $name AND status = 'failed' AND conversation_started = 0";
            free.Parameters.AddWithValue("$name", name);
            free.ExecuteNonQuery();
        }
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO sessions (name, claude_session_id, status, prompt, model, cwd, max_turns, launched_by, reason, created_at, allowed_tools)
            VALUES ($name, $id, 'queued', $prompt, $model, $cwd, $turns, $by, $reason, $now, $tools)
            RETURNING {Columns}
            """;
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$id", Guid.NewGuid().ToString());
        command.Parameters.AddWithValue("$prompt", prompt);
        command.Parameters.AddWithValue("$model", (object?)model ?? DBNull.Value);
        command.Parameters.AddWithValue("$cwd", workingDirectory);
        command.Parameters.AddWithValue("$turns", maxTurns);
        command.Parameters.AddWithValue("$by", launchedBy);
        command.Parameters.AddWithValue("$reason", (object?)reason ?? DBNull.Value);
        command.Parameters.AddWithValue("$now", SqliteTime.Format(now));
        command.Parameters.AddWithValue("$tools", allowedTools is null ? DBNull.Value : JsonSerializer.Serialize(allowedTools.ToArray(), StewardJsonContext.Default.StringArray));
        try
        {
            return ReadAll(command).Single();
        }
        catch (SqliteException e) when (e.SqliteErrorCode == 19) // SQLITE_CONSTRAINT
        {
            var existing = Get(name);
            throw new StewardException($"A session named '{name}' already exists ({existing?.Status.ToDatabase() ?? "unknown"}). Pick another name, or continue it with session_send.");
        }
    }

    public SessionRecord? Get(string name)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM sessions WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        return ReadAll(command).SingleOrDefault();
    }

    public SessionRecord Require(string name) =>
        Get(name) ?? throw new StewardException($"There is no session named '{name}'. See session_list for the sessions that exist.");

    public IReadOnlyList<SessionRecord> List(SessionStatus? status = null)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = status is null
            ? $"SELECT {Columns} FROM sessions ORDER BY created_at DESC"
            : $"SELECT {Columns} FROM sessions WHERE status = $status ORDER BY created_at DESC";
        if (status is { } s)
        {
            command.Parameters.AddWithValue("$status", s.ToDatabase());
        }
        return ReadAll(command);
    }

    /// <summary>How many sessions are in each status (statuses with none are absent).</summary>
    public IReadOnlyDictionary<SessionStatus, int> CountByStatus()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT status, COUNT(*) FROM sessions GROUP BY status";
        using var reader = command.ExecuteReader();
        var counts = new Dictionary<SessionStatus, int>();
        while (reader.Read())
        {
            counts[SessionStatusNames.Parse(reader.GetString(0))] = reader.GetInt32(1);
        }
        return counts;
    }

    /// <summary>Sessions that are waiting to start or hold a process that is working (not idle).</summary>
    public int CountBusy()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM sessions WHERE status IN ('queued', 'starting', 'running')";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public void MarkStarting(string name, int pid, long? processStartTicks, DateTimeOffset now) => Update(name,
        "status = 'starting', pid = $pid, process_start_ticks = $ticks, started_at = $now, last_event_at = $now, ended_at = NULL, ended_reason = NULL, error = NULL",
        ("$pid", pid), ("$ticks", (object?)processStartTicks ?? DBNull.Value), ("$now", SqliteTime.Format(now)));

    public void MarkRunning(string name, DateTimeOffset now) =>
        Update(name, "status = 'running', conversation_started = 1, last_event_at = $now", ("$now", SqliteTime.Format(now)));

    public void Touch(string name, DateTimeOffset now) =>
        Update(name, "last_event_at = $now", ("$now", SqliteTime.Format(now)));

    public void MarkEnded(string name, SessionStatus status, string? reason, string? error, DateTimeOffset now) => Update(name,
        "status = $status, ended_reason = $reason, error = $error, ended_at = $now, last_event_at = $now, pid = NULL, process_start_ticks = NULL",
        ("$status", status.ToDatabase()), ("$reason", (object?)reason ?? DBNull.Value), ("$error", (object?)error ?? DBNull.Value), ("$now", SqliteTime.Format(now)));

    /// <summary>
    /// Records a turn's result: the session goes idle, its totals grow, and the usage ledger gets the
    /// turn's cost, in one transaction. total_cost_usd in the event is the conversation's running
    /// total (it carries across --resume), so the turn's own cost is the growth since the last result.
    /// </summary>
    public void RecordResult(string name, TurnResult result, DateTimeOffset now)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        double previousTotal;
        using (var read = connection.CreateCommand())
        {
            read.CommandText = "SELECT cost_usd FROM sessions WHERE name = $name";
            read.Parameters.AddWithValue("$name", name);
            previousTotal = read.ExecuteScalar() is double d ? d : 0;
        }
        var total = result.TotalCostUsd ?? previousTotal;
        var turnCost = total >= previousTotal ? total - previousTotal : total;
        using (var update = connection.CreateCommand())
        {
            update.CommandText = """
                UPDATE sessions
                   SET status = 'idle', last_event_at = $now, turns = turns + $turns, cost_usd = $total,
                       input_tokens = input_tokens + $in, output_tokens = output_tokens + $out,
                       last_result = $text, last_result_subtype = $subtype, last_result_is_error = $isError
                 WHERE name = $name
                """;
            update.Parameters.AddWithValue("$name", name);
            update.Parameters.AddWithValue("$now", SqliteTime.Format(now));
            update.Parameters.AddWithValue("$turns", result.Turns);
            update.Parameters.AddWithValue("$total", total);
            update.Parameters.AddWithValue("$in", result.InputTokens);
            update.Parameters.AddWithValue("$out", result.OutputTokens);
            update.Parameters.AddWithValue("$text", (object?)result.Text ?? DBNull.Value);
            update.Parameters.AddWithValue("$subtype", result.Subtype);
            update.Parameters.AddWithValue("$isError", result.IsError ? 1 : 0);
            update.ExecuteNonQuery();
        }
        UsageLedger.Append(connection, new UsageEntry(now, UsageLedger.SessionSource, name, result.Model, turnCost,
            result.InputTokens, result.OutputTokens, result.CacheReadTokens, result.CacheCreationTokens, result.Turns, result.DurationMs, result.Subtype));
        transaction.Commit();
    }

    private void Update(string name, string assignments, params (string Name, object Value)[] parameters)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE sessions SET {assignments} WHERE name = $name";
        command.Parameters.AddWithValue("$name", name);
        foreach (var (parameter, value) in parameters)
        {
            command.Parameters.AddWithValue(parameter, value);
        }
        command.ExecuteNonQuery();
    }

    private static List<SessionRecord> ReadAll(SqliteCommand command)
    {
        var rows = new List<SessionRecord>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new SessionRecord(
                reader.GetString(0), reader.GetString(1), SessionStatusNames.Parse(reader.GetString(2)), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetString(5), reader.GetInt32(6), reader.GetString(7),
                reader.IsDBNull(8) ? null : reader.GetString(8), SqliteTime.Read(reader, 9)!.Value, SqliteTime.Read(reader, 10),
                SqliteTime.Read(reader, 11), SqliteTime.Read(reader, 12), reader.IsDBNull(13) ? null : reader.GetInt32(13),
                reader.IsDBNull(14) ? null : reader.GetInt64(14), reader.GetInt32(15) != 0, reader.GetInt32(16), reader.GetDouble(17),
                reader.GetInt64(18), reader.GetInt64(19), reader.IsDBNull(20) ? null : reader.GetString(20),
                reader.IsDBNull(21) ? null : reader.GetString(21), reader.IsDBNull(22) ? null : reader.GetString(22),
                reader.IsDBNull(23) ? null : reader.GetString(23),
                reader.IsDBNull(24) ? null : JsonSerializer.Deserialize(reader.GetString(24), StewardJsonContext.Default.StringArray),
                reader.GetInt32(25) != 0));
        }
        return rows;
    }
}
