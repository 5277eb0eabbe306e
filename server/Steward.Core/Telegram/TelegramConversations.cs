using Steward.Core.Storage;

namespace Steward.Core.Telegram;

public sealed record PendingReply(long UpdateId, string SessionName, long ChatId, long? ThreadId, int ResultsBefore, bool Resent);

/// <summary>
/// Which session talks in which chat or forum topic, and which inbound messages still wait for the
/// session's answer (identified by how many results the session had when the message went in).
/// </summary>
public sealed class TelegramConversations(StewardDatabase database, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Topic 0 stands for a chat without topics.</summary>
    public (string Session, string? Name)? Find(long chatId, long? threadId)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT session_name, name FROM telegram_topics WHERE chat_id = $chat AND thread_id = $thread";
        command.Parameters.AddWithValue("$chat", chatId);
        command.Parameters.AddWithValue("$thread", threadId ?? 0);
        using var reader = command.ExecuteReader();
        return reader.Read() ? (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1)) : null;
    }

    public void Map(long chatId, long? threadId, string sessionName, string? topicName)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO telegram_topics (chat_id, thread_id, session_name, name) VALUES ($chat, $thread, $session, $name)
            ON CONFLICT (chat_id, thread_id) DO UPDATE SET session_name = excluded.session_name, name = coalesce(excluded.name, telegram_topics.name)
            """;
        command.Parameters.AddWithValue("$chat", chatId);
        command.Parameters.AddWithValue("$thread", threadId ?? 0);
        command.Parameters.AddWithValue("$session", sessionName);
        command.Parameters.AddWithValue("$name", (object?)topicName ?? DBNull.Value);
        command.ExecuteNonQuery();
    }

    public void ExpectReply(long updateId, string sessionName, long chatId, long? threadId, int resultsBefore)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT OR IGNORE INTO telegram_replies (update_id, session_name, chat_id, thread_id, turns_before, created_at)
            VALUES ($update, $session, $chat, $thread, $before, $now)
            """;
        command.Parameters.AddWithValue("$update", updateId);
        command.Parameters.AddWithValue("$session", sessionName);
        command.Parameters.AddWithValue("$chat", chatId);
        command.Parameters.AddWithValue("$thread", (object?)threadId ?? DBNull.Value);
        command.Parameters.AddWithValue("$before", resultsBefore);
        command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeSeconds());
        command.ExecuteNonQuery();
    }

    /// <summary>Replies of a session still waiting: a new message expects the result after all of theirs.</summary>
    public int WaitingFor(string sessionName)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM telegram_replies WHERE status = 'waiting' AND session_name = $session";
        command.Parameters.AddWithValue("$session", sessionName);
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    public IReadOnlyList<PendingReply> Waiting()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT update_id, session_name, chat_id, thread_id, turns_before, resent FROM telegram_replies WHERE status = 'waiting' ORDER BY update_id";
        using var reader = command.ExecuteReader();
        var waiting = new List<PendingReply>();
        while (reader.Read())
        {
            waiting.Add(new PendingReply(reader.GetInt64(0), reader.GetString(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetInt64(3), reader.GetInt32(4), reader.GetInt32(5) != 0));
        }
        return waiting;
    }

    /// <summary>The original text of a waiting message, marked as handed to its session a second time (once only); null if it was already.</summary>
    public string? TakeForResend(long updateId)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var mark = connection.CreateCommand();
        mark.CommandText = "UPDATE telegram_replies SET resent = 1 WHERE update_id = $update AND status = 'waiting' AND resent = 0";
        mark.Parameters.AddWithValue("$update", updateId);
        if (mark.ExecuteNonQuery() != 1)
        {
            return null;
        }
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT text FROM telegram_updates WHERE update_id = $update";
        read.Parameters.AddWithValue("$update", updateId);
        var text = read.ExecuteScalar() as string;
        transaction.Commit();
        return text;
    }

    /// <summary>Closes a reply and queues its text in one transaction, so a crash cannot send it twice or lose it.</summary>
    public void Answer(PendingReply reply, string? text, TelegramOutbox outbox)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var close = connection.CreateCommand();
        close.CommandText = "UPDATE telegram_replies SET status = $status WHERE update_id = $update AND status = 'waiting'";
        close.Parameters.AddWithValue("$status", text is null ? "abandoned" : "sent");
        close.Parameters.AddWithValue("$update", reply.UpdateId);
        if (close.ExecuteNonQuery() == 1 && text is not null)
        {
            outbox.Enqueue(connection, reply.ChatId, reply.ThreadId, text, $"reply:{reply.SessionName}");
        }
        transaction.Commit();
    }
}
