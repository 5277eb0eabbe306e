using Microsoft.Data.Sqlite;
using Steward.Core.Storage;

namespace Steward.Core.Memory;

/// <summary>A matching entry with what ranking needs; its text is fetched later, for the page only.</summary>
internal sealed record MemoryCandidate(long Id, MemoryKind Kind, int Importance, int UseCount, long CreatedAt, double Relevance);

/// <summary>
/// How search stays fast at a million entries. FTS5's bm25 starts every query by counting, for
/// each term, all the entries that contain it (its IDF), which costs about a microsecond per entry:
/// hundreds of milliseconds for a common word. A term is common when at least
/// <see cref="MemoryRanking.CommonTerm"/> entries contain it.
///   - Every term specific: few entries match, so bm25 ranks all of them, however old.
///   - Some term common: the candidates are the newest <see cref="MemoryRanking.Window"/> entries
///     matching all the terms (or, when none does, any of them), found by walking FTS5's lists
///     newest first; bm25 is asked only about the specific terms, within that range; each common
///     term adds a fixed <see cref="MemoryRanking.CommonTermRelevance"/> (its IDF is low, and it is
///     the same for every candidate that has it).
/// </summary>
internal static class MemoryCandidates
{
    public static List<MemoryCandidate> Find(SqliteConnection connection, IReadOnlyList<string> terms, MemoryQuery query)
    {
        var rare = terms.Where(t => !IsCommon(connection, t)).ToList();
        if (rare.Count == terms.Count)
        {
            // Every term is specific: few entries match, and bm25 ranks all of them, however old.
            var ranked = Ranked(connection, FtsQuery.All(terms), query);
            return ranked.Count > 0 || terms.Count == 1 ? ranked : Ranked(connection, FtsQuery.Any(terms), query);
        }

        var allTerms = true;
        var rows = Window(connection, FtsQuery.All(terms), query);
        if (rows.Count == 0 && terms.Count > 1)
        {
            allTerms = false;
            rows = Window(connection, FtsQuery.Any(terms), query);
        }
        if (rows.Count == 0)
        {
            return [];
        }
        var oldest = rows.Count < MemoryRanking.Window ? 0 : rows.Min(r => r.Id);
        var bm25 = rare.Count == 0 ? [] : Bm25(connection, FtsQuery.Any(rare), oldest);
        var common = allTerms ? terms.Count - rare.Count : 1;
        var baseline = rare.Count == 0 ? 1.0 : common * MemoryRanking.CommonTermRelevance;
        return rows.Select(r => r with { Relevance = baseline + bm25.GetValueOrDefault(r.Id) }).ToList();
    }

    /// <summary>Every match with its bm25, for queries whose terms are all specific (so there are few).</summary>
    private static List<MemoryCandidate> Ranked(SqliteConnection connection, string match, MemoryQuery query)
    {
        using var command = connection.CreateCommand();
        var filters = (query.Topic is null ? "" : " AND m.topic = $topic") + (query.Kind is null ? "" : " AND m.kind = $kind");
        command.CommandText = $"""
            SELECT f.rowid, m.kind, m.importance, m.use_count, m.created_at, -bm25(memories_fts, 1.0, 0.5)
              FROM memories_fts f CROSS JOIN memories m ON m.id = f.rowid
             WHERE memories_fts MATCH $match{filters}
            """;
        Bind(command, match, query);
        var rows = new List<MemoryCandidate>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new MemoryCandidate(reader.GetInt64(0), MemoryKindNames.Parse(reader.GetString(1)), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt64(4), reader.GetDouble(5)));
        }
        return rows;
    }

    private static void Bind(SqliteCommand command, string match, MemoryQuery query)
    {
        command.Parameters.AddWithValue("$match", match);
        if (query.Topic is not null)
        {
            command.Parameters.AddWithValue("$topic", MemoryLimits.Topic(query.Topic));
        }
        if (query.Kind is { } kind)
        {
            command.Parameters.AddWithValue("$kind", kind.Name());
        }
    }

    /// <summary>The newest matching entries, with what ranking needs (CROSS JOIN keeps FTS5 as the outer loop).</summary>
    private static List<MemoryCandidate> Window(SqliteConnection connection, string match, MemoryQuery query)
    {
        using var command = connection.CreateCommand();
        var filters = (query.Topic is null ? "" : " AND m.topic = $topic") + (query.Kind is null ? "" : " AND m.kind = $kind");
        command.CommandText = $"""
            SELECT f.rowid, m.kind, m.importance, m.use_count, m.created_at
              FROM memories_fts f CROSS JOIN memories m ON m.id = f.rowid
             WHERE memories_fts MATCH $match{filters}
             ORDER BY f.rowid DESC LIMIT $window
            """;
        Bind(command, match, query);
        command.Parameters.AddWithValue("$window", MemoryRanking.Window);
        var rows = new List<MemoryCandidate>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new MemoryCandidate(reader.GetInt64(0), MemoryKindNames.Parse(reader.GetString(1)), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt64(4), 0));
        }
        return rows;
    }

    /// <summary>
    /// Verdicts per database and term. A common term stays common (entries are rarely forgotten);
    /// a rare one may become common as entries arrive, so that verdict is trusted for a minute.
    /// </summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(string Database, string Term), (bool Common, long CheckedAt)> Verdicts = new();

    private static bool IsCommon(SqliteConnection connection, string term)
    {
        var key = (connection.DataSource, term);
        var now = Environment.TickCount64;
        if (Verdicts.TryGetValue(key, out var verdict) && (verdict.Common || now - verdict.CheckedAt < 60_000))
        {
            return verdict.Common;
        }
        if (Verdicts.Count > 100_000)
        {
            Verdicts.Clear();
        }
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT rowid FROM memories_fts WHERE memories_fts MATCH $term ORDER BY rowid DESC LIMIT 1 OFFSET $common";
        command.Parameters.AddWithValue("$term", term);
        command.Parameters.AddWithValue("$common", MemoryRanking.CommonTerm - 1);
        var common = command.ExecuteScalar() is not null;
        Verdicts[key] = (common, now);
        return common;
    }

    /// <summary>bm25 (text 1.0, tags 0.5) of the rows from <paramref name="oldest"/> on. No ORDER BY: with one, FTS5 would rank every match.</summary>
    private static Dictionary<long, double> Bm25(SqliteConnection connection, string match, long oldest)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT rowid, -bm25(memories_fts, 1.0, 0.5) FROM memories_fts WHERE memories_fts MATCH $match AND rowid >= $oldest";
        command.Parameters.AddWithValue("$match", match);
        command.Parameters.AddWithValue("$oldest", oldest);
        var scores = new Dictionary<long, double>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            scores[reader.GetInt64(0)] = reader.GetDouble(1);
        }
        return scores;
    }
}
