using System.Security.Cryptography;
using System.Text;
using Steward.Core.Storage;

namespace Steward.Core.Telegram;

/// <summary>
/// `steward telegram pair`: a one-time code, valid 10 minutes, that the owner sends to the bot.
/// Only its hash is stored; it works once, and a new code replaces the old one.
/// </summary>
public sealed class TelegramPairing(StewardDatabase database, TimeProvider? timeProvider = null)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    // No 0/O or 1/I/L: the code is read off a terminal and typed on a phone.
    private const string Alphabet = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";

    private readonly TimeProvider _time = timeProvider ?? TimeProvider.System;

    public (string Code, DateTimeOffset ExpiresAt) Create()
    {
        var code = RandomNumberGenerator.GetString(Alphabet, 8);
        var expires = _time.GetUtcNow() + Lifetime;
        using var connection = database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO telegram_state (key, value) VALUES ('pairing', $value)
            ON CONFLICT (key) DO UPDATE SET value = excluded.value
            """;
        command.Parameters.AddWithValue("$value", $"{Hash(code)}|{expires.ToUnixTimeSeconds()}");
        command.ExecuteNonQuery();
        return (code, expires);
    }

    /// <summary>True exactly once, for the current unexpired code; an expired code is discarded.</summary>
    public bool TryRedeem(string? text)
    {
        var candidate = (text ?? "").Trim().ToUpperInvariant();
        if (candidate.Length != 8)
        {
            return false;
        }
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        using var read = connection.CreateCommand();
        read.CommandText = "SELECT value FROM telegram_state WHERE key = 'pairing'";
        if (read.ExecuteScalar() is not string stored)
        {
            return false;
        }
        var bar = stored.IndexOf('|', StringComparison.Ordinal);
        var expired = long.Parse(stored[(bar + 1)..], System.Globalization.CultureInfo.InvariantCulture) < _time.GetUtcNow().ToUnixTimeSeconds();
        var matches = CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(stored[..bar]), Encoding.ASCII.GetBytes(Hash(candidate)));
        if (expired || matches)
        {
            using var delete = connection.CreateCommand();
            delete.CommandText = "DELETE FROM telegram_state WHERE key = 'pairing'";
            delete.ExecuteNonQuery();
            transaction.Commit();
        }
        return matches && !expired;
    }

    private static string Hash(string code) => Convert.ToHexStringLower(SHA256.HashData(Encoding.ASCII.GetBytes(code)));
}
