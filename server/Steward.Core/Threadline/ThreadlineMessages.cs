using Steward.Core.Storage;

namespace Steward.Core.Threadline;

/// <summary>One message either way; outgoing ones carry their delivery state (queued, sending, delivered, failed) and last error.</summary>
public sealed record ThreadlineMessage(long Id, string MessageId, string ThreadId, string Direction, string Peer, string Text, DateTimeOffset At, bool Read,
    bool Sealed, string Status, int Attempts, string? LastError, DateTimeOffset? NextAttemptAt)
{
    /// <summary>How a sent message stands, in words for the owner and the model.</summary>
    public string DeliveryState => Status switch
    {
        "queued" or "sending" => $"queued, {Attempts} tries so far{(LastError is null ? "" : $", last: {LastError}")}",
        "failed" => $"failed: {LastError}",
        "relayed" => $"held by the relay until the recipient comes online{(Sealed ? "" : ", not sealed")}",
        "expired" => $"expired at the relay, not delivered: {LastError}",
        _ => Sealed ? Status : $"{Status}, not sealed",
    };
}

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

    /// <summary>Unread received messages per sender fingerprint (for the identity hook's reminder).</summary>
    public IReadOnlyList<(string Peer, int Count)> UnreadBySender()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT peer, count(*) FROM threadline_messages WHERE direction = 'in' AND read_at IS NULL GROUP BY peer ORDER BY count(*) DESC, peer";
        using var reader = command.ExecuteReader();
        var unread = new List<(string, int)>();
        while (reader.Read())
        {
            unread.Add((reader.GetString(0), reader.GetInt32(1)));
        }
        return unread;
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
        command.CommandText = $"SELECT * FROM (SELECT id, message_id, thread_id, direction, peer, text, at, read_at, sealed, status, attempts, last_error, next_attempt_at FROM threadline_messages WHERE {where} ORDER BY id DESC LIMIT $limit) ORDER BY id";
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
                DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(6)), !reader.IsDBNull(7), reader.GetInt64(8) != 0, reader.GetString(9), reader.GetInt32(10),
                reader.IsDBNull(11) ? null : reader.GetString(11), reader.IsDBNull(12) ? null : DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(12))));
        }
        return messages;
    }
}
