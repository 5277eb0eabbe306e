using Microsoft.Data.Sqlite;

namespace Steward.Core.Memory;

/// <summary>
/// Prepared inserts for one transaction. Topic counters are added up in memory and written once
/// per topic at the end, so a batch of thousands costs one counter update per topic.
/// </summary>
internal sealed class MemoryInsert : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly SqliteCommand _insert;
    private readonly Dictionary<string, (int Count, long Last)> _topics = new(StringComparer.Ordinal);

    public MemoryInsert(SqliteConnection connection, TimeProvider time)
    {
        _connection = connection;
        _time = time;
        _insert = connection.CreateCommand();
        _insert.CommandText = """
            INSERT INTO memories (topic, kind, text, tags, source, importance, created_at)
            VALUES ($topic, $kind, $text, $tags, $source, $importance, $created)
            """;
        foreach (var name in new[] { "$topic", "$kind", "$text", "$tags", "$source", "$importance", "$created" })
        {
            _insert.Parameters.Add(new SqliteParameter(name, null));
        }
        _insert.Prepare();
    }

    public MemoryEntry Add(MemoryDraft draft)
    {
        var text = MemoryLimits.Text(draft.Text);
        var topic = MemoryLimits.Topic(draft.Topic);
        var tags = MemoryLimits.Tags(draft.Tags);
        var importance = MemoryLimits.Importance(draft.Importance, draft.Kind);
        var source = string.IsNullOrWhiteSpace(draft.Source) ? "unknown" : draft.Source.Trim();
        var created = (draft.CreatedAt ?? _time.GetUtcNow()).ToUnixTimeSeconds();

        _insert.Parameters["$topic"].Value = topic;
        _insert.Parameters["$kind"].Value = draft.Kind.Name();
        _insert.Parameters["$text"].Value = text;
        _insert.Parameters["$tags"].Value = string.Join(' ', tags);
        _insert.Parameters["$source"].Value = source.Length > 200 ? source[..200] : source;
        _insert.Parameters["$importance"].Value = importance;
        _insert.Parameters["$created"].Value = created;
        _insert.ExecuteNonQuery();
        var id = SQLitePCL.raw.sqlite3_last_insert_rowid(_connection.Handle);

        if (draft.Kind != MemoryKind.Summary)
        {
            var (count, last) = _topics.GetValueOrDefault(topic);
            _topics[topic] = (count + 1, Math.Max(last, created));
        }
        return new MemoryEntry(id, topic, draft.Kind, text, tags, source, importance, DateTimeOffset.FromUnixTimeSeconds(created), null, 0);
    }

    public void FlushTopics()
    {
        using var command = _connection.CreateCommand();
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

    public void Dispose() => _insert.Dispose();
}
