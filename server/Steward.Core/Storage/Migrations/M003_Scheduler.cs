namespace Steward.Core.Storage.Migrations;

internal static class M003_Scheduler
{
    public static readonly Migration Migration = new(3, "scheduler runs and state", """
        CREATE TABLE job_runs (
            id             INTEGER PRIMARY KEY AUTOINCREMENT,
            job            TEXT    NOT NULL,
            slot           TEXT    NOT NULL,
            trigger        TEXT    NOT NULL CHECK (trigger IN ('schedule', 'catch_up', 'manual')),
            status         TEXT    NOT NULL
                           CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'timed_out', 'interrupted', 'skipped')),
            priority       INTEGER NOT NULL,
            due_at         TEXT    NOT NULL,
            queued_at      TEXT    NOT NULL,
            started_at     TEXT,
            finished_at    TEXT,
            session_name   TEXT,
            model          TEXT,
            skip_reason    TEXT,
            error          TEXT,
            result_subtype TEXT,
            result_text    TEXT,
            cost_usd       REAL,
            input_tokens   INTEGER,
            output_tokens  INTEGER,
            turns          INTEGER,
            UNIQUE (job, slot)
        );
        CREATE INDEX job_runs_queue ON job_runs (status, priority, due_at);
        CREATE INDEX job_runs_by_job ON job_runs (job, id);

        -- How far each job's schedule has been considered: slots at or before this are never claimed again.
        CREATE TABLE job_state (
            job              TEXT PRIMARY KEY,
            first_seen_at    TEXT NOT NULL,
            considered_until TEXT NOT NULL
        );

        CREATE TABLE scheduler_state (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        );

        ALTER TABLE sessions ADD COLUMN allowed_tools TEXT;
        ALTER TABLE sessions ADD COLUMN last_result_is_error INTEGER NOT NULL DEFAULT 0;
        """);
}
