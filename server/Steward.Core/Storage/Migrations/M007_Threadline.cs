namespace Steward.Core.Storage.Migrations;

/// <summary>
/// Threadline contacts (keys pinned when added), the append-only trust audit, seen message ids
/// (replay protection) and message history.
/// </summary>
internal static class M007_Threadline
{
    public static readonly Migration Migration = new(7, "threadline contacts, trust audit, replay cache and messages", """
        CREATE TABLE threadline_contacts (
            fingerprint     TEXT    PRIMARY KEY,
            name            TEXT    NOT NULL,
            url             TEXT,
            ed25519_public  TEXT    NOT NULL,
            x25519_public   TEXT    NOT NULL,
            trust           TEXT    NOT NULL CHECK (trust IN ('untrusted', 'verified', 'trusted', 'autonomous')),
            instar_compat   INTEGER NOT NULL DEFAULT 0,
            relay_token     TEXT,
            added_at        INTEGER NOT NULL,
            last_contact_at INTEGER
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX threadline_contacts_by_name ON threadline_contacts (name);

        CREATE TABLE threadline_trust_audit (
            id          INTEGER PRIMARY KEY,
            fingerprint TEXT    NOT NULL,
            from_level  TEXT,
            to_level    TEXT    NOT NULL,
            reason      TEXT    NOT NULL,
            actor       TEXT    NOT NULL,
            at          INTEGER NOT NULL
        );
        CREATE INDEX threadline_trust_audit_by_contact ON threadline_trust_audit (fingerprint, id);
        CREATE TRIGGER threadline_trust_audit_append_only_update BEFORE UPDATE ON threadline_trust_audit
            BEGIN SELECT RAISE(ABORT, 'the trust audit log is append-only'); END;
        CREATE TRIGGER threadline_trust_audit_append_only_delete BEFORE DELETE ON threadline_trust_audit
            BEGIN SELECT RAISE(ABORT, 'the trust audit log is append-only'); END;

        CREATE TABLE threadline_seen (
            key TEXT    PRIMARY KEY,
            at  INTEGER NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE threadline_messages (
            id          INTEGER PRIMARY KEY,
            message_id  TEXT    NOT NULL,
            thread_id   TEXT    NOT NULL,
            direction   TEXT    NOT NULL CHECK (direction IN ('in', 'out')),
            peer        TEXT    NOT NULL,
            text        TEXT    NOT NULL,
            sealed      INTEGER NOT NULL,
            status      TEXT    NOT NULL,
            at          INTEGER NOT NULL,
            read_at     INTEGER
        );
        CREATE INDEX threadline_messages_by_thread ON threadline_messages (thread_id, id);
        CREATE INDEX threadline_messages_unread ON threadline_messages (direction, read_at);
        """);
}
