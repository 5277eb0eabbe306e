using System.Globalization;
using System.Text;
using Steward.Core.Storage;

namespace Steward.Core.Threadline;

/// <summary>An outgoing message as the queue holds it; <see cref="Sealed"/> is false only for an instar_compat contact.</summary>
public sealed record OutboundMessage(long Id, string MessageId, string ThreadId, string Peer, string Text, bool Sealed, int Attempts, DateTimeOffset QueuedAt);

/// <summary>
/// The persistent outbound queue: a message is stored as queued before the first byte is sent,
/// claimed with a lease while one sender (the MCP server's immediate try or the daemon's retry
/// loop) works on it, and ends delivered or failed. Transient failures back off 10 s, 30 s, 90 s…
/// up to an hour between tries; after 24 h the message fails and says why.
/// </summary>
public sealed class ThreadlineOutbox(StewardDatabase database, TimeProvider? timeProvider = null)
{
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromHours(24);
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    public static readonly TimeSpan MaxBackoff = TimeSpan.FromHours(1);

    /// <summary>Instar's MAX_BODY_SIZE for a plaintext message body (JavaScript string length).</summary>
    public const int MaxInstarBodyChars = 4096;

    public const int MaxSealedTextBytes = ThreadlineInbox.MaxMessageBytes - 1024;

