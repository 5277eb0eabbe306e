using System.Text;
using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Steward.Core.Memory;

/// <summary>
/// Validated rows collected as JSON and written with one INSERT … SELECT FROM json_each per chunk.
/// One statement per chunk matters: FTS5 flushes its pending index data at every statement
/// boundary, so row-by-row inserts would write a tiny index segment per row.
/// </summary>
internal sealed class MemoryBulkInsert(SqliteConnection connection, TimeProvider time) : IDisposable
{
    private const int ChunkRows = 20_000;

    private readonly MemoryStream _json = new();
    private readonly TopicCounts _topics = new();
    private Utf8JsonWriter? _writer;
    private int _rows;

    public void Add(MemoryDraft draft)
    {
        var row = MemoryRow.From(draft, time);
        if (_writer is null)
        {
            _writer = new Utf8JsonWriter(_json);
            _writer.WriteStartArray();
        }
        _writer.WriteStartArray();
        _writer.WriteStringValue(row.Topic);
        _writer.WriteStringValue(row.Kind.Name());
        _writer.WriteStringValue(row.Text);
        _writer.WriteStringValue(row.TagText);
        _writer.WriteStringValue(row.Source);
        _writer.WriteNumberValue(row.Importance);
        _writer.WriteNumberValue(row.CreatedAt);
        _writer.WriteEndArray();
        _topics.Add(row);
        if (++_rows == ChunkRows)
        {
            WriteChunk();
        }
    }

    public void Flush()
    {
        WriteChunk();
        _topics.Flush(connection);
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
