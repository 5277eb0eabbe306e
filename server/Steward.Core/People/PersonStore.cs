using System.Globalization;
using Microsoft.Data.Sqlite;
using Steward.Core.Storage;

namespace Steward.Core.People;

/// <summary>
/// The people the agent knows, their identities across platforms, what they talked about and how
/// much they matter. Every write is one IMMEDIATE transaction that also keeps people_fts in step,
/// and resolves person references inside it, so a concurrent merge cannot slip between the two.
/// </summary>
public sealed class PersonStore(StewardDatabase database, TimeProvider time)
{
    public const int DefaultSearchLimit = 10;
    public const int MaxLimit = 100;
    public const int DefaultRecentInteractions = 10;

    public Person? Get(long id)
    {
        using var connection = database.Open();
        return PersonRows.LoadOne(connection, id, time.GetUtcNow());
    }

    /// <summary>The person who owns this identity, if anyone: one primary-key lookup.</summary>
    public Person? Resolve(string platform, string handle) => Resolve(PersonIdentity.Create(platform, handle));

    public Person? Resolve(PersonIdentity identity)
    {
        using var connection = database.Open();
        return PersonRows.OwnerOf(connection, identity) is { } id ? PersonRows.LoadOne(connection, id, time.GetUtcNow()) : null;
    }

    /// <summary>The person a reference names: an id ("12", "#12"), "platform:handle", or an exact display name only one person has.</summary>
    public Person Find(string? reference)
    {
        using var connection = database.Open();
        var id = PersonReferences.Resolve(connection, reference);
        return PersonRows.LoadOne(connection, id, time.GetUtcNow())!;
    }

    /// <summary>Everyone, most significant first (then most recently seen).</summary>
    public IReadOnlyList<Person> List()
    {
        using var connection = database.Open();
        return [.. PersonRows.Load(connection, null, time.GetUtcNow()).OrderByDescending(p => p.Significance.Value).ThenByDescending(p => p.LastSeen).ThenBy(p => p.Id)];
    }

    /// <summary>
    /// People whose name, notes, tags or handles match the words of <paramref name="query"/>, best
    /// first. Any text is accepted: text with nothing searchable finds nobody, it never fails.
    /// </summary>
    public IReadOnlyList<Person> Search(string? query, int limit = DefaultSearchLimit)
    {
        using var connection = database.Open();
        var ids = PeopleSearchIndex.Search(connection, query, CheckLimit(limit));
        var people = PersonRows.Load(connection, ids, time.GetUtcNow()).ToDictionary(p => p.Id);
        return [.. ids.Where(people.ContainsKey).Select(id => people[id])];
    }

    public PersonUpsertResult Upsert(PersonChanges changes)
    {
        ArgumentNullException.ThrowIfNull(changes);
        var name = changes.DisplayName is null ? null : PersonText.DisplayName(changes.DisplayName);
        var notes = changes.Notes is null ? null : PersonText.Notes(changes.Notes);
        var tags = PersonText.Tags(changes.Tags);
        var identities = (changes.Identities ?? []).Distinct().ToList();
        var now = time.GetUtcNow();

        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        long? target = changes.Person is null ? null : PersonReferences.Resolve(connection, changes.Person);
        var owners = identities.Select(i => (Identity: i, Owner: PersonRows.OwnerOf(connection, i))).ToList();
        target ??= SingleOwner(connection, owners, now);
        foreach (var (identity, owner) in owners)
        {
            if (owner is { } other && other != target)
            {
                var them = PersonRows.LoadOne(connection, other, now)!;
                var us = PersonRows.LoadOne(connection, target!.Value, now)!;
                throw new StewardException($"{identity} already belongs to {them.Label}; an identity belongs to one person. If {us.Label} and {them.Label} are the same person, combine them with person_merge (keep: \"#{us.Id}\", merge: \"#{them.Id}\").");
            }
        }

        var created = target is null;
        var id = created
            ? Insert(connection, name ?? throw new StewardException("A display name is needed to create a person (nobody has these identities yet). Give display_name, or name an existing person with person."),
                notes is null ? "" : changes.ReplaceNotes ? notes : Dated(notes, now), tags, now)
            : Update(connection, PersonRows.LoadOne(connection, target!.Value, now)!, name, notes, changes.ReplaceNotes, tags, now);
        var added = owners.Where(o => o.Owner is null).Select(o => o.Identity).ToList();
        foreach (var identity in added)
        {
            AddIdentity(connection, id, identity, now);
        }
        PeopleSearchIndex.Refresh(connection, id);
        var person = PersonRows.LoadOne(connection, id, now)!;
        transaction.Commit();
        return new PersonUpsertResult(person, created, added);
    }

