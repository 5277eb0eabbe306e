using Microsoft.Data.Sqlite;

namespace Steward.Core.Memory;

/// <summary>A draft checked against <see cref="MemoryLimits"/> and put in the form it is stored in.</summary>
internal sealed record MemoryRow(string Topic, MemoryKind Kind, string Text, IReadOnlyList<string> Tags, string Source, int Importance, long CreatedAt)
{
    public string TagText => string.Join(' ', Tags);

    public static MemoryRow From(MemoryDraft draft, TimeProvider time)
    {
        var source = string.IsNullOrWhiteSpace(draft.Source) ? "unknown" : draft.Source.Trim();
        return new MemoryRow(
            MemoryLimits.Topic(draft.Topic),
            draft.Kind,
            MemoryLimits.Text(draft.Text),
            MemoryLimits.Tags(draft.Tags),
            source.Length > 200 ? source[..200] : source,
            MemoryLimits.Importance(draft.Importance, draft.Kind),
            (draft.CreatedAt ?? time.GetUtcNow()).ToUnixTimeSeconds());
    }
}

/// <summary>
/// New entries per topic, added up while a transaction writes and stored once per topic at the
/// end, so a batch of thousands costs one counter update per topic. Summaries do not count.
/// </summary>
internal sealed class TopicCounts
{
    private readonly Dictionary<string, (int Count, long Last)> _topics = new(StringComparer.Ordinal);

    public void Add(MemoryRow row)
    {
        if (row.Kind == MemoryKind.Summary)
        {
            return;
        }
        var (count, last) = _topics.GetValueOrDefault(row.Topic);
        _topics[row.Topic] = (count + 1, Math.Max(last, row.CreatedAt));
    }

    public void Flush(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO memory_topics (name, entries, since_summary, last_entry_at) VALUES ($name, $count, $count, $last)
            ON CONFLICT (name) DO UPDATE SET entries = entries + excluded.entries, since_summary = since_summary + excluded.since_summary,
                                             last_entry_at = MAX(COALESCE(last_entry_at, 0), excluded.last_entry_at)
            """;
        foreach (var (name, (count, last)) in _topics)
        {
            command.Parameters.Clear();
            command.Parameters.AddWithValue("$name", name);
            command.Parameters.AddWithValue("$count", count);
            command.Parameters.AddWithValue("$last", last);
            command.ExecuteNonQuery();
        }
        _topics.Clear();
    }
}
