namespace Steward.Core.Storage.Migrations;

internal static class M001_CommandQueue
{
    public static readonly Migration Migration = new(1, "command queue", """
        CREATE TABLE commands (
            id            INTEGER PRIMARY KEY AUTOINCREMENT,
            kind          TEXT    NOT NULL,
            payload       TEXT    NOT NULL DEFAULT '{}',
            source        TEXT    NOT NULL,
            status        TEXT    NOT NULL DEFAULT 'queued'
                          CHECK (status IN ('queued', 'running', 'succeeded', 'failed', 'interrupted', 'cancelled')),
            attempts      INTEGER NOT NULL DEFAULT 0,
            created_at    TEXT    NOT NULL,
            started_at    TEXT,
            finished_at   TEXT,
            result        TEXT,
            error         TEXT
        );
        CREATE INDEX commands_by_status ON commands (status, id);
        """);
}