    /// <summary>Records an interaction: the person's last_seen, interaction count and theme counts grow with it.</summary>
    public LoggedInteraction LogInteraction(string? person, string? channel, string? summary, IEnumerable<string?>? themes = null)
    {
        var cleanChannel = PersonText.Channel(channel);
        var cleanSummary = PersonText.Summary(summary);
        var cleanThemes = PersonText.Themes(themes);
        var now = time.GetUtcNow();
        var at = now.ToUnixTimeSeconds();

        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var id = PersonReferences.Resolve(connection, person);
        long interactionId;
        using (var insert = connection.CreateCommand())
        {
            insert.CommandText = "INSERT INTO person_interactions (person_id, at, channel, summary, themes) VALUES ($id, $at, $channel, $summary, $themes) RETURNING id";
            insert.Parameters.AddWithValue("$id", id);
            insert.Parameters.AddWithValue("$at", at);
            insert.Parameters.AddWithValue("$channel", cleanChannel);
            insert.Parameters.AddWithValue("$summary", cleanSummary);
            insert.Parameters.AddWithValue("$themes", PersonText.Join(cleanThemes));
            interactionId = Convert.ToInt64(insert.ExecuteScalar(), CultureInfo.InvariantCulture);
        }
        using (var seen = connection.CreateCommand())
        {
            seen.CommandText = "UPDATE people SET last_seen = max(last_seen, $at), interaction_count = interaction_count + 1 WHERE id = $id";
            seen.Parameters.AddWithValue("$id", id);
            seen.Parameters.AddWithValue("$at", at);
            seen.ExecuteNonQuery();
        }
        foreach (var theme in cleanThemes)
        {
            using var count = connection.CreateCommand();
            count.CommandText = """
                INSERT INTO person_themes (person_id, theme, count, last_at) VALUES ($id, $theme, 1, $at)
                ON CONFLICT (person_id, theme) DO UPDATE SET count = count + 1, last_at = max(last_at, excluded.last_at)
                """;
            count.Parameters.AddWithValue("$id", id);
            count.Parameters.AddWithValue("$theme", theme);
            count.Parameters.AddWithValue("$at", at);
            count.ExecuteNonQuery();
        }
        var updated = PersonRows.LoadOne(connection, id, now)!;
        transaction.Commit();
        return new LoggedInteraction(updated, new PersonInteraction(interactionId, id, DateTimeOffset.FromUnixTimeSeconds(at), cleanChannel, cleanSummary, cleanThemes));
    }

    /// <summary>A person's latest interactions, newest first.</summary>
    public IReadOnlyList<PersonInteraction> RecentInteractions(long personId, int limit = DefaultRecentInteractions)
    {
        using var connection = database.Open();
        return PersonRows.Interactions(connection, personId, CheckLimit(limit));
    }

