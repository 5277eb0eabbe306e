using Steward.Core.People;

namespace Steward.Core.Tests.People;

public sealed class PersonMergeTests : IDisposable
{
    private readonly PeopleTestStore _people = new();

    private PersonStore Store => _people.Store;

    [Fact]
    public void Merging_moves_everything_and_leaves_no_trace_of_the_merged_person()
    {
        var keep = Store.Upsert(new PersonChanges(DisplayName: "Grace Hopper", Identities: [PersonIdentity.Parse("telegram:1")], Notes: "Admiral.", Tags: ["navy"])).Person;
        Store.LogInteraction("telegram:1", "telegram", "About COBOL.", ["cobol", "navy"]);
        _people.Clock.Advance(TimeSpan.FromDays(1));
        var merge = Store.Upsert(new PersonChanges(DisplayName: "Amazing Grace", Identities: [PersonIdentity.Parse("email:grace@example.com"), PersonIdentity.Parse("github:ghopper")],
            Notes: "Writes long emails.", Tags: ["compilers"])).Person;
        _people.Clock.Advance(TimeSpan.FromDays(1));
        Store.LogInteraction("email:grace@example.com", "email", "About compilers.", ["cobol", "compilers"]);
        Store.LogInteraction("github:ghopper", "github", "Reviewed a pull request.");

        var result = Store.Merge($"#{keep.Id}", "Amazing Grace");

        var kept = result.Kept;
        Assert.Equal(keep.Id, kept.Id);
        Assert.Equal(merge.Id, result.MergedId);
        Assert.Equal((2, 2, 2), (result.IdentitiesMoved, result.InteractionsMoved, result.ThemesMoved));
        Assert.Equal("Grace Hopper", kept.DisplayName);
        Assert.Equal(["email:grace@example.com", "github:ghopper", "telegram:1"], kept.Identities.Select(i => i.ToString()).Order());
        Assert.Equal(3, kept.InteractionCount);
        Assert.Equal(PeopleTestStore.Start, kept.FirstSeen);
        Assert.Equal(PeopleTestStore.Start.AddDays(2), kept.LastSeen);
        Assert.Equal(["compilers", "navy"], kept.Tags);
        Assert.Equal(
            [("cobol", 2, PeopleTestStore.Start.AddDays(2)), ("compilers", 1, PeopleTestStore.Start.AddDays(2)), ("navy", 1, PeopleTestStore.Start)],
            kept.Themes.Select(t => (t.Theme, t.Count, t.LastAt)).OrderBy(t => t.Theme));
        Assert.Equal($"[2026-03-01] Admiral.\n\nMerged from Amazing Grace (#{merge.Id}):\n[2026-03-02] Writes long emails.", kept.Notes);
        Assert.Equal(3, Store.RecentInteractions(kept.Id).Count);
        Assert.Equal(kept.Id, Store.Resolve("github", "ghopper")!.Id);

        Assert.Null(Store.Get(merge.Id));
        Assert.Equal(1, _people.Count("SELECT COUNT(*) FROM people"));
        Assert.Equal(0, _people.Count("SELECT COUNT(*) FROM person_identities WHERE person_id NOT IN (SELECT id FROM people)"));
        Assert.Equal(0, _people.Count("SELECT COUNT(*) FROM person_interactions WHERE person_id NOT IN (SELECT id FROM people)"));
        Assert.Equal(0, _people.Count("SELECT COUNT(*) FROM person_themes WHERE person_id NOT IN (SELECT id FROM people)"));
        Assert.Equal(0, _people.Count($"SELECT COUNT(*) FROM people_fts WHERE rowid = {merge.Id}"));
        Assert.Equal(1, _people.Count("SELECT COUNT(*) FROM people_fts"));
        _people.CheckSearchIndex();
    }

    [Fact]
    public void Searching_for_the_merged_name_finds_only_the_kept_person()
    {
        var keep = _people.Create("Grace Hopper", "telegram:1");
        var merge = _people.Create("Zelda Quux", "email:zq@example.com");

        Store.Merge($"#{keep.Id}", $"#{merge.Id}");

        Assert.Equal([keep.Id], Store.Search("zelda quux").Select(p => p.Id));
        Assert.Equal([keep.Id], Store.Search("zq@example.com").Select(p => p.Id));
        _people.CheckSearchIndex();
    }

    [Fact]
    public void Merging_a_person_with_themselves_is_refused()
    {
        var grace = _people.Create("Grace", "telegram:1");

        var error = Assert.Throws<StewardException>(() => Store.Merge("Grace", "telegram:1"));

        Assert.Contains("two different people", error.Message, StringComparison.Ordinal);
        Assert.NotNull(Store.Get(grace.Id));
    }

    [Fact]
    public void Merging_an_unknown_person_changes_nothing()
    {
        var grace = _people.Create("Grace", "telegram:1");

        Assert.Throws<StewardException>(() => Store.Merge("Grace", "#999"));

        Assert.Equal(PeopleTestStore.Snapshot(grace), PeopleTestStore.Snapshot(Store.Get(grace.Id)));
    }

    public void Dispose() => _people.Dispose();
}
