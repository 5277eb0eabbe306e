namespace Steward.Core.Storage.Migrations;

/// <summary>
/// The relay brings contacts whose keys are not known yet (found by discovery, or an Instar agent
/// that only sends plaintext), so the key columns become nullable — SQLite changes a column only
/// by rebuilding the table. Received messages are deduplicated by (sender, message id) for good,
/// not only for the replay window: the relay may hand over a queued message hours later.
/// </summary>
internal static class M009_ThreadlineRelay
{
    public static readonly Migration Migration = new(9, "threadline relay: contacts without keys yet, lasting dedupe of received messages", """
        CREATE TABLE threadline_contacts_keyed_later (
            fingerprint     TEXT    PRIMARY KEY,
            name            TEXT    NOT NULL,
            url             TEXT,
            ed25519_public  TEXT,
            x25519_public   TEXT,
            trust           TEXT    NOT NULL CHECK (trust IN ('untrusted', 'verified', 'trusted', 'autonomous')),
            instar_compat   INTEGER NOT NULL DEFAULT 0,
            relay_token     TEXT,
            added_at        INTEGER NOT NULL,
            last_contact_at INTEGER,
            CHECK ((ed25519_public IS NULL) = (x25519_public IS NULL))
        ) WITHOUT ROWID;
        INSERT INTO threadline_contacts_keyed_later
            SELECT fingerprint, name, url, ed25519_public, x25519_public, trust, instar_compat, relay_token, added_at, last_contact_at FROM threadline_contacts;
        DROP TABLE threadline_contacts;
        ALTER TABLE threadline_contacts_keyed_later RENAME TO threadline_contacts;
        CREATE UNIQUE INDEX threadline_contacts_by_name ON threadline_contacts (name);

        CREATE UNIQUE INDEX threadline_messages_received_once ON threadline_messages (peer, message_id) WHERE direction = 'in';
        """);
}