    /// <summary>Messages that may wait for one contact at once: the queue is bounded, so a long-gone peer cannot fill the disk.</summary>
    public const int MaxPendingPerContact = 1_000;

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Queues <paramref name="text"/> for the contact; refuses what could never be delivered (no handshake, no URL, too long).</summary>
    public OutboundMessage Enqueue(ThreadlineContact contact, string text, string? threadId)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new StewardException("A Threadline message needs some text.");
        }
        if (contact.InstarCompat ? text.Length > MaxInstarBodyChars : Encoding.UTF8.GetByteCount(text) > MaxSealedTextBytes)
        {
            throw new StewardException(contact.InstarCompat
                ? $"\"{contact.Name}\" is an Instar agent, which takes at most {MaxInstarBodyChars:N0} characters per message; split the text."
                : $"A Threadline message is at most {MaxSealedTextBytes:N0} bytes of UTF-8; split the text.");
        }
        if (threadId is not null && (threadId.Length is 0 or > 200 || threadId.Any(char.IsControl)))
        {
            throw new StewardException("A thread id is 1-200 printable characters.");
        }
        if (!contact.ViaRelay && new ThreadlineContacts(database, _time).RelayToken(contact.Fingerprint) is null)
        {
            throw new StewardException($"\"{contact.Name}\" has not completed a handshake with this agent: add it again with threadline_add_contact and its URL.");
        }
        if (contact.ViaRelay && !contact.HasKeys && !contact.InstarCompat)
        {
            throw new StewardException($"\"{contact.Name}\" has not introduced its keys over the relay yet, so nothing can be sealed for it. Wait for it to answer the introduction (threadline_contacts shows when its key is pinned); if it is an Instar agent, which never sends keys, mark it instar_compat to send plaintext.");
        }
        if (Pending(contact.Fingerprint) >= MaxPendingPerContact)
        {
            throw new StewardException($"{MaxPendingPerContact:N0} messages already wait for \"{contact.Name}\"; nothing more is queued until some are delivered or fail.");
        }
        var message = new OutboundMessage(0, Guid.NewGuid().ToString(), threadId ?? $"thread-{Guid.NewGuid():N}", contact.Fingerprint, text, !contact.InstarCompat, 0, _time.GetUtcNow());
        using var connection = database.Open();
        using var insert = connection.CreateCommand();
        insert.CommandText = """
            INSERT INTO threadline_messages (message_id, thread_id, direction, peer, text, sealed, status, at, next_attempt_at)
            VALUES ($id, $thread, 'out', $peer, $text, $sealed, 'queued', $now, $now)
            RETURNING id
            """;
        insert.Parameters.AddWithValue("$id", message.MessageId);
        insert.Parameters.AddWithValue("$thread", message.ThreadId);
        insert.Parameters.AddWithValue("$peer", message.Peer);
        insert.Parameters.AddWithValue("$text", text);
        insert.Parameters.AddWithValue("$sealed", message.Sealed ? 1 : 0);
        insert.Parameters.AddWithValue("$now", message.QueuedAt.ToUnixTimeSeconds());
        return message with { Id = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture) };
    }

    /// <summary>Takes one queued message for sending (its lease keeps other senders off); null when another sender has it or it is settled.</summary>
    public OutboundMessage? Claim(long id) => ClaimWhere("id = $id", ("$id", id), 1).SingleOrDefault();

    /// <summary>Takes up to <paramref name="max"/> messages that are due, oldest first, including those whose sender's lease ran out.</summary>
    public IReadOnlyList<OutboundMessage> ClaimDue(int max) => AnyDue() ? ClaimWhere("1 = 1", null, max) : [];

    public void Delivered(long id) => Settle(id, "delivered", null, null);

    /// <summary>The relay holds the message for a recipient that is offline; a later ack settles it.</summary>
    public void HeldByRelay(long id, string? note) => Settle(id, "relayed", note, null);

    /// <summary>A later word from the relay about a message it held: delivered, expired (not delivered in time) or rejected.</summary>
    public void RelayReported(string messageId, string status, string? reason)
    {
        var (newStatus, error) = status switch
        {
            "delivered" => ("delivered", (string?)null),
            "expired" => ("expired", reason ?? "the relay let it go before the recipient came online"),
            "queued" => ("relayed", null),
            _ => ("failed", $"rejected by the relay: {reason}"),
        };
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE threadline_messages SET status = $status, last_error = $error, next_attempt_at = NULL WHERE direction = 'out' AND message_id = $id AND status IN ('relayed', 'sending', 'queued')";
        command.Parameters.AddWithValue("$status", newStatus);
        command.Parameters.AddWithValue("$error", (object?)error ?? DBNull.Value);
        command.Parameters.AddWithValue("$id", messageId);
        command.ExecuteNonQuery();
    }

    /// <summary>
    /// After (re)connecting to the relay: what waited for it is due now, and what a relay held is
    /// sent again (a restarted relay forgot its queue; one that did not answers "replay", and the
    /// recipient drops a copy it already has), for messages younger than <see cref="GiveUpAfter"/>.
    /// </summary>
    public int ResendViaRelay()
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            UPDATE threadline_messages SET status = 'queued', next_attempt_at = $now
            WHERE direction = 'out' AND status IN ('queued', 'relayed') AND at >= $cutoff
              AND peer IN (SELECT fingerprint FROM threadline_contacts WHERE url IS NULL)
            """;
        command.Parameters.AddWithValue("$now", now);
        command.Parameters.AddWithValue("$cutoff", now - (long)GiveUpAfter.TotalSeconds);
        return command.ExecuteNonQuery();
    }

    /// <summary>Where one message stands now.</summary>
    public (string Status, string? LastError, DateTimeOffset? NextAttemptAt) StatusOf(long id)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT status, last_error, next_attempt_at FROM threadline_messages WHERE id = $id";
        command.Parameters.AddWithValue("$id", id);
        using var reader = command.ExecuteReader();
        return reader.Read()
            ? (reader.GetString(0), reader.IsDBNull(1) ? null : reader.GetString(1), reader.IsDBNull(2) ? null : DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(2)))
            : throw new StewardException($"No outgoing message {id}.");
    }

    public void Failed(long id, string error) => Settle(id, "failed", error, null);

    /// <summary>Puts the message back in the queue after a transient failure; returns when it is tried next, or null when it has now failed for good (24 h).</summary>
    public DateTimeOffset? Retry(OutboundMessage message, string error, TimeSpan? retryAfter)
    {
        var now = _time.GetUtcNow();
        if (now - message.QueuedAt >= GiveUpAfter)
        {
            Failed(message.Id, $"gave up after {GiveUpAfter.TotalHours:0} h; last error: {error}");
            return null;
        }
        var backoff = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, 10 * Math.Pow(3, Math.Max(0, message.Attempts - 1))));
        var next = now + (retryAfter is { } wait && wait > backoff ? wait : backoff);
        Settle(message.Id, "queued", error, next);
        return next;
    }

    /// <summary>Messages still waiting to be delivered, to everyone or to one peer (fingerprint).</summary>
    public int Pending(string? peer = null)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM threadline_messages WHERE direction = 'out' AND status IN ('queued', 'sending') AND ($peer IS NULL OR peer = $peer)";
        command.Parameters.AddWithValue("$peer", (object?)peer ?? DBNull.Value);
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>A read first, so an idle daemon's poll never takes the write lock.</summary>
    private bool AnyDue()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM threadline_messages WHERE direction = 'out' AND status IN ('queued', 'sending') AND next_attempt_at <= $now)";
        command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeSeconds());
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture) != 0;
    }

    private List<OutboundMessage> ClaimWhere(string where, (string Name, object Value)? parameter, int max)
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        // One statement claims and returns: two senders can never both take the same message.
        command.CommandText = $"""
            UPDATE threadline_messages SET status = 'sending', attempts = attempts + 1, next_attempt_at = $lease
            WHERE id IN (SELECT id FROM threadline_messages
                         WHERE direction = 'out' AND status IN ('queued', 'sending') AND next_attempt_at <= $now AND {where}
                         ORDER BY id LIMIT $max)
            RETURNING id, message_id, thread_id, peer, text, sealed, attempts, at
            """;
        command.Parameters.AddWithValue("$now", now);
        command.Parameters.AddWithValue("$lease", now + (long)Lease.TotalSeconds);
        command.Parameters.AddWithValue("$max", max);
        if (parameter is { } p)
        {
            command.Parameters.AddWithValue(p.Name, p.Value);
        }
        var claimed = new List<OutboundMessage>();
        using (var reader = command.ExecuteReader())
        {
            while (reader.Read())
            {
                claimed.Add(new OutboundMessage(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4),
                    reader.GetInt64(5) != 0, reader.GetInt32(6), DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(7))));
            }
        }
        transaction.Commit();
        return claimed.OrderBy(m => m.Id).ToList();
    }

    private void Settle(long id, string status, string? error, DateTimeOffset? next)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE threadline_messages SET status = $status, last_error = $error, next_attempt_at = $next WHERE id = $id AND direction = 'out'";
        command.Parameters.AddWithValue("$status", status);
        command.Parameters.AddWithValue("$error", (object?)error ?? DBNull.Value);
        command.Parameters.AddWithValue("$next", (object?)next?.ToUnixTimeSeconds() ?? DBNull.Value);
        command.Parameters.AddWithValue("$id", id);
        command.ExecuteNonQuery();
    }
}
