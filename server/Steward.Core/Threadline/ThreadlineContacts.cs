using Microsoft.Data.Sqlite;
using Steward.Core.Crypto;
using Steward.Core.Storage;

namespace Steward.Core.Threadline;

/// <summary>
/// A known agent. Its keys are null only for an agent met over the relay that has not introduced
/// itself yet (found by discovery) or that speaks only Instar's plaintext; nothing is sealed for it.
/// </summary>
public sealed record ThreadlineContact(string Fingerprint, string Name, string? Url, byte[]? Ed25519Public, byte[]? X25519Public, TrustLevel Trust, bool InstarCompat, DateTimeOffset AddedAt, DateTimeOffset? LastContactAt)
{
    public bool HasKeys => Ed25519Public is not null && X25519Public is not null;

    /// <summary>Direct HTTP when the agent has a URL (a handshake was made), otherwise the relay.</summary>
    public bool ViaRelay => Url is null;
}

public sealed record TrustChange(string Fingerprint, TrustLevel? From, TrustLevel To, string Reason, string Actor, DateTimeOffset At);

/// <summary>
/// Contacts with their keys pinned at first sight: a later attempt to add the same agent name or
/// fingerprint with different keys is refused and reported, never accepted. Trust changes go
/// through <see cref="SetTrust"/>, which appends to an audit log the database keeps append-only;
/// raising trust needs the owner's explicit confirmation.
/// </summary>
public sealed class ThreadlineContacts(StewardDatabase database, TimeProvider? timeProvider = null)
{
    public const TrustLevel StartingTrust = TrustLevel.Untrusted;

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    /// <summary>Adds a contact at <see cref="StartingTrust"/>, or confirms one already known with the same keys.</summary>
    public ThreadlineContact Add(string name, string? url, byte[] ed25519Public, byte[]? x25519Public = null)
    {
        if (string.IsNullOrWhiteSpace(name) || name.Length > 100 || name.Any(char.IsControl))
        {
            throw new StewardException("A contact's name is 1-100 printable characters.");
        }
        if (ed25519Public.Length != Sodium.Ed25519PublicKeyBytes)
        {
            throw new StewardException("An Ed25519 public key is 32 bytes.");
        }
        var x25519 = x25519Public ?? Sodium.Ed25519PublicToX25519(ed25519Public);
        var fingerprint = ThreadlineIdentity.FingerprintOf(ed25519Public);
        var now = _time.GetUtcNow();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var byFingerprint = Read(connection, "fingerprint", fingerprint);
        var byName = Read(connection, "name", name.Trim());
        foreach (var existing in new[] { byFingerprint, byName })
        {
            if (existing is not null && existing.HasKeys && (!existing.Ed25519Public.AsSpan().SequenceEqual(ed25519Public) || !existing.X25519Public.AsSpan().SequenceEqual(x25519)))
            {
                throw new StewardException(
                    $"\"{existing.Name}\" ({existing.Fingerprint}) is already a contact with different keys. Keys are pinned: a changed key may be an impostor. Ask the other agent's owner; remove the contact first only if they confirm the new key.");
            }
        }
        if (byName is { HasKeys: false } && byName.Fingerprint != fingerprint)
        {
            throw new StewardException($"\"{byName.Name}\" is already a contact ({byName.Fingerprint}) met over the relay; this key belongs to another agent ({fingerprint}).");
        }
        if (byFingerprint is { HasKeys: true })
        {
            return byFingerprint;
        }
        if (byFingerprint is not null)
        {
            // Met over the relay before, keys unknown until now: the handshake proved them.
            SetKeys(connection, fingerprint, ed25519Public, x25519);
            if (url is not null)
            {
                SetColumn(connection, fingerprint, "url", url);
            }
            transaction.Commit();
            return Read(connection, "fingerprint", fingerprint)!;
        }
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = """
                INSERT INTO threadline_contacts (fingerprint, name, url, ed25519_public, x25519_public, trust, added_at)
                VALUES ($fingerprint, $name, $url, $ed, $x, $trust, $now)
                """;
            insert.Parameters.AddWithValue("$fingerprint", fingerprint);
            insert.Parameters.AddWithValue("$name", name.Trim());
            insert.Parameters.AddWithValue("$url", (object?)url ?? DBNull.Value);
            insert.Parameters.AddWithValue("$ed", Convert.ToHexStringLower(ed25519Public));
            insert.Parameters.AddWithValue("$x", Convert.ToHexStringLower(x25519));
            insert.Parameters.AddWithValue("$trust", StartingTrust.Name());
            insert.Parameters.AddWithValue("$now", now.ToUnixTimeSeconds());
            insert.ExecuteNonQuery();
        }
        Audit(connection, fingerprint, null, StartingTrust, "added as a contact", "owner", now);
        transaction.Commit();
        return Read(connection, "fingerprint", fingerprint)!;
    }

    /// <summary>
    /// An agent met over the relay whose keys are not known yet: found by discovery, or one that
    /// only speaks Instar's plaintext. The relay authenticated its fingerprint; nothing else about
    /// it is known, so it starts at <paramref name="trust"/> (never above verified, see config) and a
    /// name already taken gets the fingerprint's first eight characters appended.
    /// </summary>
    public ThreadlineContact AddFromRelay(string fingerprint, string? name, TrustLevel trust, bool instarCompat, string reason)
    {
        if (!IsFingerprint(fingerprint))
        {
            throw new StewardException($"'{fingerprint}' is not an agent id (32 lowercase hex characters).");
        }
        var now = _time.GetUtcNow();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        if (Read(connection, "fingerprint", fingerprint) is { } existing)
        {
            return existing;
        }
        var unique = UniqueName(connection, CleanName(name) ?? PlaceholderName(fingerprint), fingerprint);
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = """
                INSERT INTO threadline_contacts (fingerprint, name, trust, instar_compat, added_at)
                VALUES ($fingerprint, $name, $trust, $compat, $now)
                """;
            insert.Parameters.AddWithValue("$fingerprint", fingerprint);
            insert.Parameters.AddWithValue("$name", unique);
            insert.Parameters.AddWithValue("$trust", trust.Name());
            insert.Parameters.AddWithValue("$compat", instarCompat ? 1 : 0);
            insert.Parameters.AddWithValue("$now", now.ToUnixTimeSeconds());
            insert.ExecuteNonQuery();
        }
        Audit(connection, fingerprint, null, trust, reason, "relay", now);
        transaction.Commit();
        return Read(connection, "fingerprint", fingerprint)!;
    }

    /// <summary>
    /// Pins the key an agent introduced over the relay. The relay authenticated the sender's
    /// fingerprint, and the fingerprint is the key's first 16 bytes, so only the real key fits.
    /// A contact already keyed keeps its key (a different one is refused); an unknown agent is
    /// added at <paramref name="trust"/>.
    /// </summary>
    public ThreadlineContact PinIntroducedKey(string fingerprint, byte[] ed25519Public, string? name, TrustLevel trust)
    {
        if (ed25519Public.Length != Sodium.Ed25519PublicKeyBytes || ThreadlineIdentity.FingerprintOf(ed25519Public) != fingerprint)
        {
            throw new ThreadlineException("invalid_introduction", "The introduced key is not the key of the agent the relay authenticated.");
        }
        var contact = AddFromRelay(fingerprint, name, trust, instarCompat: false, "introduced itself over the relay");
        if (contact.HasKeys)
        {
            return contact.Ed25519Public.AsSpan().SequenceEqual(ed25519Public)
                ? contact
                : throw new ThreadlineException("key_mismatch", $"\"{contact.Name}\" is pinned to another key.");
        }
        using var connection = database.Open();
        SetKeys(connection, fingerprint, ed25519Public, Sodium.Ed25519PublicToX25519(ed25519Public));
        // Added by id before it could say its name: take the one it introduces, if free.
        if (contact.Name == PlaceholderName(fingerprint) && CleanName(name) is { } introduced && Read(connection, "name", introduced) is null)
        {
            SetColumn(connection, fingerprint, "name", introduced);
        }
        return Read(connection, "fingerprint", fingerprint)!;
    }

    /// <summary>The name of an agent met over the relay before it said its own.</summary>
    public static string PlaceholderName(string fingerprint) => $"agent-{fingerprint[..8]}";

    public static bool IsFingerprint(string value) => value.Length == 32 && value.All(c => char.IsAsciiHexDigitLower(c) || char.IsAsciiDigit(c));

    private static string? CleanName(string? name)
    {
        var cleaned = name is null ? null : new string(name.Where(c => !char.IsControl(c)).ToArray()).Trim();
        return string.IsNullOrEmpty(cleaned) ? null : cleaned.Length > 80 ? cleaned[..80] : cleaned;
    }

    private static string UniqueName(SqliteConnection connection, string name, string fingerprint) =>
        Read(connection, "name", name) is null ? name : $"{name}-{fingerprint[..8]}";

    private static void SetKeys(SqliteConnection connection, string fingerprint, byte[] ed25519Public, byte[] x25519Public)
    {
        using var update = connection.CreateCommand();
        update.CommandText = "UPDATE threadline_contacts SET ed25519_public = $ed, x25519_public = $x WHERE fingerprint = $fingerprint AND ed25519_public IS NULL";
        update.Parameters.AddWithValue("$ed", Convert.ToHexStringLower(ed25519Public));
        update.Parameters.AddWithValue("$x", Convert.ToHexStringLower(x25519Public));
        update.Parameters.AddWithValue("$fingerprint", fingerprint);
        update.ExecuteNonQuery();
    }

    private static void SetColumn(SqliteConnection connection, string fingerprint, string column, string value)
    {
        using var update = connection.CreateCommand();
        update.CommandText = $"UPDATE threadline_contacts SET {column} = $value WHERE fingerprint = $fingerprint";
        update.Parameters.AddWithValue("$value", value);
        update.Parameters.AddWithValue("$fingerprint", fingerprint);
        update.ExecuteNonQuery();
    }

    public ThreadlineContact? Find(string nameOrFingerprint)
    {
        using var connection = database.Open();
        return Read(connection, "fingerprint", nameOrFingerprint.Trim().ToLowerInvariant()) ?? Read(connection, "name", nameOrFingerprint.Trim());
    }

    /// <summary>The contact with exactly this fingerprint (an id from an envelope or the relay: never matched against names).</summary>
    public ThreadlineContact? FindByFingerprint(string fingerprint)
    {
        using var connection = database.Open();
        return Read(connection, "fingerprint", fingerprint);
    }

    /// <summary>Where a contact is reached by direct HTTP (set after a handshake by URL).</summary>
    public void SetUrl(string fingerprint, string url)
    {
        using var connection = database.Open();
        SetColumn(connection, fingerprint, "url", url);
    }

    public ThreadlineContact Require(string nameOrFingerprint) =>
        Find(nameOrFingerprint) ?? throw new StewardException($"No Threadline contact \"{nameOrFingerprint}\" (see threadline_contacts).");

    public IReadOnlyList<ThreadlineContact> List()
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM threadline_contacts ORDER BY name";
        using var reader = command.ExecuteReader();
        var contacts = new List<ThreadlineContact>();
        while (reader.Read())
        {
            contacts.Add(ToContact(reader));
        }
        return contacts;
    }

    /// <summary>
    /// Changes a contact's trust and audits it. Raising it is the owner's decision and needs
    /// <paramref name="confirmed"/>; lowering (including automatic downgrades) does not.
    /// </summary>
    public ThreadlineContact SetTrust(string nameOrFingerprint, TrustLevel level, bool confirmed, string reason, string actor)
    {
        var contact = Require(nameOrFingerprint);
        if (level > contact.Trust && !confirmed)
        {
            throw new StewardException($"Raising \"{contact.Name}\" from {contact.Trust.Name()} to {level.Name()} lets it do more on this machine; it needs the owner's confirmation (confirm: true).");
        }
        if (level == contact.Trust)
        {
            return contact;
        }
        UpdateAudited(contact.Fingerprint, "trust", level.Name(), contact.Trust, level, reason, actor);
        return contact with { Trust = level };
    }

    /// <summary>
    /// Marks a contact as an Instar agent that only speaks Instar's plaintext message body over the
    /// authenticated transport. Turning it on weakens what protects the conversation (no end-to-end
    /// seal), so it needs the owner's confirmation like a trust upgrade; both ways are audited.
    /// </summary>
    public ThreadlineContact SetInstarCompat(string nameOrFingerprint, bool on, bool confirmed, string actor)
    {
        var contact = Require(nameOrFingerprint);
        if (on && !contact.InstarCompat && !confirmed)
        {
            throw new StewardException($"Marking \"{contact.Name}\" instar_compat means messages to and from it are not end-to-end sealed (only the transport is authenticated); it needs the owner's confirmation (confirm: true).");
        }
        if (on == contact.InstarCompat)
        {
            return contact;
        }
        UpdateAudited(contact.Fingerprint, "instar_compat", on ? 1 : 0, contact.Trust, contact.Trust,
            on ? "instar_compat on: plaintext Instar messages allowed" : "instar_compat off: sealed envelopes only", actor);
        return contact with { InstarCompat = on };
    }

    /// <summary>Stores the relay token a completed handshake produced (it authenticates direct-HTTP requests both ways).</summary>
    public void SetRelayToken(string fingerprint, string token)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE threadline_contacts SET relay_token = $token, last_contact_at = $now WHERE fingerprint = $fingerprint";
        command.Parameters.AddWithValue("$token", token);
        command.Parameters.AddWithValue("$now", _time.GetUtcNow().ToUnixTimeSeconds());
        command.Parameters.AddWithValue("$fingerprint", fingerprint);
        if (command.ExecuteNonQuery() != 1)
        {
            throw new StewardException($"No Threadline contact {fingerprint}.");
        }
    }

    public string? RelayToken(string fingerprint)
    {
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT relay_token FROM threadline_contacts WHERE fingerprint = $fingerprint";
        command.Parameters.AddWithValue("$fingerprint", fingerprint);
        return command.ExecuteScalar() as string;
    }

    public IReadOnlyList<TrustChange> AuditLog(string nameOrFingerprint)
    {
        var contact = Require(nameOrFingerprint);
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT fingerprint, from_level, to_level, reason, actor, at FROM threadline_trust_audit WHERE fingerprint = $fingerprint ORDER BY id";
        command.Parameters.AddWithValue("$fingerprint", contact.Fingerprint);
        using var reader = command.ExecuteReader();
        var log = new List<TrustChange>();
        while (reader.Read())
        {
            log.Add(new TrustChange(reader.GetString(0), reader.IsDBNull(1) ? null : TrustLevels.Parse(reader.GetString(1)), TrustLevels.Parse(reader.GetString(2)),
                reader.GetString(3), reader.GetString(4), DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(5))));
        }
        return log;
    }

    private const string Columns = "fingerprint, name, url, ed25519_public, x25519_public, trust, instar_compat, added_at, last_contact_at";

    private static ThreadlineContact? Read(SqliteConnection connection, string column, string value)
    {
        using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM threadline_contacts WHERE {column} = $value";
        command.Parameters.AddWithValue("$value", value);
        using var reader = command.ExecuteReader();
        return reader.Read() ? ToContact(reader) : null;
    }

    private static ThreadlineContact ToContact(SqliteDataReader reader) => new(
        reader.GetString(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.IsDBNull(3) ? null : Convert.FromHexString(reader.GetString(3)), reader.IsDBNull(4) ? null : Convert.FromHexString(reader.GetString(4)), TrustLevels.Parse(reader.GetString(5)),
        reader.GetInt32(6) != 0, DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(7)), reader.IsDBNull(8) ? null : DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(8)));

    /// <summary>Changes one column of a contact and appends the audit entry in the same transaction.</summary>
    private void UpdateAudited(string fingerprint, string column, object value, TrustLevel? from, TrustLevel to, string reason, string actor)
    {
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using (var update = connection.CreateCommand())
        {
            update.CommandText = $"UPDATE threadline_contacts SET {column} = $value WHERE fingerprint = $fingerprint";
            update.Parameters.AddWithValue("$value", value);
            update.Parameters.AddWithValue("$fingerprint", fingerprint);
            update.ExecuteNonQuery();
        }
        Audit(connection, fingerprint, from, to, reason, actor, _time.GetUtcNow());
        transaction.Commit();
    }

    private static void Audit(SqliteConnection connection, string fingerprint, TrustLevel? from, TrustLevel to, string reason, string actor, DateTimeOffset at)
    {
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT INTO threadline_trust_audit (fingerprint, from_level, to_level, reason, actor, at) VALUES ($fingerprint, $from, $to, $reason, $actor, $at)";
        insert.Parameters.AddWithValue("$fingerprint", fingerprint);
        insert.Parameters.AddWithValue("$from", (object?)from?.Name() ?? DBNull.Value);
        insert.Parameters.AddWithValue("$to", to.Name());
        insert.Parameters.AddWithValue("$reason", reason);
        insert.Parameters.AddWithValue("$actor", actor);
        insert.Parameters.AddWithValue("$at", at.ToUnixTimeSeconds());
        insert.ExecuteNonQuery();
    }
}
