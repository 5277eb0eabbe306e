using Microsoft.Data.Sqlite;
using Steward.Core.Scheduling.Jobs;
using Steward.Core.Storage;

namespace Steward.Core.Scheduling.Runs;

/// <summary>
/// job_runs and job_state. A slot is claimed by inserting its (job, slot) row: the unique key makes
/// the claim atomic across crashes, so no slot ever runs twice.
/// </summary>
public sealed class JobRunStore(StewardDatabase database)
{
    private const string Columns = """
        id, job, slot, trigger, status, priority, due_at, queued_at, started_at, finished_at, session_name, model,
        skip_reason, error, result_subtype, result_text, cost_usd, input_tokens, output_tokens, turns
        """;

    /// <summary>How far a job's schedule has been considered; a job seen for the first time starts now (it never "missed" anything).</summary>
    public DateTimeOffset ConsideredUntil(string job, DateTimeOffset now)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO job_state (job, first_seen_at, considered_until) VALUES ($job, $now, $now)
            ON CONFLICT (job) DO UPDATE SET job = job
            RETURNING considered_until
            """;
        command.Parameters.AddWithValue("$job", job);
        command.Parameters.AddWithValue("$now", SqliteTime.Format(now));
        return SqliteTime.Parse((string)command.ExecuteScalar()!);
    }

    /// <summary>Every job's considered-until mark, for the scheduler's first tick.</summary>
    public IReadOnlyDictionary<string, DateTimeOffset> AllConsidered()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT job, considered_until FROM job_state";
        using var reader = command.ExecuteReader();
        var marks = new Dictionary<string, DateTimeOffset>(StringComparer.Ordinal);
        while (reader.Read())
        {
            marks[reader.GetString(0)] = SqliteTime.Parse(reader.GetString(1));
        }
        return marks;
    }

    /// <summary>Marks time as considered for jobs that cannot run now (disabled, invalid), so enabling one later does not catch up the pause.</summary>
    public void AdvanceConsidered(IEnumerable<string> jobs, DateTimeOffset until)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO job_state (job, first_seen_at, considered_until) VALUES ($job, $until, $until)
            ON CONFLICT (job) DO UPDATE SET considered_until = MAX(considered_until, excluded.considered_until)
            """;
        var job = command.Parameters.Add("$job", SqliteType.Text);
        command.Parameters.AddWithValue("$until", SqliteTime.Format(until));
        foreach (var name in jobs)
        {
            job.Value = name;
            command.ExecuteNonQuery();
        }
        transaction.Commit();
    }

    /// <summary>
    /// Claims a slot: records the run (queued, or skipped with a reason) and moves the job's
    /// considered-until mark to the slot, in one transaction. Null when the slot was claimed before.
    /// </summary>
    public JobRun? ClaimSlot(string job, DateTimeOffset slot, RunTrigger trigger, JobPriority priority, DateTimeOffset now, string? skipReason)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        JobRun? run;
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = $"""
                INSERT INTO job_runs (job, slot, trigger, status, priority, due_at, queued_at, finished_at, skip_reason)
                VALUES ($job, $slot, $trigger, $status, $priority, $slot, $now, $finished, $reason)
                ON CONFLICT (job, slot) DO NOTHING
                RETURNING {Columns}
                """;
            insert.Parameters.AddWithValue("$job", job);
            insert.Parameters.AddWithValue("$slot", SqliteTime.Format(slot));
            insert.Parameters.AddWithValue("$trigger", trigger.Name());
            insert.Parameters.AddWithValue("$status", skipReason is null ? "queued" : "skipped");
            insert.Parameters.AddWithValue("$priority", (int)priority);
            insert.Parameters.AddWithValue("$now", SqliteTime.Format(now));
            insert.Parameters.AddWithValue("$finished", skipReason is null ? DBNull.Value : SqliteTime.Format(now));
            insert.Parameters.AddWithValue("$reason", (object?)skipReason ?? DBNull.Value);
            run = ReadAll(insert).SingleOrDefault();
        }
        using (var advance = connection.CreateCommand())
        {
            advance.CommandText = """
                INSERT INTO job_state (job, first_seen_at, considered_until) VALUES ($job, $now, $slot)
                ON CONFLICT (job) DO UPDATE SET considered_until = MAX(considered_until, excluded.considered_until)
                """;
            advance.Parameters.AddWithValue("$job", job);
            advance.Parameters.AddWithValue("$now", SqliteTime.Format(now));
            advance.Parameters.AddWithValue("$slot", SqliteTime.Format(slot));
            advance.ExecuteNonQuery();
        }
        transaction.Commit();
        return run;
    }

    /// <summary>A run the owner asked for now; it has its own slot, so it never collides with a scheduled one.</summary>
    public JobRun QueueManual(string job, JobPriority priority, DateTimeOffset now)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"""
            INSERT INTO job_runs (job, slot, trigger, status, priority, due_at, queued_at)
            VALUES ($job, $slot, 'manual', 'queued', $priority, $now, $now)
            RETURNING {Columns}
            """;
        command.Parameters.AddWithValue("$job", job);
        command.Parameters.AddWithValue("$slot", "manual:" + Guid.NewGuid().ToString("N"));
        command.Parameters.AddWithValue("$priority", (int)priority);
        command.Parameters.AddWithValue("$now", SqliteTime.Format(now));
        return ReadAll(command).Single();
    }

    public JobRun? Get(long id) => Query("WHERE id = $id", ("$id", id)).SingleOrDefault();

    public bool HasQueued(string job) => Query("WHERE job = $job AND status = 'queued' LIMIT 1", ("$job", job)).Count > 0;

    /// <summary>Queued runs, the order they start in: priority, then due time.</summary>
    public IReadOnlyList<JobRun> Queued(int limit = 200) => Query("WHERE status = 'queued' ORDER BY priority, due_at, id LIMIT $limit", ("$limit", limit));

    public IReadOnlyList<JobRun> Running() => Query("WHERE status = 'running' ORDER BY id");

    public IReadOnlyList<JobRun> History(string? job, int limit) => job is null
        ? Query("ORDER BY id DESC LIMIT $limit", ("$limit", limit))
        : Query("WHERE job = $job ORDER BY id DESC LIMIT $limit", ("$job", job), ("$limit", limit));

    /// <summary>The newest finished run of each job (for schedule_list).</summary>
    public IReadOnlyDictionary<string, JobRun> LastFinishedByJob()
    {
        var rows = Query("WHERE id IN (SELECT MAX(id) FROM job_runs WHERE status NOT IN ('queued', 'running') GROUP BY job)");
        return rows.ToDictionary(r => r.Job, StringComparer.Ordinal);
    }

    public void MarkStarted(long id, string sessionName, string? model, DateTimeOffset now) => Update(id, "queued",
        "status = 'running', session_name = $session, model = $model, started_at = $now",
        ("$session", sessionName), ("$model", (object?)model ?? DBNull.Value), ("$now", SqliteTime.Format(now)));

    /// <summary>A run that could not get a session slot goes back to the queue.</summary>
    public void Unstart(long id) => Update(id, "running", "status = 'queued', session_name = NULL, model = NULL, started_at = NULL");

    public void MarkSkipped(long id, string reason, DateTimeOffset now) => Update(id, "queued",
        "status = 'skipped', skip_reason = $reason, finished_at = $now", ("$reason", reason), ("$now", SqliteTime.Format(now)));

    public void MarkFinished(long id, RunOutcome outcome, DateTimeOffset now) => Update(id, "running", """
        status = $status, error = $error, result_subtype = $subtype, result_text = $text, cost_usd = $cost,
        input_tokens = $in, output_tokens = $out, turns = $turns, finished_at = $now
        """,
        ("$status", outcome.Status.Name()), ("$error", (object?)outcome.Error ?? DBNull.Value),
        ("$subtype", (object?)outcome.ResultSubtype ?? DBNull.Value), ("$text", (object?)outcome.ResultText ?? DBNull.Value),
        ("$cost", (object?)outcome.CostUsd ?? DBNull.Value), ("$in", (object?)outcome.InputTokens ?? DBNull.Value),
        ("$out", (object?)outcome.OutputTokens ?? DBNull.Value), ("$turns", (object?)outcome.Turns ?? DBNull.Value),
        ("$now", SqliteTime.Format(now)));

    /// <summary>At daemon start: runs a dead daemon left running are recorded as interrupted. Returns them.</summary>
    public IReadOnlyList<JobRun> InterruptRunning(DateTimeOffset now)
    {
        var running = Running();
        foreach (var run in running)
        {
            MarkFinished(run.Id, new RunOutcome(RunStatus.Interrupted, "the daemon stopped while this run was running; the slot is not repeated", null, null, null, null, null, null), now);
        }
        return running;
    }

    private void Update(long id, string fromStatus, string assignments, params (string Name, object Value)[] parameters)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE job_runs SET {assignments} WHERE id = $id AND status = $from";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$from", fromStatus);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        if (command.ExecuteNonQuery() != 1)
        {
            throw new InvalidOperationException($"Run {id} was not {fromStatus} when it was updated.");
        }
    }

    private List<JobRun> Query(string where, params (string Name, object Value)[] parameters)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM job_runs {where}";
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return ReadAll(command);
    }

    private static List<JobRun> ReadAll(SqliteCommand command)
    {
        var rows = new List<JobRun>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new JobRun(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), RunNames.ParseTrigger(reader.GetString(3)),
                RunNames.ParseStatus(reader.GetString(4)), (JobPriority)reader.GetInt32(5), SqliteTime.Parse(reader.GetString(6)),
                SqliteTime.Parse(reader.GetString(7)), SqliteTime.Read(reader, 8), SqliteTime.Read(reader, 9),
                reader.IsDBNull(10) ? null : reader.GetString(10), reader.IsDBNull(11) ? null : reader.GetString(11),
                reader.IsDBNull(12) ? null : reader.GetString(12), reader.IsDBNull(13) ? null : reader.GetString(13),
                reader.IsDBNull(14) ? null : reader.GetString(14), reader.IsDBNull(15) ? null : reader.GetString(15),
                reader.IsDBNull(16) ? null : reader.GetDouble(16), reader.IsDBNull(17) ? null : reader.GetInt64(17),
                reader.IsDBNull(18) ? null : reader.GetInt64(18), reader.IsDBNull(19) ? null : reader.GetInt32(19)));
        }
        return rows;
    }
}
