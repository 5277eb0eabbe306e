using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Steward.Core.Storage;

/// <summary>Instants are stored as UTC ISO 8601 text with a fixed width, so they sort and compare as text.</summary>
public static class SqliteTime
{
    public static string Format(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);

    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

    public static DateTimeOffset? Read(SqliteDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : Parse(reader.GetString(ordinal));

    public static object Parameter(DateTimeOffset? instant) => instant is { } value ? Format(value) : DBNull.Value;
}
