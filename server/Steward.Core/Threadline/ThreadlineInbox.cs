using System.Text;
using System.Text.Json.Nodes;
using Steward.Core.Storage;

namespace Steward.Core.Threadline;

/// <summary>A message that passed every check, with the text the agent's session gets.</summary>
public sealed record InboundMessage(ThreadlineContact Sender, string ThreadId, string MessageId, string Operation, string Content, string Wrapped, bool Sealed = true)
{
    /// <summary>A ping or health probe: answered and counted, but neither stored as a message nor handed to a session.</summary>
    public bool IsProbe => Operation is "ping" or "health";
}

/// <summary>
/// The gate for sealed envelopes from contacts: known sender, valid signature (a crypto failure
/// drops the sender to untrusted), right recipient and time, decrypted size ≤ 64 KB, an operation
/// the sender's trust allows, within its rate limit, not a replay. Only then is the message stored
/// and handed on, wrapped and labelled so the model never takes it for the owner's words. A
/// rejection throws <see cref="ThreadlineException"/> and stores nothing. Instar's plaintext
/// message body passes the same gate, but only from a contact the owner marked instar_compat,
/// and is labelled as not end-to-end sealed.
/// </summary>
public sealed class ThreadlineInbox(StewardDatabase database, ThreadlineIdentity self, SenderRateLimiter limiter, TimeProvider? timeProvider = null)
{
    public const int MaxMessageBytes = 65_536;

    /// <summary>How old a sealed envelope from the relay may be: the relay holds messages for offline agents (dedupe by message id is permanent).</summary>
    public static readonly TimeSpan RelayHoldWindow = TimeSpan.FromHours(24);

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;
    private readonly ThreadlineContacts _contacts = new(database, timeProvider);
    private readonly ReplayGuard _replays = new(database, timeProvider);

    public InboundMessage Receive(string envelopeJson)
    {
        if (Encoding.UTF8.GetByteCount(envelopeJson) > 4 * MaxMessageBytes)
        {
            throw new ThreadlineException("payload_too_large", "The envelope is larger than 256 KB.");
        }
        return Receive(SealedEnvelope.Parse(envelopeJson));
    }

    /// <summary>An envelope already parsed, e.g. from a request body the server limited to 256 KB.</summary>
    /// <param name="authenticated">The contact whose signed request carried the envelope, when it came over direct HTTP: it must be the envelope's sender.</param>
    /// <param name="viaRelay">
    /// The relay handed it over: it may have been held for hours, and a bad signature says nothing
    /// about the contact (the relay, not the contact, may have made it), so it does not cost the contact its trust.
    /// </param>
    public InboundMessage Receive(JsonObject envelope, ThreadlineContact? authenticated = null, bool viaRelay = false)
    {
        var from = UntrustedJson.Text(envelope["from"]) ?? throw new ThreadlineException("invalid_envelope", "The envelope has no \"from\".");
        var contact = _contacts.FindByFingerprint(from)
            ?? throw new ThreadlineException("unknown_sender", "The sender is not a contact; add it with threadline_add_contact first.");
        if (authenticated is not null && authenticated.Fingerprint != contact.Fingerprint)
        {
            throw new ThreadlineException("TL_AUTH_FAILED", "The envelope's sender is not the agent that signed the request.");
        }
        if (!contact.HasKeys)
        {
            throw new ThreadlineException("unknown_keys", $"\"{contact.Name}\" has not introduced its keys, so a sealed envelope from it cannot be verified.");
        }
        JsonObject message;
        try
        {
            message = SealedEnvelope.Open(self, contact.Ed25519Public, envelope, _time.GetUtcNow(), contact.X25519Public, viaRelay ? RelayHoldWindow : null);
        }
        catch (ThreadlineException e) when (e.Code is "invalid_signature" or "decryption_failed" && !viaRelay)
        {
            if (contact.Trust > TrustLevel.Untrusted)
            {
                _contacts.SetTrust(contact.Fingerprint, TrustLevel.Untrusted, confirmed: false, $"cryptographic failure: {e.Code}", "steward");
            }
            throw;
        }
        if (Encoding.UTF8.GetByteCount(message.ToJsonString()) > MaxMessageBytes)
        {
            throw new ThreadlineException("payload_too_large", $"The message is larger than {MaxMessageBytes / 1024} KB.");
        }
        var operation = UntrustedJson.Text(message["type"]) ?? "message";
        var content = UntrustedJson.Text(message["content"]) ?? CanonicalJson.Stringify(message["content"]);
        return Admit(contact, operation, envelope["messageId"]!.GetValue<string>(), envelope["threadId"]!.GetValue<string>(), content, sealedEnvelope: true);
    }

