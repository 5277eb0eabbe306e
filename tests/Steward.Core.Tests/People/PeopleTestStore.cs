using System.Globalization;
using Steward.Core.People;
using Steward.Core.Storage;
using Steward.Testing;

namespace Steward.Core.Tests.People;

/// <summary>A people store over a real home database, on a clock the test moves.</summary>
internal sealed class PeopleTestStore : IDisposable
{
    public static readonly DateTimeOffset Start = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    private readonly TestHome _home = new();

    public PeopleTestStore()
    {
        Database = new StewardDatabase(_home.Home.DatabasePath);
        Store = new PersonStore(Database, Clock);
    }

    public ManualClock Clock { get; } = new(Start);

    public StewardDatabase Database { get; }

    public PersonStore Store { get; }

    public Person Create(string name, params string[] identities) =>
        Store.Upsert(new PersonChanges(DisplayName: name, Identities: [.. identities.Select(PersonIdentity.Parse)])).Person;

    /// <summary>A person as comparable text (records holding lists compare those by reference).</summary>
    public static string Snapshot(Person? person) => person is null ? "null" : PeopleMessages.ToJson(person).ToJsonString();

    public long Count(string sql)
    {
        using var connection = Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    /// <summary>FTS5's own consistency check of people_fts; throws when the index is damaged.</summary>
    public void CheckSearchIndex()
    {
        using var connection = Database.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO people_fts(people_fts) VALUES('integrity-check')";
        command.ExecuteNonQuery();
    }

    public void Dispose() => _home.Dispose();
}
