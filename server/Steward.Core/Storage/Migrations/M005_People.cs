namespace Steward.Core.Storage.Migrations;

/// <summary>
/// People and their identities across platforms. (platform, handle) is the primary key of an
/// identity: resolving an incoming sender is one index lookup, and an identity can belong to one
/// person only.
/// </summary>
internal static class M005_People
{
    public static readonly Migration Migration = new(5, "people and relationships", """
        CREATE TABLE people (
            id                INTEGER PRIMARY KEY,
            display_name      TEXT    NOT NULL,
            notes             TEXT    NOT NULL DEFAULT '',
            tags              TEXT    NOT NULL DEFAULT '',
            first_seen        INTEGER NOT NULL,
            last_seen         INTEGER NOT NULL,
            interaction_count INTEGER NOT NULL DEFAULT 0
        );

        CREATE TABLE person_identities (
            platform  TEXT    NOT NULL,
            handle    TEXT    NOT NULL,
            person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
            added_at  INTEGER NOT NULL,
            PRIMARY KEY (platform, handle)
        ) WITHOUT ROWID;
        CREATE INDEX person_identities_by_person ON person_identities (person_id);

        CREATE TABLE person_interactions (
            id        INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
            at        INTEGER NOT NULL,
            channel   TEXT    NOT NULL,
            summary   TEXT    NOT NULL,
            themes    TEXT    NOT NULL DEFAULT ''
        );
        CREATE INDEX person_interactions_by_person ON person_interactions (person_id, at);

        CREATE TABLE person_themes (
            person_id INTEGER NOT NULL REFERENCES people (id) ON DELETE CASCADE,
            theme     TEXT    NOT NULL,
            count     INTEGER NOT NULL,
            last_at   INTEGER NOT NULL,
            PRIMARY KEY (person_id, theme)
        ) WITHOUT ROWID;

        -- Search over names, notes, tags and handles; rowid = people.id, kept in step by the store.
        CREATE VIRTUAL TABLE people_fts USING fts5 (
            display_name, notes, tags, handles,
            tokenize = 'porter unicode61 remove_diacritics 2'
        );
        """);
}
