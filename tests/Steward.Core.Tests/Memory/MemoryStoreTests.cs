using Microsoft.Data.Sqlite;
using Steward.Core.Memory;
using Steward.Core.Storage;
using Steward.Testing;

namespace Steward.Core.Tests.Memory;

public sealed class MemoryStoreTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private readonly TestHome _test = new();
    private readonly StewardDatabase _database;
    private readonly ManualClock _clock = new(Now);
    private readonly MemoryStore _memory;

    public MemoryStoreTests()
    {
        _database = new StewardDatabase(_test.Home.DatabasePath);
        _memory = new MemoryStore(_database, 30, _clock);
    }

    private MemoryEntry Add(string text, string topic = "general", MemoryKind kind = MemoryKind.Note, int importance = 3, double daysAgo = 0, string[]? tags = null) =>
        _memory.Remember(new MemoryDraft(text, topic, kind, tags, "test", importance, Now.AddDays(-daysAgo)));

    private List<long> Ids(string query, string? topic = null, MemoryKind? kind = null) =>
        _memory.Search(new MemoryQuery(query, topic, kind)).Select(h => h.Entry.Id).ToList();

    [Fact]
    public void A_fresher_entry_beats_an_equal_older_one()
    {
        var old = Add("The invoice portal password rotates monthly", daysAgo: 90);
        var fresh = Add("The invoice portal password rotates monthly", daysAgo: 1);

        Assert.Equal([fresh.Id, old.Id], Ids("invoice portal"));
    }

    [Fact]
    public void Importance_matters_between_equal_entries()
    {
        var trivia = Add("Grace likes green tea", importance: 1);
        var essential = Add("Grace likes green tea", importance: 5);

        Assert.Equal([essential.Id, trivia.Id], Ids("green tea"));
    }

    [Fact]
    public void Facts_decay_slower_than_notes()
    {
        var note = Add("The staging server is in Frankfurt", kind: MemoryKind.Note, importance: 4, daysAgo: 60);
        var fact = Add("The staging server is in Frankfurt", kind: MemoryKind.Fact, importance: 4, daysAgo: 60);

        Assert.Equal([fact.Id, note.Id], Ids("staging Frankfurt"));
    }

    [Fact]
    public void Entries_returned_by_searches_rank_higher_later()
    {
        var ignored = Add("Backups run at midnight");
        var used = Add("Backups run at midnight");
        _memory.MarkUsed([used.Id]);
        _memory.MarkUsed([used.Id]);

        Assert.Equal([used.Id, ignored.Id], Ids("backups"));
    }

    [Theory]
    [InlineData("running", "We run the report every Monday")]
    [InlineData("deployments", "The deployment failed twice")]
    [InlineData("cafe", "Meeting at the café on Friday")]
    public void Stemming_and_diacritics_find_related_words(string query, string text)
    {
        var entry = Add(text);

        Assert.Equal([entry.Id], Ids(query));
    }

    [Theory]
    [InlineData("\"release train\"")]
    [InlineData("e-mail")]
    [InlineData("9:00")]
    [InlineData("user's email?")]
    [InlineData("AND")]
    [InlineData("*")]
    [InlineData("OR OR NOT")]
    [InlineData("🙂")]
    [InlineData("NEAR(release, train)")]
    [InlineData("col:value")]
    [InlineData("^start")]
    [InlineData("(((")]
    [InlineData("'; DROP TABLE memories; --")]
    public void Hostile_queries_return_results_or_nothing_never_an_error(string query)
    {
        Add("Send the e-mail about the release train to the user at 9:00; the user's email is ops@example.com");

        var hits = _memory.Search(new MemoryQuery(query));

        Assert.NotNull(hits);
        Assert.Equal(1, _memory.Count());
    }

    [Fact]
    public void A_ten_thousand_character_query_works()
    {
        var entry = Add("Quarterly planning notes for the platform team");

        var hits = _memory.Search(new MemoryQuery("planning " + new string('x', 9_000) + " " + string.Join(' ', Enumerable.Repeat("platform", 100))));

        Assert.Equal(entry.Id, Assert.Single(hits).Entry.Id);
    }

    [Fact]
    public void Hostile_queries_find_what_they_mean()
    {
        var email = Add("Send the e-mail at 9:00 sharp");
        Add("Mail the letter at noon");

        Assert.Equal([email.Id], Ids("e-mail"));
        Assert.Equal([email.Id], Ids("9:00"));
    }

    [Fact]
    public void Phrase_search_needs_the_words_together()
    {
        var together = Add("The release train leaves on Thursday");
        Add("The train was late, so the release slipped");

        Assert.Equal([together.Id], Ids("\"release train\""));
        Assert.Equal(2, Ids("release train").Count);
    }

    [Fact]
    public void When_not_every_word_matches_any_word_is_enough()
    {
        var entry = Add("Budget review with finance");

        Assert.Equal([entry.Id], Ids("budget spreadsheet marketing"));
    }

    [Fact]
    public void Prefix_search_works()
    {
        var entry = Add("Kubernetes cluster upgraded");

        Assert.Equal([entry.Id], Ids("kube*"));
    }

    [Fact]
    public void Topic_kind_and_tags_narrow_or_find()
    {
        var factA = Add("Alpha uses Postgres", "project-a", MemoryKind.Fact);
        Add("Beta uses Postgres", "project-b", MemoryKind.Fact);
        var noteA = Add("Postgres upgrade next week", "project-a", MemoryKind.Note, tags: ["db", "Ops Team"]);

        Assert.Equal(2, Ids("postgres", topic: "project-a").Count);
        Assert.Equal([factA.Id], Ids("postgres", topic: "project-a", kind: MemoryKind.Fact));
        Assert.Equal([noteA.Id], Ids("ops-team"));
        Assert.Equal(["db", "ops-team"], noteA.Tags);
    }

    [Fact]
    public void Results_carry_a_highlighted_snippet_score_and_age()
    {
        Add("The quarterly report is due on the fifth", daysAgo: 3);

        var hit = Assert.Single(_memory.Search(new MemoryQuery("report")));

        Assert.Contains("**report**", hit.Snippet, StringComparison.Ordinal);
        Assert.True(hit.Score > 0);
        Assert.Equal(3, hit.Age.TotalDays, 3);
    }

    [Fact]
    public void Forget_really_deletes_from_the_index_too()
    {
        var keep = Add("Server alpha is in Berlin");
        var gone = Add("Server omega is in Berlin");

        Assert.True(_memory.Forget(gone.Id));
        Assert.False(_memory.Forget(gone.Id));

        Assert.Equal([keep.Id], Ids("berlin"));
        Assert.Empty(Ids("omega"));
        using var connection = _database.Open();
        using var check = connection.CreateCommand();
        check.CommandText = "INSERT INTO memories_fts (memories_fts, rank) VALUES ('integrity-check', 1)";
        check.ExecuteNonQuery();
        check.CommandText = "SELECT COUNT(*) FROM memories_fts WHERE memories_fts MATCH 'omega'";
        Assert.Equal(0L, (long)check.ExecuteScalar()!);
        Assert.Equal(1, _memory.Topics().Single().Entries);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "empty")]
    public void Bad_entries_are_refused(string text, string expected)
    {
        var error = Assert.Throws<StewardException>(() => Add(text));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Limits_are_enforced_and_a_bad_batch_writes_nothing()
    {
        Assert.Throws<StewardException>(() => Add(new string('x', MemoryLimits.MaxTextCharacters + 1)));
        Assert.Throws<StewardException>(() => Add("x", importance: 6));
        Assert.Throws<StewardException>(() => Add("x", topic: new string('t', 101)));

        Assert.Throws<StewardException>(() => _memory.RememberMany([new MemoryDraft("fine"), new MemoryDraft(" ")]));
        Assert.Equal(0, _memory.Count());
    }

    [Fact]
    public void Batches_count_topics_once_per_topic()
    {
        _memory.RememberMany(Enumerable.Range(0, 250).Select(i => new MemoryDraft($"entry {i}", i % 2 == 0 ? "even" : "odd")));

        var topics = _memory.Topics().ToDictionary(t => t.Name);
        Assert.Equal(125, topics["even"].Entries);
        Assert.Equal(125, topics["odd"].SinceSummary);
        Assert.Equal(250, _memory.Count());
    }

    [Fact]
    public void An_old_entry_with_a_specific_word_is_found_among_thousands_with_a_common_word()
    {
        var old = Add("Status of the zeppelin hangar lease", daysAgo: 400);
        _memory.RememberMany(Enumerable.Range(0, MemoryRanking.CommonTerm + 500).Select(i => new MemoryDraft($"Status update {i} for the weekly report", "ops")));

        Assert.Equal([old.Id], Ids("zeppelin status"));
        Assert.Equal([old.Id], Ids("zeppelin"));
        var common = _memory.Search(new MemoryQuery("status update", Limit: 5));
        Assert.Equal(5, common.Count);
        Assert.DoesNotContain(common, h => h.Entry.Id == old.Id);
    }

    [Fact]
    public void Recent_lists_newest_first_per_topic()
    {
        var first = Add("one", "a");
        Add("two", "b");
        var third = Add("three", "a");

        Assert.Equal([third.Id, first.Id], _memory.Recent("a", 10).Select(e => e.Id));
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        _test.Dispose();
    }
}
