namespace Steward.Core.Storage.Migrations;

internal static class M002_Sessions
{
    public static readonly Migration Migration = new(2, "sessions and usage ledger", """
        CREATE TABLE sessions (
            name                 TEXT    PRIMARY KEY,
            claude_session_id    TEXT    NOT NULL UNIQUE,
            status               TEXT    NOT NULL
                                 CHECK (status IN ('queued', 'starting', 'running', 'idle', 'completed', 'failed', 'killed', 'interrupted')),
            prompt               TEXT    NOT NULL,
            model                TEXT,
            cwd                  TEXT    NOT NULL,
            max_turns            INTEGER NOT NULL,
            launched_by          TEXT    NOT NULL,
            reason               TEXT,
            created_at           TEXT    NOT NULL,
            started_at           TEXT,
            last_event_at        TEXT,
            ended_at             TEXT,
            pid                  INTEGER,
            process_start_ticks  INTEGER,
            conversation_started INTEGER NOT NULL DEFAULT 0,
            turns                INTEGER NOT NULL DEFAULT 0,
            cost_usd             REAL    NOT NULL DEFAULT 0,
            input_tokens         INTEGER NOT NULL DEFAULT 0,
            output_tokens        INTEGER NOT NULL DEFAULT 0,
            last_result          TEXT,
            last_result_subtype  TEXT,
            ended_reason         TEXT,
            error                TEXT
        );
        CREATE INDEX sessions_by_status ON sessions (status);

        CREATE TABLE usage_ledger (
            id                    INTEGER PRIMARY KEY AUTOINCREMENT,
            at                    TEXT    NOT NULL,
            source_kind           TEXT    NOT NULL,
            source_name           TEXT    NOT NULL,
            model                 TEXT,
            cost_usd              REAL    NOT NULL,
            input_tokens          INTEGER NOT NULL,
            output_tokens         INTEGER NOT NULL,
            cache_read_tokens     INTEGER NOT NULL,
            cache_creation_tokens INTEGER NOT NULL,
            turns                 INTEGER NOT NULL,
            duration_ms           INTEGER NOT NULL,
            result_subtype        TEXT
        );
        CREATE INDEX usage_ledger_by_time ON usage_ledger (at);
        CREATE INDEX usage_ledger_by_source ON usage_ledger (source_kind, source_name);
        """);
}
