using Microsoft.Data.Sqlite;

namespace Steward.Core.Memory;

/// <summary>One entry at a time, in the caller's transaction (a single remember, a summary).</summary>
internal sealed class MemoryInsert : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly TimeProvider _time;
    private readonly SqliteCommand _insert;
    private readonly TopicCounts _topics = new();

    public MemoryInsert(SqliteConnection connection, TimeProvider time)
    {
        _connection = connection;
        _time = time;
        _insert = connection.CreateCommand();
        _insert.CommandText = """
            INSERT INTO memories (topic, kind, text, tags, source, importance, created_at)
            VALUES ($topic, $kind, $text, $tags, $source, $importance, $created)
            """;
    }

    public MemoryEntry Add(MemoryDraft draft)
    {
        var row = MemoryRow.From(draft, _time);
        _insert.Parameters.Clear();
        _insert.Parameters.AddWithValue("$topic", row.Topic);
        _insert.Parameters.AddWithValue("$kind", row.Kind.Name());
        _insert.Parameters.AddWithValue("$text", row.Text);
        _insert.Parameters.AddWithValue("$tags", row.TagText);
        _insert.Parameters.AddWithValue("$source", row.Source);
        _insert.Parameters.AddWithValue("$importance", row.Importance);
        _insert.Parameters.AddWithValue("$created", row.CreatedAt);
        _insert.ExecuteNonQuery();
        _topics.Add(row);
        var id = SQLitePCL.raw.sqlite3_last_insert_rowid(_connection.Handle);
        return new MemoryEntry(id, row.Topic, row.Kind, row.Text, row.Tags, row.Source, row.Importance, DateTimeOffset.FromUnixTimeSeconds(row.CreatedAt), null, 0);
    }

    public void FlushTopics() => _topics.Flush(_connection);

    public void Dispose() => _insert.Dispose();
}
