using Microsoft.Data.Sqlite;
using Steward.Core.Storage;

namespace Steward.Core.Memory;

/// <summary>
/// Memory entries in state.db with a ranked full-text index. Writes are row inserts (never a
/// whole-file rewrite); any query text is safe (<see cref="FtsQuery"/>); ranking is
/// <see cref="MemoryRanking"/>.
/// </summary>
public sealed class MemoryStore(StewardDatabase database, double halfLifeDays = 30, TimeProvider? timeProvider = null)
{
    private const string Columns = "m.id, m.topic, m.kind, m.text, m.tags, m.source, m.importance, m.created_at, m.last_used_at, m.use_count";

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public MemoryEntry Remember(MemoryDraft draft)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var insert = new MemoryInsert(connection, _time);
        var entry = insert.Add(draft);
        insert.FlushTopics();
        transaction.Commit();
        return entry;
    }

    /// <summary>
    /// Many entries in one transaction (imports, benchmarks): each is validated like a single one;
    /// one bad entry writes none. Rows go in through one statement per chunk, because FTS5 flushes
    /// its pending index data at every statement boundary: row-by-row inserts would write a tiny
    /// index segment per row.
    /// </summary>
    public int RememberMany(IEnumerable<MemoryDraft> drafts)
    {
        using var connection = database.Open();
        // Index merges during a big import touch many pages: 64 MiB of cache keeps them in memory,
        // and checkpointing every 64 MiB of log instead of every 4 MiB saves most of the syncs.
        Pragma(connection, "PRAGMA cache_size = -65536; PRAGMA wal_autocheckpoint = 16384");
        try
        {
            using var transaction = connection.BeginTransaction(deferred: false);
            using var insert = new MemoryBulkInsert(connection, _time);
            var count = 0;
            foreach (var draft in drafts)
            {
                insert.Add(draft);
                count++;
            }
            insert.Flush();
            transaction.Commit();
            return count;
        }
        finally
        {
            Pragma(connection, "PRAGMA wal_autocheckpoint = 1000");
        }
    }

    /// <summary>
    /// Finds candidates cheaply, ranks them with <see cref="MemoryRanking"/>, and builds snippets
    /// for the page returned. See <see cref="MemoryCandidates"/> for why it never asks FTS5 to rank
    /// every match of a common word.
    /// </summary>
    public IReadOnlyList<MemoryHit> Search(MemoryQuery query)
    {
        var terms = FtsQuery.Terms(query.Text);
        if (terms.Count == 0)
        {
            return [];
        }
        using var connection = database.Open();
        var candidates = MemoryCandidates.Find(connection, terms, query);
        if (candidates.Count == 0)
        {
            return [];
        }
        var now = _time.GetUtcNow();
        var page = candidates
            .Select(c => (c.Id, Age: now - DateTimeOffset.FromUnixTimeSeconds(c.CreatedAt), c))
            .Select(x => (x.Id, x.Age, Score: MemoryRanking.Score(x.c.Relevance, x.c.Kind, x.c.Importance, x.c.UseCount, x.Age, halfLifeDays)))
            .OrderByDescending(x => x.Score).ThenByDescending(x => x.Id)
            .Take(query.Limit)
            .ToList();
        var entries = Entries(connection, page.Select(p => p.Id)).ToDictionary(e => e.Id);
        return page.Where(p => entries.ContainsKey(p.Id))
            .Select(p => new MemoryHit(entries[p.Id], SnippetMaker.Make(entries[p.Id].Text, terms), p.Score, p.Age))
            .ToList();
    }

    /// <summary>Counts a use of entries a search returned: used entries rank a little higher later.</summary>
    public void MarkUsed(IEnumerable<long> ids)
    {
        var list = ids.ToList();
        if (list.Count == 0)
        {
            return;
        }
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE memories SET use_count = use_count + 1, last_used_at = $now WHERE id IN ({string.Join(',', list)})";
        command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeSeconds());
        command.ExecuteNonQuery();
    }

    public IReadOnlyList<MemoryEntry> Recent(string? topic, int limit)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = topic is null
            ? $"SELECT {Columns} FROM memories m ORDER BY m.id DESC LIMIT $limit"
            : $"SELECT {Columns} FROM memories m WHERE m.topic = $topic ORDER BY m.id DESC LIMIT $limit";
        command.Parameters.AddWithValue("$limit", limit);
        if (topic is not null)
        {
            command.Parameters.AddWithValue("$topic", MemoryLimits.Topic(topic));
        }
        var entries = new List<MemoryEntry>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            entries.Add(Read(reader));
        }
        return entries;
    }

    public MemoryEntry? Get(long id)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM memories m WHERE m.id = $id";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return reader.Read() ? Read(reader) : null;
    }

    /// <summary>Deletes the entry; the trigger removes it from the index in the same transaction. False when there was none.</summary>
    public bool Forget(long id)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var delete = connection.CreateCommand();
        delete.CommandText = "DELETE FROM memories WHERE id = $id RETURNING topic, kind";
        delete.Parameters.AddWithValue("$id", id);
        string? topic = null;
        string? kind = null;
        using (var reader = delete.ExecuteReader())
        {
            if (reader.Read())
            {
                topic = reader.GetString(0);
                kind = reader.GetString(1);
            }
        }
        if (topic is null)
        {
            return false;
        }
        if (kind != "summary")
        {
            using var count = connection.CreateCommand();
            count.CommandText = "UPDATE memory_topics SET entries = MAX(entries - 1, 0), since_summary = MAX(since_summary - 1, 0) WHERE name = $topic";
            count.Parameters.AddWithValue("$topic", topic);
            count.ExecuteNonQuery();
        }
        transaction.Commit();
        return true;
    }

    public IReadOnlyList<MemoryTopic> Topics()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT name, entries, since_summary, last_entry_at FROM memory_topics WHERE entries > 0 ORDER BY last_entry_at DESC";
        var topics = new List<MemoryTopic>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            topics.Add(new MemoryTopic(reader.GetString(0), reader.GetInt32(1), reader.GetInt32(2),
                reader.IsDBNull(3) ? null : DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(3))));
        }
        return topics;
    }

    public long Count()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT COUNT(*) FROM memories";
        return (long)command.ExecuteScalar()!;
    }

    private static List<MemoryEntry> Entries(SqliteConnection connection, IEnumerable<long> ids)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM memories m WHERE m.id IN ({string.Join(',', ids)})";
        var entries = new List<MemoryEntry>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            entries.Add(Read(reader));
        }
        return entries;
    }

    private static void Pragma(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    internal static MemoryEntry Read(SqliteDataReader reader) => new(
        reader.GetInt64(0),
        reader.GetString(1),
        MemoryKindNames.Parse(reader.GetString(2)),
        reader.GetString(3),
        reader.GetString(4).Split(' ', StringSplitOptions.RemoveEmptyEntries),
        reader.GetString(5),
        reader.GetInt32(6),
        DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(7)),
        reader.IsDBNull(8) ? null : DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(8)),
        reader.GetInt32(9));
}
