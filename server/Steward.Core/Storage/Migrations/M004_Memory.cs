namespace Steward.Core.Storage.Migrations;

/// <summary>
/// Memory entries with an FTS5 index kept in step by triggers (external content: the text is
/// stored once). Times are unix seconds: ranking computes with them on every search.
/// </summary>
internal static class M004_Memory
{
    public static readonly Migration Migration = new(4, "memory and topic summaries", """
        CREATE TABLE memories (
            id           INTEGER PRIMARY KEY,
            topic        TEXT    NOT NULL,
            kind         TEXT    NOT NULL CHECK (kind IN ('note', 'fact', 'decision', 'lesson', 'message', 'summary')),
            text         TEXT    NOT NULL,
            tags         TEXT    NOT NULL DEFAULT '',
            source       TEXT    NOT NULL,
            importance   INTEGER NOT NULL DEFAULT 3 CHECK (importance BETWEEN 1 AND 5),
            created_at   INTEGER NOT NULL,
            last_used_at INTEGER,
            use_count    INTEGER NOT NULL DEFAULT 0
        );
        CREATE INDEX memories_by_topic ON memories (topic, id);

        CREATE VIRTUAL TABLE memories_fts USING fts5 (
            text, tags,
            content = 'memories', content_rowid = 'id',
            tokenize = 'porter unicode61 remove_diacritics 2'
        );
        -- The text counts twice as much as the tags in bm25 (so "rank" orders by this weighting).
        INSERT INTO memories_fts (memories_fts, rank) VALUES ('rank', 'bm25(1.0, 0.5)');
        CREATE TRIGGER memories_after_insert AFTER INSERT ON memories BEGIN
            INSERT INTO memories_fts (rowid, text, tags) VALUES (new.id, new.text, new.tags);
        END;
        CREATE TRIGGER memories_after_delete AFTER DELETE ON memories BEGIN
            INSERT INTO memories_fts (memories_fts, rowid, text, tags) VALUES ('delete', old.id, old.text, old.tags);
        END;
        CREATE TRIGGER memories_after_update AFTER UPDATE OF text, tags ON memories BEGIN
            INSERT INTO memories_fts (memories_fts, rowid, text, tags) VALUES ('delete', old.id, old.text, old.tags);
            INSERT INTO memories_fts (rowid, text, tags) VALUES (new.id, new.text, new.tags);
        END;

        CREATE TABLE memory_topics (
            name            TEXT    PRIMARY KEY,
            entries         INTEGER NOT NULL DEFAULT 0,
            since_summary   INTEGER NOT NULL DEFAULT 0,
            last_entry_at   INTEGER,
            summary_started INTEGER,
            summary_failed  INTEGER
        );

        CREATE TABLE topic_summaries (
            id              INTEGER PRIMARY KEY,
            topic           TEXT    NOT NULL,
            purpose         TEXT    NOT NULL,
            summary         TEXT    NOT NULL,
            entries_covered INTEGER NOT NULL,
            last_memory_id  INTEGER NOT NULL,
            created_at      INTEGER NOT NULL,
            session_name    TEXT
        );
        CREATE INDEX topic_summaries_by_topic ON topic_summaries (topic, id);
        """);
}
