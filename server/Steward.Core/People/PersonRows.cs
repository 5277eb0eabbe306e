using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Steward.Core.People;

/// <summary>Reads people, their identities, themes and interactions from an open connection (inside the caller's transaction if it has one).</summary>
internal static class PersonRows
{
    /// <summary>The people with these ids (all people when null), each with identities, themes and significance as of <paramref name="now"/>.</summary>
    public static List<Person> Load(SqliteConnection connection, IReadOnlyCollection<long>? ids, DateTimeOffset now)
    {
        var filter = ids is null ? DBNull.Value : (object)("[" + string.Join(',', ids.Select(i => i.ToString(CultureInfo.InvariantCulture))) + "]");
        var identities = new Dictionary<long, List<PersonIdentity>>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT person_id, platform, handle FROM person_identities
                 WHERE $ids IS NULL OR person_id IN (SELECT value FROM json_each($ids))
                 ORDER BY added_at, platform, handle
                """;
            command.Parameters.AddWithValue("$ids", filter);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                ListFor(identities, reader.GetInt64(0)).Add(PersonIdentity.Stored(reader.GetString(1), reader.GetString(2)));
            }
        }
        var themes = new Dictionary<long, List<PersonTheme>>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT person_id, theme, count, last_at FROM person_themes
                 WHERE $ids IS NULL OR person_id IN (SELECT value FROM json_each($ids))
                 ORDER BY count DESC, last_at DESC, theme
                """;
            command.Parameters.AddWithValue("$ids", filter);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                ListFor(themes, reader.GetInt64(0)).Add(new PersonTheme(reader.GetString(1), reader.GetInt32(2), Instant(reader, 3)));
            }
        }
        var people = new List<Person>();
        using (var command = connection.CreateCommand())
        {
            command.CommandText = """
                SELECT p.id, p.display_name, p.notes, p.tags, p.first_seen, p.last_seen, p.interaction_count,
                       (SELECT MAX(i.at) FROM person_interactions i WHERE i.person_id = p.id)
                  FROM people p
                 WHERE $ids IS NULL OR p.id IN (SELECT value FROM json_each($ids))
                """;
            command.Parameters.AddWithValue("$ids", filter);
            using var reader = command.ExecuteReader();
            while (reader.Read())
            {
                var id = reader.GetInt64(0);
                var personThemes = themes.GetValueOrDefault(id) ?? [];
                var count = reader.GetInt32(6);
                DateTimeOffset? lastInteraction = reader.IsDBNull(7) ? null : Instant(reader, 7);
                people.Add(new Person(id, reader.GetString(1), identities.GetValueOrDefault(id) ?? [], reader.GetString(2),
                    PersonText.Split(reader.GetString(3)), Instant(reader, 4), Instant(reader, 5), count, lastInteraction, personThemes,
                    PersonSignificance.Compute(count, lastInteraction, personThemes.Count, now)));
            }
        }
        return people;
    }

    public static Person? LoadOne(SqliteConnection connection, long id, DateTimeOffset now) => Load(connection, [id], now).SingleOrDefault();

    /// <summary>Who owns an identity: one primary-key lookup.</summary>
    public static long? OwnerOf(SqliteConnection connection, PersonIdentity identity)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT person_id FROM person_identities WHERE platform = $platform AND handle = $handle";
        command.Parameters.AddWithValue("$platform", identity.Platform);
        command.Parameters.AddWithValue("$handle", identity.Handle);
        return command.ExecuteScalar() is long id ? id : null;
    }

    public static bool Exists(SqliteConnection connection, long id)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT 1 FROM people WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        return command.ExecuteScalar() is not null;
    }

    /// <summary>A person's interactions, newest first.</summary>
    public static List<PersonInteraction> Interactions(SqliteConnection connection, long personId, int limit)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, person_id, at, channel, summary, themes FROM person_interactions
             WHERE person_id = $id ORDER BY at DESC, id DESC LIMIT $limit
            """;
        command.Parameters.AddWithValue("$id", personId);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var rows = new List<PersonInteraction>();
        while (reader.Read())
        {
            rows.Add(new PersonInteraction(reader.GetInt64(0), reader.GetInt64(1), Instant(reader, 2), reader.GetString(3), reader.GetString(4),
                PersonText.Split(reader.GetString(5))));
        }
        return rows;
    }

    public static DateTimeOffset Instant(SqliteDataReader reader, int ordinal) => DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(ordinal));

    private static List<T> ListFor<T>(Dictionary<long, List<T>> lists, long id)
    {
        if (!lists.TryGetValue(id, out var list))
        {
            list = [];
            lists[id] = list;
        }
        return list;
    }
}
