using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Steward.Core.Crypto;

namespace Steward.Core.Threadline;

/// <summary>Fixed inputs for sealing, so tests can reproduce a known envelope; production uses fresh randomness.</summary>
public sealed record SealInputs(byte[] EphemeralPrivateKey, byte[] Salt, byte[] Nonce, string MessageId, DateTimeOffset Timestamp)
{
    public static SealInputs Fresh(TimeProvider time) => new(Sodium.RandomBytes(32), Sodium.RandomBytes(32), Sodium.RandomBytes(Sodium.XChaChaNonceBytes), Guid.NewGuid().ToString(), time.GetUtcNow());
}

/// <summary>
/// The end-to-end envelope: an ephemeral-static plus static-static X25519 agreement, HKDF-SHA256
/// ("threadline-relay-v1"), XChaCha20-Poly1305 over the message with the canonical envelope as
/// AAD, and an Ed25519 signature over the canonical envelope. Opening verifies the signature
/// first, then the recipient and the time window, then decrypts; any failure rejects it.
/// </summary>
public static class SealedEnvelope
{
    public static readonly TimeSpan TimestampWindow = TimeSpan.FromMinutes(5);
    private static readonly byte[] Info = Encoding.UTF8.GetBytes("threadline-relay-v1");
    private static readonly string[] Required = ["from", "to", "threadId", "messageId", "timestamp", "nonce", "ephemeralPubKey", "salt", "payload", "signature"];

    public static JsonObject Seal(ThreadlineIdentity sender, string recipientFingerprint, ReadOnlySpan<byte> recipientX25519Public, string threadId, JsonObject message, SealInputs inputs)
    {
        var ephemeralPublic = Sodium.X25519Public(inputs.EphemeralPrivateKey);
        var key = DeriveKey(Sodium.X25519(inputs.EphemeralPrivateKey, recipientX25519Public), sender.StaticSharedSecret(recipientX25519Public), inputs.Salt);
        var envelope = new JsonObject
        {
            ["from"] = sender.Fingerprint,
            ["to"] = recipientFingerprint,
            ["threadId"] = threadId,
            ["messageId"] = inputs.MessageId,
            ["timestamp"] = UntrustedJson.IsoTimestamp(inputs.Timestamp),
            ["nonce"] = Convert.ToBase64String(inputs.Nonce),
            ["ephemeralPubKey"] = Convert.ToBase64String(ephemeralPublic),
            ["salt"] = Convert.ToBase64String(inputs.Salt),
            ["payload"] = "",
        };
        try
        {
            var aad = Encoding.UTF8.GetBytes(CanonicalJson.Envelope(envelope));
            envelope["payload"] = Convert.ToBase64String(Sodium.Encrypt(Encoding.UTF8.GetBytes(CanonicalJson.Stringify(message)), aad, inputs.Nonce, key));
        }
        finally
        {
            Sodium.Zero(key);
        }
        envelope["signature"] = Convert.ToBase64String(sender.Sign(Encoding.UTF8.GetBytes(CanonicalJson.Envelope(envelope))));
        return envelope;
    }

    /// <summary>The message inside, or <see cref="ThreadlineException"/> saying why the envelope was refused.</summary>
    /// <param name="senderX25519Public">The sender's X25519 key when known (a contact stores it); derived from the Ed25519 key otherwise.</param>
    public static JsonObject Open(ThreadlineIdentity recipient, ReadOnlySpan<byte> senderEd25519Public, string envelopeJson, DateTimeOffset now, byte[]? senderX25519Public = null) =>
        Open(recipient, senderEd25519Public, Parse(envelopeJson), now, senderX25519Public);

    /// <summary>The envelope text as a JSON object, or <see cref="ThreadlineException"/> (invalid_envelope).</summary>
    public static JsonObject Parse(string envelopeJson)
    {
        try
        {
            return JsonNode.Parse(envelopeJson) as JsonObject ?? throw new ThreadlineException("invalid_envelope", "The envelope is not a JSON object.");
        }
        catch (JsonException)
        {
            throw new ThreadlineException("invalid_envelope", "The envelope is not valid JSON.");
        }
    }

