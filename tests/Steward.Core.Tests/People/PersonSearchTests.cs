using Steward.Core.People;

namespace Steward.Core.Tests.People;

public sealed class PersonSearchTests : IDisposable
{
    private readonly PeopleTestStore _people = new();
    private readonly Person _grace;
    private readonly Person _ada;

    public PersonSearchTests()
    {
        _grace = _people.Store.Upsert(new PersonChanges(DisplayName: "Grace Hopper", Identities: [PersonIdentity.Parse("email:grace@example.com"), PersonIdentity.Parse("telegram:123456")],
            Notes: "Meets at 9:00 on Mondays; prefers e-mail. Asked about the user's email?", Tags: ["navy"])).Person;
        _ada = _people.Store.Upsert(new PersonChanges(DisplayName: "Ada Lovelace", Identities: [PersonIdentity.Parse("github:ada")], Notes: "Works on the analytical engine.", Tags: ["math"])).Person;
    }

    private IEnumerable<long> Ids(string query) => _people.Store.Search(query).Select(p => p.Id);

    public static TheoryData<string> HostileQueries() => new()
    {
        "\"",
        "\"\"\"",
        "\"grace",
        "e-mail",
        "9:00",
        "user's email?",
        "AND",
        "OR",
        "NOT",
        "NEAR(grace ada)",
        "*",
        "grace*",
        "-grace",
        "^grace",
        "display_name:grace",
        "{display_name notes}: grace",
        "(grace",
        "grace AND",
        "🙂",
        "Grace 🙂 Hopper",
        "'; DROP TABLE people; --",
        "\0grace",
        "\ud800",
        "",
        "   ",
        new string('x', 10_000),
        string.Join(' ', Enumerable.Repeat("grace", 2_000)),
        string.Concat(Enumerable.Repeat("\"* AND OR ( ) : ^ ", 600)),
    };

    [Theory]
    [MemberData(nameof(HostileQueries))]
    public void Any_text_returns_results_or_nothing_and_never_throws(string query)
    {
        var results = _people.Store.Search(query);

        Assert.All(results, p => Assert.True(p.Id == _grace.Id || p.Id == _ada.Id));
    }

    [Theory]
    [InlineData("e-mail")]
    [InlineData("9:00")]
    [InlineData("user's email?")]
    [InlineData("\"grace")]
    [InlineData("Grace 🙂 Hopper")]
    [InlineData("(grace)")]
    public void Punctuated_queries_still_find_what_they_name(string query)
    {
        Assert.Contains(_grace.Id, Ids(query));
    }

    [Theory]
    [InlineData("grace@example.com")]
    [InlineData("telegram:123456")]
    [InlineData("123456")]
    [InlineData("github:ada")]
    public void People_are_found_by_handle(string query)
    {
        var expected = query.Contains("ada", StringComparison.Ordinal) ? _ada.Id : _grace.Id;

        Assert.Equal(expected, Ids(query).First());
    }

    [Fact]
    public void People_are_found_by_name_prefix_notes_and_tags()
    {
        Assert.Equal([_grace.Id], Ids("hopp"));
        Assert.Equal([_ada.Id], Ids("lovelace"));
        Assert.Equal([_ada.Id], Ids("analytical engines"));
        Assert.Equal([_grace.Id], Ids("navy"));
        Assert.Equal([_ada.Id], Ids("MATH"));
    }

    [Fact]
    public void When_not_every_word_matches_any_word_may()
    {
        var results = Ids("grace lovelace").ToList();

        Assert.Equal(2, results.Count);
        Assert.Contains(_grace.Id, results);
        Assert.Contains(_ada.Id, results);
    }

    [Fact]
    public void Updates_reach_the_index_and_the_index_stays_consistent()
    {
        _people.Store.Upsert(new PersonChanges(Person: "Ada Lovelace", DisplayName: "Augusta Ada King", Identities: [PersonIdentity.Parse("slack:U0ADA")], Notes: "Countess."));

        Assert.Empty(Ids("lovelace"));
        Assert.Equal([_ada.Id], Ids("augusta"));
        Assert.Equal([_ada.Id], Ids("countess"));
        Assert.Equal([_ada.Id], Ids("u0ada"));
        _people.CheckSearchIndex();
    }

    [Fact]
    public void Stored_text_with_control_characters_is_indexed_and_found()
    {
        var odd = _people.Store.Upsert(new PersonChanges(DisplayName: "Odd Person", Notes: "before\0after \u0001 \"quoted\" *star*")).Person;

        Assert.Equal([odd.Id], Ids("before"));
        Assert.Equal([odd.Id], Ids("star"));
        _people.CheckSearchIndex();
    }

    [Fact]
    public void The_limit_is_checked()
    {
        Assert.Single(_people.Store.Search("grace lovelace", limit: 1));
        var error = Assert.Throws<StewardException>(() => _people.Store.Search("grace", limit: 0));
        Assert.Contains("1-100", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _people.Dispose();
}
