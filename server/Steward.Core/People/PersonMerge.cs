using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Steward.Core.People;

/// <summary>
/// Moves everything of one person onto another inside the caller's transaction, then deletes the
/// first, so the store never holds half a merge. Nothing is dropped: the merged person's name
/// survives in the kept person's notes under "Merged from &lt;name&gt; (#id):".
/// </summary>
internal static class PersonMerge
{
    public static PersonMergeResult Apply(SqliteConnection connection, long keepId, long mergeId, DateTimeOffset now)
    {
        if (keepId == mergeId)
        {
            throw new StewardException($"keep and merge both name person #{keepId}; a merge needs two different people.");
        }
        var keep = PersonRows.LoadOne(connection, keepId, now)!;
        var merge = PersonRows.LoadOne(connection, mergeId, now)!;

        var identities = Execute(connection, "UPDATE person_identities SET person_id = $keep WHERE person_id = $merge", keepId, mergeId);
        var interactions = Execute(connection, "UPDATE person_interactions SET person_id = $keep WHERE person_id = $merge", keepId, mergeId);
        // Themes both people share add up; the WHERE clause is what lets SQLite parse the upsert after a SELECT.
        var themes = Execute(connection, """
            INSERT INTO person_themes (person_id, theme, count, last_at)
            SELECT $keep, theme, count, last_at FROM person_themes WHERE person_id = $merge
            ON CONFLICT (person_id, theme) DO UPDATE SET count = count + excluded.count, last_at = max(last_at, excluded.last_at)
            """, keepId, mergeId);
        Execute(connection, "DELETE FROM person_themes WHERE person_id = $merge", keepId, mergeId);

        var heading = string.Create(CultureInfo.InvariantCulture, $"Merged from {merge.DisplayName} (#{merge.Id}):");
        var notes = PersonStore.AppendParagraph(keep.Notes, merge.Notes.Length == 0 ? heading : heading + "\n" + merge.Notes);
        using (var update = connection.CreateCommand())
        {
            update.CommandText = """
                UPDATE people
                   SET notes = $notes, tags = $tags, first_seen = min(first_seen, $first), last_seen = max(last_seen, $last),
                       interaction_count = interaction_count + $count
                 WHERE id = $keep
                """;
            update.Parameters.AddWithValue("$keep", keepId);
            update.Parameters.AddWithValue("$notes", notes);
            // A union of two valid tag lists: no limit is enforced here, because a merge must not drop any.
            update.Parameters.AddWithValue("$tags", PersonText.Join(keep.Tags.Union(merge.Tags, StringComparer.Ordinal).Order(StringComparer.Ordinal)));
            update.Parameters.AddWithValue("$first", merge.FirstSeen.ToUnixTimeSeconds());
            update.Parameters.AddWithValue("$last", merge.LastSeen.ToUnixTimeSeconds());
            update.Parameters.AddWithValue("$count", merge.InteractionCount);
            update.ExecuteNonQuery();
        }
        Execute(connection, "DELETE FROM people WHERE id = $merge", keepId, mergeId);
        PeopleSearchIndex.Remove(connection, mergeId);
        PeopleSearchIndex.Refresh(connection, keepId);
        return new PersonMergeResult(PersonRows.LoadOne(connection, keepId, now)!, mergeId, merge.DisplayName, identities, interactions, themes);
    }

    private static int Execute(SqliteConnection connection, string sql, long keepId, long mergeId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$keep", keepId);
        command.Parameters.AddWithValue("$merge", mergeId);
        return command.ExecuteNonQuery();
    }
}
