using Steward.Core.Storage;

namespace Steward.Core.Threadline;

public sealed record ThreadlineMessage(long Id, string MessageId, string ThreadId, string Direction, string Peer, string Text, DateTimeOffset At, bool Read);

/// <summary>Message history both ways, and the inbox of received messages (listing marks them read).</summary>
public sealed class ThreadlineMessages(StewardDatabase database, TimeProvider? timeProvider = null)
{
    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public IReadOnlyList<ThreadlineMessage> Inbox(bool unreadOnly, int limit)
    {
        var messages = Query($"direction = 'in'{(unreadOnly ? " AND read_at IS NULL" : "")}", [], limit);
        using var connection = database.Open();
        using var mark = connection.CreateCommand();
        mark.CommandText = "UPDATE threadline_messages SET read_at = $now WHERE direction = 'in' AND read_at IS NULL AND id <= $last";
        mark.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeSeconds());
        mark.Parameters.AddWithValue("$last", messages.Count == 0 ? 0 : messages.Max(m => m.Id));
        mark.ExecuteNonQuery();
        return messages;
    }

    public int UnreadCount()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM threadline_messages WHERE direction = 'in' AND read_at IS NULL";
        return Convert.ToInt32(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>One thread, or everything exchanged with one peer (fingerprint), oldest first.</summary>
    public IReadOnlyList<ThreadlineMessage> History(string? threadId, string? peerFingerprint, int limit)
    {
        if (threadId is null && peerFingerprint is null)
        {
            throw new StewardException("Give a thread_id or an agent.");
        }
        return threadId is not null
            ? Query("thread_id = $value", [("$value", threadId)], limit)
            : Query("peer = $value", [("$value", peerFingerprint!)], limit);
    }

    private List<ThreadlineMessage> Query(string where, (string Name, object Value)[] parameters, int limit)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT * FROM (SELECT id, message_id, thread_id, direction, peer, text, at, read_at FROM threadline_messages WHERE {where} ORDER BY id DESC LIMIT $limit) ORDER BY id";
        command.Parameters.AddWithValue("$limit", Math.Clamp(limit, 1, 500));
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        using var reader = command.ExecuteReader();
        var messages = new List<ThreadlineMessage>();
        while (reader.Read())
        {
            messages.Add(new ThreadlineMessage(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetString(5),
                DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(6)), !reader.IsDBNull(7)));
        }
        return messages;
    }
}