    /// <summary>As above, for an envelope already parsed (it is not modified).</summary>
    /// <param name="maxAge">How old the envelope may be: <see cref="TimestampWindow"/> unless a relay held it for an offline recipient (never more than 5 minutes in the future either way).</param>
    public static JsonObject Open(ThreadlineIdentity recipient, ReadOnlySpan<byte> senderEd25519Public, JsonObject envelope, DateTimeOffset now, byte[]? senderX25519Public = null, TimeSpan? maxAge = null)
    {
        foreach (var field in Required)
        {
            if (envelope[field] is not JsonValue value || value.GetValueKind() != JsonValueKind.String)
            {
                throw new ThreadlineException("invalid_envelope", $"The envelope has no \"{field}\" string.");
            }
        }
        var signature = Bytes(envelope, "signature");
        if (!Sodium.Verify(signature, Encoding.UTF8.GetBytes(CanonicalJson.Envelope(envelope)), senderEd25519Public))
        {
            throw new ThreadlineException("invalid_signature", "Invalid message signature.");
        }
        if (Text(envelope, "from") != ThreadlineIdentity.FingerprintOf(senderEd25519Public))
        {
            throw new ThreadlineException("invalid_sender", "The envelope's sender is not the key that signed it.");
        }
        if (Text(envelope, "to") != recipient.Fingerprint)
        {
            throw new ThreadlineException("wrong_recipient", "The envelope is addressed to another agent.");
        }
        if (!DateTimeOffset.TryParse(Text(envelope, "timestamp"), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var timestamp)
            || timestamp - now > TimestampWindow || now - timestamp > (maxAge ?? TimestampWindow))
        {
            throw new ThreadlineException("stale_timestamp", $"The envelope's timestamp is too far from now (more than {TimestampWindow.TotalMinutes:0} minutes ahead or {(maxAge ?? TimestampWindow).TotalMinutes:0} minutes behind).");
        }
        byte[] key;
        try
        {
            var senderX25519 = senderX25519Public ?? Sodium.Ed25519PublicToX25519(senderEd25519Public);
            key = DeriveKey(Sodium.X25519(recipient.X25519PrivateKey, Bytes(envelope, "ephemeralPubKey")), recipient.StaticSharedSecret(senderX25519), Bytes(envelope, "salt"));
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            throw new ThreadlineException("invalid_envelope", "The envelope's keys are not usable.");
        }
        var aadEnvelope = envelope.DeepClone().AsObject();
        aadEnvelope["payload"] = "";
        try
        {
            var plaintext = Sodium.Decrypt(Bytes(envelope, "payload"), Encoding.UTF8.GetBytes(CanonicalJson.Envelope(aadEnvelope)), Bytes(envelope, "nonce"), key)
                ?? throw new ThreadlineException("decryption_failed", "The envelope does not decrypt (invalid tag).");
            return JsonNode.Parse(plaintext) as JsonObject ?? throw new ThreadlineException("invalid_envelope", "The message inside is not a JSON object.");
        }
        catch (JsonException)
        {
            throw new ThreadlineException("invalid_envelope", "The message inside is not valid JSON.");
        }
        finally
        {
            Sodium.Zero(key);
        }
    }

    private static byte[] DeriveKey(byte[] ephemeralShared, ReadOnlySpan<byte> staticShared, byte[] salt)
    {
        var ikm = new byte[ephemeralShared.Length + staticShared.Length];
        ephemeralShared.CopyTo(ikm, 0);
        staticShared.CopyTo(ikm.AsSpan(ephemeralShared.Length));
        try
        {
            return HKDF.DeriveKey(HashAlgorithmName.SHA256, ikm, 32, salt, Info);
        }
        finally
        {
            Sodium.Zero(ikm);
            Sodium.Zero(ephemeralShared);
        }
    }

    private static string Text(JsonObject envelope, string field) => envelope[field]!.GetValue<string>();

    /// <summary>Standard padded base64 only, in its one canonical spelling: other spellings of the same bytes (unused trailing bits set) would make envelopes malleable.</summary>
    private static byte[] Bytes(JsonObject envelope, string field)
    {
        var text = Text(envelope, field);
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new ThreadlineException("invalid_envelope", $"The envelope's \"{field}\" is not base64.");
        }
        if (Convert.ToBase64String(bytes) != text)
        {
            throw new ThreadlineException("invalid_envelope", $"The envelope's \"{field}\" is not canonical base64.");
        }
        return bytes;
    }
}
