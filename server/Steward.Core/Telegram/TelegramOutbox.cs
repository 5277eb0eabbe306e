using Microsoft.Data.Sqlite;
using Steward.Core.Storage;

namespace Steward.Core.Telegram;

public sealed record OutboxMessage(long Id, long ChatId, long? ThreadId, string Text, int Attempts);

/// <summary>
/// Outgoing messages, persisted before they are sent: they survive restarts, go out in order per
/// chat (a chat's next message waits until the one before it is sent or has failed for good), and
/// text over 4,096 characters is stored as ordered parts.
/// </summary>
public sealed class TelegramOutbox(StewardDatabase database, TimeProvider? timeProvider = null)
{
    public const int MaxTextLength = 100_000;

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Queues <paramref name="text"/> (split into parts as needed); returns the parts' ids in order.</summary>
    public IReadOnlyList<long> Enqueue(long chatId, long? threadId, string? text, string source)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var ids = Enqueue(connection, chatId, threadId, text, source);
        transaction.Commit();
        return ids;
    }

    /// <summary>As above, inside the caller's transaction.</summary>
    internal IReadOnlyList<long> Enqueue(SqliteConnection connection, long chatId, long? threadId, string? text, string source)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new StewardException("The message is empty.");
        }
        if (text.Length > MaxTextLength)
        {
            throw new StewardException($"The message is {text.Length:N0} characters; at most {MaxTextLength:N0} can be sent at once.");
        }
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        var ids = new List<long>();
        foreach (var part in TelegramText.Split(text))
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = """
                INSERT INTO telegram_outbox (chat_id, thread_id, text, source, next_attempt_at, created_at)
                VALUES ($chat, $thread, $text, $source, $now, $now) RETURNING id
                """;
            insert.Parameters.AddWithValue("$chat", chatId);
            insert.Parameters.AddWithValue("$thread", (object?)threadId ?? DBNull.Value);
            insert.Parameters.AddWithValue("$text", part);
            insert.Parameters.AddWithValue("$source", source);
            insert.Parameters.AddWithValue("$now", now);
            ids.Add((long)insert.ExecuteScalar()!);
        }
        return ids;
    }

    /// <summary>For each chat, its oldest queued message, when its next attempt is due.</summary>
    public IReadOnlyList<OutboxMessage> Due()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT o.id, o.chat_id, o.thread_id, o.text, o.attempts FROM telegram_outbox o
             WHERE o.status = 'queued' AND o.next_attempt_at <= $now
               AND o.id = (SELECT min(id) FROM telegram_outbox WHERE status = 'queued' AND chat_id = o.chat_id)
             ORDER BY o.id
            """;
        command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeSeconds());
        using var reader = command.ExecuteReader();
        var due = new List<OutboxMessage>();
        while (reader.Read())
        {
            due.Add(new OutboxMessage(reader.GetInt64(0), reader.GetInt64(1), reader.IsDBNull(2) ? null : reader.GetInt64(2), reader.GetString(3), reader.GetInt32(4)));
        }
        return due;
    }

    public void MarkSent(long id, long messageId) =>
        Update(id, "status = 'sent', sent_at = $now, message_id = $message, attempts = attempts + 1, last_error = NULL", ("$message", messageId));

    /// <summary>Keeps the message queued and tries again after <paramref name="wait"/>.</summary>
    public void MarkRetry(long id, string error, TimeSpan wait) =>
        Update(id, "attempts = attempts + 1, last_error = $error, next_attempt_at = $now + $wait", ("$error", error), ("$wait", (long)Math.Ceiling(wait.TotalSeconds)));

    /// <summary>Telegram refused the message for good (a bad chat, a blocked bot): it is kept, marked failed, and the chat's next message goes on.</summary>
    public void MarkFailed(long id, string error) =>
        Update(id, "status = 'failed', attempts = attempts + 1, last_error = $error", ("$error", error));

    public (int Queued, int Sent, int Failed, string? LastError) Status()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT count(*) FILTER (WHERE status = 'queued'), count(*) FILTER (WHERE status = 'sent'), count(*) FILTER (WHERE status = 'failed'),
                   (SELECT last_error FROM telegram_outbox WHERE last_error IS NOT NULL ORDER BY id DESC LIMIT 1)
              FROM telegram_outbox
            """;
        using var reader = command.ExecuteReader();
        reader.Read();
        return (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetString(3));
    }

    /// <summary>Sent messages of a chat in order (for tests and diagnostics).</summary>
    public IReadOnlyList<string> SentTexts(long chatId)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT text FROM telegram_outbox WHERE chat_id = $chat AND status = 'sent' ORDER BY id";
        command.Parameters.AddWithValue("$chat", chatId);
        using var reader = command.ExecuteReader();
        var texts = new List<string>();
        while (reader.Read())
        {
            texts.Add(reader.GetString(0));
        }
        return texts;
    }

    private void Update(long id, string assignments, params (string Name, object Value)[] parameters)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"UPDATE telegram_outbox SET {assignments} WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeSeconds());
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        command.ExecuteNonQuery();
    }
}
