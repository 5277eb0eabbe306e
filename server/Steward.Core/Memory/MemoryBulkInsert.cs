using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Steward.Core.Memory;

/// <summary>
/// Validated rows collected as JSON and written with one INSERT … SELECT FROM json_each per chunk.
/// One statement per chunk matters: FTS5 flushes its pending index data at every statement
/// boundary, so row-by-row inserts would write a tiny index segment per row. Topic counters are
/// summed and written once per topic.
/// </summary>
internal sealed class MemoryBulkInsert(SqliteConnection connection, TimeProvider time) : IDisposable
{
    private const int ChunkRows = 20_000;

    private readonly MemoryStream _json = new();
    private readonly Dictionary<string, (int Count, long Last)> _topics = new(StringComparer.Ordinal);
    private Utf8JsonWriter? _writer;
    private int _rows;

    public void Add(MemoryDraft draft)
    {
        var text = MemoryLimits.Text(draft.Text);
        var topic = MemoryLimits.Topic(draft.Topic);
        var tags = MemoryLimits.Tags(draft.Tags);
        var importance = MemoryLimits.Importance(draft.Importance, draft.Kind);
        var source = string.IsNullOrWhiteSpace(draft.Source) ? "unknown" : draft.Source.Trim();
        var created = (draft.CreatedAt ?? time.GetUtcNow()).ToUnixTimeSeconds();

        if (_writer is null)
        {
            _writer = new Utf8JsonWriter(_json);
            _writer.WriteStartArray();
        }
        _writer.WriteStartArray();
        _writer.WriteStringValue(topic);
        _writer.WriteStringValue(draft.Kind.Name());
        _writer.WriteStringValue(text);
        _writer.WriteStringValue(string.Join(' ', tags));
        _writer.WriteStringValue(source.Length > 200 ? source[..200] : source);
        _writer.WriteNumberValue(importance);
        _writer.WriteNumberValue(created);
        _writer.WriteEndArray();
        if (draft.Kind != MemoryKind.Summary)
        {
            var (count, last) = _topics.GetValueOrDefault(topic);
            _topics[topic] = (count + 1, Math.Max(last, created));
        }
        if (++_rows == ChunkRows)
        {
            WriteChunk();
        }
    }

    public void Flush()
    {
        WriteChunk();
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

    private void WriteChunk()
    {
        if (_writer is null)
        {
            return;
        }
        _writer.WriteEndArray();
        _writer.Flush();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO memories (topic, kind, text, tags, source, importance, created_at)
            SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3, value ->> 4, value ->> 5, value ->> 6 FROM json_each($rows)
            """;
        command.Parameters.AddWithValue("$rows", Encoding.UTF8.GetString(_json.GetBuffer(), 0, (int)_json.Length));
        command.ExecuteNonQuery();
        _writer.Dispose();
        _writer = null;
        _json.SetLength(0);
        _rows = 0;
    }

    public void Dispose()
    {
        _writer?.Dispose();
        _json.Dispose();
    }
}
