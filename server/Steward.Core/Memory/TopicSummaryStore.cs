using Steward.Core.Storage;

namespace Steward.Core.Memory;

/// <summary>Rolling summaries per topic (every version kept) and the bookkeeping that decides when the next is due.</summary>
public sealed class TopicSummaryStore(StewardDatabase database)
{
    /// <summary>A claim older than this belonged to a daemon that died mid-summary; another may take it.</summary>
    private const long StaleClaimSeconds = 15 * 60;

    /// <summary>A topic whose last attempt failed is tried again after this long.</summary>
    private const long RetryAfterFailureSeconds = 15 * 60;

    public TopicSummary? Latest(string topic) => Query("WHERE topic = $topic ORDER BY id DESC LIMIT 1", topic).FirstOrDefault();

    public IReadOnlyList<TopicSummary> History(string topic) => Query("WHERE topic = $topic ORDER BY id DESC", topic);

    /// <summary>Claims the topic that most needs a summary (at least <paramref name="threshold"/> new entries), or null.</summary>
    public string? ClaimDue(int threshold, DateTimeOffset now)
    {
        var seconds = now.ToUnixTimeSeconds();
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE memory_topics SET summary_started = $now
             WHERE name = (SELECT name FROM memory_topics
                            WHERE since_summary >= $threshold
                              AND (summary_started IS NULL OR summary_started < $stale)
                              AND (summary_failed IS NULL OR summary_failed < $retry)
                            ORDER BY since_summary DESC LIMIT 1)
            RETURNING name
            """;
        command.Parameters.AddWithValue("$now", seconds);
        command.Parameters.AddWithValue("$threshold", threshold);
        command.Parameters.AddWithValue("$stale", seconds - StaleClaimSeconds);
        command.Parameters.AddWithValue("$retry", seconds - RetryAfterFailureSeconds);
        return command.ExecuteScalar() as string;
    }

    /// <summary>The entries a new summary must cover: those after the last summarised one, oldest first (at most <paramref name="max"/>, the newest of them).</summary>
    public IReadOnlyList<MemoryEntry> EntriesSince(string topic, long afterId, int max)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT * FROM (
                SELECT m.id, m.topic, m.kind, m.text, m.tags, m.source, m.importance, m.created_at, m.last_used_at, m.use_count
                  FROM memories m WHERE m.topic = $topic AND m.kind <> 'summary' AND m.id > $after
                 ORDER BY m.id DESC LIMIT $max)
            ORDER BY id
            """;
        command.Parameters.AddWithValue("$topic", topic);
        command.Parameters.AddWithValue("$after", afterId);
        command.Parameters.AddWithValue("$max", max);
        var entries = new List<MemoryEntry>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            entries.Add(MemoryStore.Read(reader));
        }
        return entries;
    }

    /// <summary>
    /// Stores a new summary version, adds it to memory as a searchable "summary" entry, and resets
    /// the topic's count to the entries that arrived while it was being written.
    /// </summary>
    public TopicSummary Save(string topic, string purpose, string summary, int entriesCovered, long lastMemoryId, string? sessionName, DateTimeOffset now)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO topic_summaries (topic, purpose, summary, entries_covered, last_memory_id, created_at, session_name)
            VALUES ($topic, $purpose, $summary, $covered, $last, $now, $session) RETURNING id
            """;
        insert.Parameters.AddWithValue("$topic", topic);
        insert.Parameters.AddWithValue("$purpose", purpose);
        insert.Parameters.AddWithValue("$summary", summary);
        insert.Parameters.AddWithValue("$covered", entriesCovered);
        insert.Parameters.AddWithValue("$last", lastMemoryId);
        insert.Parameters.AddWithValue("$now", now.ToUnixTimeSeconds());
        insert.Parameters.AddWithValue("$session", (object?)sessionName ?? DBNull.Value);
        var id = (long)insert.ExecuteScalar()!;

        using (var memory = new MemoryInsert(connection, TimeProvider.System))
        {
            memory.Add(new MemoryDraft($"PURPOSE: {purpose}\n\n{summary}", topic, MemoryKind.Summary, ["summary"], "summarizer", 4, now));
        }
        using var reset = connection.CreateCommand();
        reset.CommandText = """
            UPDATE memory_topics
               SET summary_started = NULL, summary_failed = NULL,
                   since_summary = (SELECT COUNT(*) FROM memories WHERE topic = $topic AND kind <> 'summary' AND id > $last)
             WHERE name = $topic
            """;
        reset.Parameters.AddWithValue("$topic", topic);
        reset.Parameters.AddWithValue("$last", lastMemoryId);
        reset.ExecuteNonQuery();
        transaction.Commit();
        return new TopicSummary(id, topic, purpose, summary, entriesCovered, lastMemoryId, now, sessionName);
    }

    public void MarkFailed(string topic, DateTimeOffset now)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE memory_topics SET summary_started = NULL, summary_failed = $now WHERE name = $topic";
        command.Parameters.AddWithValue("$topic", topic);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeSeconds());
        command.ExecuteNonQuery();
    }

    private List<TopicSummary> Query(string where, string topic)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT id, topic, purpose, summary, entries_covered, last_memory_id, created_at, session_name FROM topic_summaries {where}";
        command.Parameters.AddWithValue("$topic", topic);
        var rows = new List<TopicSummary>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(new TopicSummary(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                reader.GetInt64(5), DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(6)), reader.IsDBNull(7) ? null : reader.GetString(7)));
        }
        return rows;
    }
}