    /// <summary>
    /// Instar's plaintext AgentMessage ({id, threadId?, from, to, type, body, …}) from a contact
    /// that authenticated the request. Refused unless the owner marked the contact instar_compat.
    /// </summary>
    public InboundMessage ReceivePlaintext(ThreadlineContact contact, JsonObject message)
    {
        RequireInstarCompat(contact);
        var id = ShortText(message, "id") ?? throw new ThreadlineException("TL_INVALID_PAYLOAD", "The message has no \"id\" (1-200 characters).");
        var threadId = message["threadId"] is null ? $"thread-{id}" : ShortText(message, "threadId") ?? throw new ThreadlineException("TL_INVALID_PAYLOAD", "\"threadId\" must be 1-200 characters.");
        var content = UntrustedJson.Text(message["body"]) ?? UntrustedJson.Text((message["body"] as JsonObject)?["content"]) ?? UntrustedJson.Text((message["body"] as JsonObject)?["text"])
            ?? throw new ThreadlineException("TL_INVALID_PAYLOAD", "The message has no text \"body\".");
        if (Encoding.UTF8.GetByteCount(content) > MaxMessageBytes)
        {
            throw new ThreadlineException("payload_too_large", $"The message is larger than {MaxMessageBytes / 1024} KB.");
        }
        // Instar's message types mapped onto the operations trust allows.
        var operation = UntrustedJson.Text(message["type"]) switch
        {
            "wellness" => "ping",
            "request" or "handoff" => "task-request",
            _ => "message",
        };
        return Admit(contact, operation, id, threadId, content, sealedEnvelope: false);
    }

    /// <summary>
    /// A plaintext relay envelope's text (Instar's {text, type: "chat"} payload) from a contact the
    /// relay authenticated. Refused unless the contact speaks plaintext by the owner's mark or
    /// because it was first met that way; a contact with pinned keys must keep sealing.
    /// </summary>
    public InboundMessage ReceiveRelayPlaintext(ThreadlineContact contact, string messageId, string threadId, string text)
    {
        RequireInstarCompat(contact);
        if (messageId.Length is 0 or > 200 || threadId.Length is 0 or > 200 || messageId.Any(char.IsControl) || threadId.Any(char.IsControl))
        {
            throw new ThreadlineException("invalid_envelope", "The envelope's messageId and threadId must be 1-200 printable characters.");
        }
        if (Encoding.UTF8.GetByteCount(text) > MaxMessageBytes)
        {
            throw new ThreadlineException("payload_too_large", $"The message is larger than {MaxMessageBytes / 1024} KB.");
        }
        return Admit(contact, "message", messageId, threadId, text, sealedEnvelope: false);
    }

    private static void RequireInstarCompat(ThreadlineContact contact)
    {
        if (!contact.InstarCompat)
        {
            throw new ThreadlineException("forbidden", $"\"{contact.Name}\" sent a plaintext message; only contacts the owner marked instar_compat may, every other agent must seal its messages.");
        }
    }

