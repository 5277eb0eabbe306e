using System.Globalization;
using Microsoft.Data.Sqlite;

namespace Steward.Core.People;

/// <summary>
/// How the front doors name a person: an id ("12" or "#12"), an identity ("telegram:123456",
/// "email:grace@example.com"), or a display name that exactly one person has (case-insensitive).
/// Each is tried in that order; when none fits, the error lists what was tried.
/// </summary>
internal static class PersonReferences
{
    public const string Help = "an id (12 or #12), platform:handle (e.g. telegram:123456 or email:grace@example.com), or the exact display name";

    public static long Resolve(SqliteConnection connection, string? reference)
    {
        var text = reference?.Trim() ?? "";
        if (text.Length == 0)
        {
            throw new StewardException($"Say which person: {Help}.");
        }
        var tried = new List<string>();
        var digits = text.StartsWith('#') ? text[1..] : text;
        if (digits.Length > 0 && digits.All(char.IsAsciiDigit))
        {
            if (long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && PersonRows.Exists(connection, id))
            {
                return id;
            }
            tried.Add($"id #{digits}");
        }
        if (PersonIdentity.TryParse(text, out var identity))
        {
            if (PersonRows.OwnerOf(connection, identity) is { } owner)
            {
                return owner;
            }
            tried.Add($"identity {identity}");
        }
        var named = Named(connection, text);
        if (named.Count == 1)
        {
            return named[0].Id;
        }
        if (named.Count > 1)
        {
            var people = PersonRows.Load(connection, [.. named.Select(n => n.Id)], DateTimeOffset.UnixEpoch).OrderBy(p => p.Id);
            var choices = string.Join("; ", people.Select(p => p.Identities.Count == 0 ? p.Label : $"{p.Label} ({string.Join(", ", p.Identities)})"));
            throw new StewardException($"{named.Count} people are named '{Shorten(text)}': {choices}. Say which one by id (e.g. #{named[0].Id}) or platform:handle.");
        }
        tried.Add($"display name '{Shorten(text)}'");
        throw new StewardException($"No person matches '{Shorten(text)}' (tried {string.Join(", ", tried)}). Find them with person_search, or create them with person_upsert.");
    }

    /// <summary>A long reference is cut in messages: the model needs the start to see its mistake, not 10,000 characters back.</summary>
    public static string Shorten(string text) => text.Length <= 80 ? text : text[..77] + "...";

    private static List<(long Id, string Name)> Named(SqliteConnection connection, string name)
    {
        // SQLite's NOCASE folds ASCII only; comparing here folds every script. A home holds people
        // in the hundreds or thousands, so reading their names is cheap.
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT id, display_name FROM people WHERE length(display_name) = $length";
        command.Parameters.AddWithValue("$length", name.EnumerateRunes().Count()); // SQLite counts characters, not UTF-16 units
        using var reader = command.ExecuteReader();
        var matches = new List<(long, string)>();
        while (reader.Read())
        {
            if (string.Equals(reader.GetString(1), name, StringComparison.OrdinalIgnoreCase))
            {
                matches.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }
        return matches;
    }
}