    /// <summary>
    /// Makes two records of one person into one: everything of <paramref name="merge"/> (identities,
    /// interactions, themes, notes, tags, first and last seen, counts) moves to <paramref name="keep"/>,
    /// then <paramref name="merge"/> is deleted, in one transaction.
    /// </summary>
    public PersonMergeResult Merge(string? keep, string? merge)
    {
        var now = time.GetUtcNow();
        using var connection = database.Open();
        using var transaction = connection.BeginTransaction(deferred: false);
        var keepId = PersonReferences.Resolve(connection, keep);
        var mergeId = PersonReferences.Resolve(connection, merge);
        var result = PersonMerge.Apply(connection, keepId, mergeId, now);
        transaction.Commit();
        return result;
    }

    private static int CheckLimit(int limit) => limit is >= 1 and <= MaxLimit
        ? limit
        : throw new StewardException($"The limit {limit} is out of range; give 1-{MaxLimit}.");

    /// <summary>A new paragraph of notes starts with the day it was written, so a profile reads as a history.</summary>
    internal static string Dated(string notes, DateTimeOffset now) =>
        notes.Length == 0 ? "" : string.Create(CultureInfo.InvariantCulture, $"[{now.UtcDateTime:yyyy-MM-dd}] {notes}");

    internal static string AppendParagraph(string existing, string paragraph) =>
        existing.Length == 0 ? paragraph : paragraph.Length == 0 ? existing : existing + "\n\n" + paragraph;

    private static long? SingleOwner(SqliteConnection connection, List<(PersonIdentity Identity, long? Owner)> owners, DateTimeOffset now)
    {
        var found = owners.Where(o => o.Owner is not null).GroupBy(o => o.Owner!.Value).ToList();
        if (found.Count > 1)
        {
            var who = string.Join(" and ", found.Select(g => $"{string.Join(", ", g.Select(o => o.Identity))} to {PersonRows.LoadOne(connection, g.Key, now)!.Label}"));
            throw new StewardException($"These identities belong to different people ({who}). If they are the same person, combine them first with person_merge; otherwise upsert each person separately.");
        }
        return found.Count == 1 ? found[0].Key : null;
    }

    private static long Insert(SqliteConnection connection, string name, string notes, IReadOnlyList<string> tags, DateTimeOffset now)
    {
        using var command = connection.CreateCommand();
        command.CommandText = """
            INSERT INTO people (display_name, notes, tags, first_seen, last_seen, interaction_count)
            VALUES ($name, $notes, $tags, $now, $now, 0) RETURNING id
            """;
        command.Parameters.AddWithValue("$name", name);
        command.Parameters.AddWithValue("$notes", notes);
        command.Parameters.AddWithValue("$tags", PersonText.Join(tags));
        command.Parameters.AddWithValue("$now", now.ToUnixTimeSeconds());
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static long Update(SqliteConnection connection, Person current, string? name, string? notes, bool replaceNotes, IReadOnlyList<string> tags, DateTimeOffset now)
    {
        var newNotes = notes is null ? current.Notes
            : replaceNotes ? notes
            : AppendParagraph(current.Notes, Dated(notes, now));
        var newTags = PersonText.Tags(current.Tags.Concat(tags));
        using var command = connection.CreateCommand();
        command.CommandText = "UPDATE people SET display_name = $name, notes = $notes, tags = $tags WHERE id = $id";
        command.Parameters.AddWithValue("$id", current.Id);
        command.Parameters.AddWithValue("$name", name ?? current.DisplayName);
        command.Parameters.AddWithValue("$notes", newNotes);
        command.Parameters.AddWithValue("$tags", PersonText.Join(newTags));
        command.ExecuteNonQuery();
        return current.Id;
    }

    private static void AddIdentity(SqliteConnection connection, long personId, PersonIdentity identity, DateTimeOffset now)
    {
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO person_identities (platform, handle, person_id, added_at) VALUES ($platform, $handle, $id, $now)";
        command.Parameters.AddWithValue("$platform", identity.Platform);
        command.Parameters.AddWithValue("$handle", identity.Handle);
        command.Parameters.AddWithValue("$id", personId);
        command.Parameters.AddWithValue("$now", now.ToUnixTimeSeconds());
        command.ExecuteNonQuery();
    }
}
