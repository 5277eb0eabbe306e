namespace Steward.Core.Storage.Migrations;

/// <summary>
/// Telegram: every update is stored (keyed by update_id, so a re-delivery is a no-op) before the
/// offset that confirms it is saved; outgoing text waits in an outbox until Telegram took it.
/// </summary>
internal static class M006_Telegram
{
    public static readonly Migration Migration = new(6, "telegram updates, outbox and topics", """
        CREATE TABLE telegram_state (
            key   TEXT PRIMARY KEY,
            value TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE telegram_updates (
            update_id   INTEGER PRIMARY KEY,
            received_at INTEGER NOT NULL,
            chat_id     INTEGER,
            thread_id   INTEGER,
            user_id     INTEGER,
            user_name   TEXT,
            text        TEXT,
            status      TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'handled', 'ignored')),
            outcome     TEXT,
            handled_at  INTEGER
        );
        CREATE INDEX telegram_updates_pending ON telegram_updates (status, update_id);

        CREATE TABLE telegram_outbox (
            id              INTEGER PRIMARY KEY,
            chat_id         INTEGER NOT NULL,
            thread_id       INTEGER,
            text            TEXT    NOT NULL,
            source          TEXT    NOT NULL,
            status          TEXT    NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sent', 'failed')),
            attempts        INTEGER NOT NULL DEFAULT 0,
            next_attempt_at INTEGER NOT NULL,
            created_at      INTEGER NOT NULL,
            sent_at         INTEGER,
            message_id      INTEGER,
            last_error      TEXT
        );
        CREATE INDEX telegram_outbox_queued ON telegram_outbox (status, chat_id, id);

        CREATE TABLE telegram_topics (
            chat_id      INTEGER NOT NULL,
            thread_id    INTEGER NOT NULL,
            session_name TEXT    NOT NULL,
            name         TEXT,
            PRIMARY KEY (chat_id, thread_id)
        ) WITHOUT ROWID;

        CREATE TABLE telegram_replies (
            update_id    INTEGER PRIMARY KEY REFERENCES telegram_updates (update_id),
            session_name TEXT    NOT NULL,
            chat_id      INTEGER NOT NULL,
            thread_id    INTEGER,
            turns_before INTEGER NOT NULL,
            status       TEXT    NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'sent', 'abandoned')),
            resent       INTEGER NOT NULL DEFAULT 0,
            created_at   INTEGER NOT NULL
        );
        CREATE INDEX telegram_replies_waiting ON telegram_replies (status, session_name);
        """);
}
