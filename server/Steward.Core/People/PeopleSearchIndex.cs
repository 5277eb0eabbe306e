using System.Text;
using Microsoft.Data.Sqlite;

namespace Steward.Core.People;

/// <summary>
/// people_fts (rowid = people.id) has no triggers: every write that changes a person's name, notes,
/// tags or identities calls <see cref="Refresh"/> in the same transaction, and deleting a person
/// calls <see cref="Remove"/>. Queries are built from the user's words, each quoted, so no text can
/// be read as FTS5 syntax.
/// </summary>
internal static class PeopleSearchIndex
{
    /// <summary>More words than this add little to a people search; the rest are ignored.</summary>
    public const int MaxTerms = 32;

    public static void Refresh(SqliteConnection connection, long personId)
    {
        Remove(connection, personId);
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO people_fts (rowid, display_name, notes, tags, handles)
            SELECT p.id, p.display_name, p.notes, p.tags,
                   COALESCE((SELECT group_concat(i.platform || ':' || i.handle, ' ') FROM person_identities i WHERE i.person_id = p.id), '')
              FROM people p WHERE p.id = $id
            """;
        command.Parameters.AddWithValue("$id", personId);
        command.ExecuteNonQuery();
    }

    public static void Remove(SqliteConnection connection, long personId)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "DELETE FROM people_fts WHERE rowid = $id";
        command.Parameters.AddWithValue("$id", personId);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// Ids of the people matching the text, best first: every word must match (as a prefix); when
    /// that finds nobody, any word may. Text without a letter or digit finds nobody.
    /// </summary>
    public static List<long> Search(SqliteConnection connection, string? text, int limit)
    {
        var terms = Terms(text);
        if (terms.Count == 0)
        {
            return [];
        }
        var all = Matching(connection, string.Join(" AND ", terms), limit);
        return all.Count > 0 || terms.Count == 1 ? all : Matching(connection, string.Join(" OR ", terms), limit);
    }

    /// <summary>
    /// The words of the text as quoted FTS5 prefix phrases ("e-mail" → "e-mail"*): inside quotes
    /// only a quote is special, and it is doubled. Pieces without a letter or digit ("*", "?", an
    /// emoji) are dropped, since they would tokenize to nothing and an AND with them matches nobody.
    /// </summary>
    public static List<string> Terms(string? text)
    {
        var terms = new List<string>();
        // Control characters separate words too: a NUL inside a quoted string ends it early for FTS5's parser.
        var clean = string.Create((text ?? "").Length, text ?? "", (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = char.IsControl(source[i]) ? ' ' : source[i];
            }
        });
        foreach (var piece in clean.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
        {
            if (!piece.EnumerateRunes().Any(Rune.IsLetterOrDigit))
            {
                continue;
            }
            terms.Add("\"" + piece.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"*");
            if (terms.Count == MaxTerms)
            {
                break;
            }
        }
        return terms;
    }

    private static List<long> Matching(SqliteConnection connection, string query, int limit)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT rowid FROM people_fts WHERE people_fts MATCH $query ORDER BY rank LIMIT $limit";
        command.Parameters.AddWithValue("$query", query);
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var ids = new List<long>();
        while (reader.Read())
        {
            ids.Add(reader.GetInt64(0));
        }
        return ids;
    }
}
