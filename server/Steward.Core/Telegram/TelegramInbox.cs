using Microsoft.Data.Sqlite;
using Steward.Core.Storage;

namespace Steward.Core.Telegram;

/// <summary>One stored update, as the handler sees it.</summary>
public sealed record StoredUpdate(long UpdateId, long? ChatId, long? ThreadId, long? UserId, string? UserName, string? Text, string? TopicName, bool ChatIsForum);

/// <summary>
/// Inbound updates. <see cref="Store"/> writes a batch and the next offset in one transaction, so
/// the offset that confirms an update to Telegram is never saved before the update itself: a crash
/// in between makes Telegram deliver it again, and the update_id key turns that into a no-op.
/// Handling is recorded per update, so each is handled once.
/// </summary>
public sealed class TelegramInbox(StewardDatabase database, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>The offset for the next getUpdates (0 before the first update).</summary>
    public long Offset()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT value FROM telegram_state WHERE key = 'offset'";
        return command.ExecuteScalar() is string value ? long.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    public int Store(IReadOnlyList<TelegramUpdate> updates)
    {
        if (updates.Count == 0)
        {
            return 0;
        }
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var stored = 0;
        foreach (var update in updates)
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT OR IGNORE INTO telegram_updates (update_id, received_at, chat_id, thread_id, user_id, user_name, text, outcome)
                VALUES ($id, $now, $chat, $thread, $user, $name, $text, $topic)
                """;
            var message = update.Message;
            insert.Parameters.AddWithValue("$id", update.UpdateId);
            insert.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeSeconds());
            insert.Parameters.AddWithValue("$chat", (object?)message?.ChatId ?? DBNull.Value);
            insert.Parameters.AddWithValue("$thread", (object?)message?.ThreadId ?? DBNull.Value);
            insert.Parameters.AddWithValue("$user", (object?)message?.From?.Id ?? DBNull.Value);
            insert.Parameters.AddWithValue("$name", (object?)message?.From?.Describe() ?? DBNull.Value);
            insert.Parameters.AddWithValue("$text", (object?)message?.Text ?? DBNull.Value);
            // Until handled, outcome carries what the handler needs besides the text: the topic name and whether the chat is a forum.
            insert.Parameters.AddWithValue("$topic", $"{(message?.ChatIsForum == true ? "forum" : "chat")}|{message?.TopicName}");
            stored += insert.ExecuteNonQuery();
        }
        using (var offset = connection.CreateCommand())
        {
            offset.CommandText = """
                INSERT INTO telegram_state (key, value) VALUES ('offset', $offset)
                ON CONFLICT (key) DO UPDATE SET value = max(CAST(value AS INTEGER), CAST(excluded.value AS INTEGER))
                """;
            offset.Parameters.AddWithValue("$offset", (updates.Max(u => u.UpdateId) + 1).ToString(System.Globalization.CultureInfo.InvariantCulture));
            offset.ExecuteNonQuery();
        }
        transaction.Commit();
        return stored;
    }

    public IReadOnlyList<StoredUpdate> Pending(int limit = 100)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT update_id, chat_id, thread_id, user_id, user_name, text, outcome FROM telegram_updates WHERE status = 'pending' ORDER BY update_id LIMIT $limit";
        command.Parameters.AddWithValue("$limit", limit);
        using var reader = command.ExecuteReader();
        var updates = new List<StoredUpdate>();
        while (reader.Read())
        {
            var context = reader.IsDBNull(6) ? "chat|" : reader.GetString(6);
            var bar = context.IndexOf('|', StringComparison.Ordinal);
            updates.Add(new StoredUpdate(reader.GetInt64(0), NullableLong(reader, 1), NullableLong(reader, 2), NullableLong(reader, 3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5),
                bar >= 0 && bar < context.Length - 1 ? context[(bar + 1)..] : null, context.StartsWith("forum", StringComparison.Ordinal)));
        }
        return updates;
    }

    /// <summary>Records how an update was handled (ignored updates keep no text: a stranger's words are not stored).</summary>
    public void Finish(long updateId, bool handled, string outcome)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = handled
            ? "UPDATE telegram_updates SET status = 'handled', outcome = $outcome, handled_at = $now WHERE update_id = $id AND status = 'pending'"
            : "UPDATE telegram_updates SET status = 'ignored', outcome = $outcome, text = NULL, handled_at = $now WHERE update_id = $id AND status = 'pending'";
        command.Parameters.AddWithValue("$id", updateId);
        command.Parameters.AddWithValue("$outcome", outcome);
        command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeSeconds());
        command.ExecuteNonQuery();
    }

    public (int Handled, int Ignored, int Pending) Counts()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FILTER (WHERE status = 'handled'), count(*) FILTER (WHERE status = 'ignored'), count(*) FILTER (WHERE status = 'pending') FROM telegram_updates";
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
    }

    private static long? NullableLong(SqliteDataReader reader, int column) => reader.IsDBNull(column) ? null : reader.GetInt64(column);
}