    private InboundMessage Admit(ThreadlineContact contact, string operation, string messageId, string threadId, string content, bool sealedEnvelope)
    {
        if (!contact.Trust.Allows(operation))
        {
            throw new ThreadlineException("forbidden", $"\"{contact.Name}\" is {contact.Trust.Name()}, which does not allow \"{operation}\".");
        }
        if (operation is "ping" or "health")
        {
            // Every contact may probe, within its own (smaller) hourly allowance.
            if (!limiter.TryProbe(contact.Fingerprint, contact.Trust, count: false))
            {
                throw new ThreadlineException("rate_limited", $"\"{contact.Name}\" probed more often than {contact.Trust.Name()} contacts may ({contact.Trust.ProbesPerHour()} an hour).");
            }
            if (!_replays.TryRecord("message", $"{contact.Fingerprint}:{messageId}"))
            {
                throw new ThreadlineException("replay", "This message id was already received.");
            }
            limiter.TryProbe(contact.Fingerprint, contact.Trust);
            Touch(contact.Fingerprint);
            return new InboundMessage(contact, threadId, messageId, operation, content, "", sealedEnvelope);
        }
        if (!limiter.TryMessage(contact.Fingerprint, contact.Trust, count: false))
        {
            throw new ThreadlineException("rate_limited", $"\"{contact.Name}\" sent more messages than {contact.Trust.Name()} contacts may.");
        }
        if (!_replays.TryRecord("message", $"{contact.Fingerprint}:{messageId}") || AlreadyStored(contact.Fingerprint, messageId))
        {
            throw new ThreadlineException("replay", "This message id was already received.");
        }
        limiter.TryMessage(contact.Fingerprint, contact.Trust);
        Store(contact, threadId, messageId, content, sealedEnvelope);
        var label = $"from: {contact.Name} ({contact.Fingerprint}), trust: {contact.Trust.Name()}{(sealedEnvelope ? "" : ", not end-to-end sealed")}";
        var wrapped = $"[INCOMING AGENT MESSAGE — {label}]\n{content}\n[END AGENT MESSAGE]";
        return new InboundMessage(contact, threadId, messageId, operation, content, wrapped, sealedEnvelope);
    }

    private bool AlreadyStored(string fingerprint, string messageId)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT EXISTS (SELECT 1 FROM threadline_messages WHERE direction = 'in' AND peer = $peer AND message_id = $id)";
        command.Parameters.AddWithValue("$peer", fingerprint);
        command.Parameters.AddWithValue("$id", messageId);
        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture) != 0;
    }

    private static string? ShortText(JsonObject body, string field) =>
        UntrustedJson.Text(body[field]) is { Length: > 0 and <= 200 } text && !text.Any(char.IsControl) ? text : null;

    private void Store(ThreadlineContact contact, string threadId, string messageId, string content, bool sealedEnvelope)
    {
        var now = _time.GetUtcNow().ToUnixTimeSeconds();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = """
                INSERT INTO threadline_messages (message_id, thread_id, direction, peer, text, sealed, status, at)
                VALUES ($id, $thread, 'in', $peer, $text, $sealed, 'received', $now)
                """;
            insert.Parameters.AddWithValue("$id", messageId);
            insert.Parameters.AddWithValue("$thread", threadId);
            insert.Parameters.AddWithValue("$peer", contact.Fingerprint);
            insert.Parameters.AddWithValue("$text", content);
            insert.Parameters.AddWithValue("$sealed", sealedEnvelope ? 1 : 0);
            insert.Parameters.AddWithValue("$now", now);
            insert.ExecuteNonQuery();
        }
        Touch(connection, contact.Fingerprint, now);
        transaction.Commit();
    }

    private void Touch(string fingerprint)
    {
        using var connection = database.Open();
        Touch(connection, fingerprint, _time.GetUtcNow().ToUnixTimeSeconds());
    }

    private static void Touch(Microsoft.Data.Sqlite.SqliteConnection connection, string fingerprint, long now)
    {
        using var touch = connection.CreateCommand();
        touch.CommandText = "UPDATE threadline_contacts SET last_contact_at = $now WHERE fingerprint = $fingerprint";
        touch.Parameters.AddWithValue("$now", now);
        touch.Parameters.AddWithValue("$fingerprint", fingerprint);
        touch.ExecuteNonQuery();
    }

    /// <summary>Received messages, newest last (for the inbox tool and tests).</summary>
    public IReadOnlyList<(string ThreadId, string Peer, string Text)> Received()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT thread_id, peer, text FROM threadline_messages WHERE direction = 'in' ORDER BY id";
        using var reader = command.ExecuteReader();
        var messages = new List<(string, string, string)>();
        while (reader.Read())
        {
            messages.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
        }
        return messages;
    }
}
