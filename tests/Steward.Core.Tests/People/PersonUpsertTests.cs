using Steward.Core.People;

namespace Steward.Core.Tests.People;

public sealed class PersonUpsertTests : IDisposable
{
    private readonly PeopleTestStore _people = new();

    private PersonStore Store => _people.Store;

    [Fact]
    public void A_new_person_gets_identities_tags_notes_and_first_and_last_seen_now()
    {
        var result = Store.Upsert(new PersonChanges(DisplayName: "  Grace Hopper ", Identities: [PersonIdentity.Parse("telegram:123456"), PersonIdentity.Parse("email:Grace@Example.COM")],
            Notes: "Invented the compiler.", Tags: ["Navy", "colleague", "navy"]));

        Assert.True(result.Created);
        var grace = result.Person;
        Assert.Equal("Grace Hopper", grace.DisplayName);
        Assert.Equal(["email:grace@example.com", "telegram:123456"], grace.Identities.Select(i => i.ToString()));
        Assert.Equal(["colleague", "navy"], grace.Tags);
        Assert.Equal("[2026-03-01] Invented the compiler.", grace.Notes);
        Assert.Equal(PeopleTestStore.Start, grace.FirstSeen);
        Assert.Equal(PeopleTestStore.Start, grace.LastSeen);
        Assert.Equal(0, grace.InteractionCount);
        Assert.Null(grace.LastInteractionAt);
        Assert.Equal(PeopleTestStore.Snapshot(grace), PeopleTestStore.Snapshot(Store.Get(grace.Id)));
    }

    [Fact]
    public void Creating_needs_a_display_name()
    {
        var error = Assert.Throws<StewardException>(() => Store.Upsert(new PersonChanges(Identities: [PersonIdentity.Parse("telegram:1")])));

        Assert.Contains("display name is needed", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _people.Count("SELECT COUNT(*) FROM people"));
    }

    [Fact]
    public void An_upsert_without_person_updates_whoever_has_one_of_the_identities()
    {
        var grace = _people.Create("Grace", "telegram:123456");

        var result = Store.Upsert(new PersonChanges(DisplayName: "Grace Hopper", Identities: [PersonIdentity.Parse("telegram:123456"), PersonIdentity.Parse("github:GHopper")], Tags: ["navy"]));

        Assert.False(result.Created);
        Assert.Equal(grace.Id, result.Person.Id);
        Assert.Equal("Grace Hopper", result.Person.DisplayName);
        Assert.Equal(["github:ghopper"], result.AddedIdentities.Select(i => i.ToString()));
        Assert.Equal(2, result.Person.Identities.Count);
        Assert.Equal(1, _people.Count("SELECT COUNT(*) FROM people"));
    }

    [Fact]
    public void An_update_by_reference_keeps_what_it_does_not_mention_and_unions_tags()
    {
        var grace = Store.Upsert(new PersonChanges(DisplayName: "Grace", Tags: ["navy"], Notes: "First.")).Person;

        var updated = Store.Upsert(new PersonChanges(Person: $"#{grace.Id}", Tags: ["Compilers", "navy"])).Person;

        Assert.Equal("Grace", updated.DisplayName);
        Assert.Equal(["compilers", "navy"], updated.Tags);
        Assert.Equal(grace.Notes, updated.Notes);
    }

    [Fact]
    public void Notes_are_appended_as_dated_paragraphs_unless_replaced()
    {
        var grace = _people.Create("Grace");
        Store.Upsert(new PersonChanges(Person: grace.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), Notes: "Likes COBOL."));
        _people.Clock.Advance(TimeSpan.FromDays(2));
        var appended = Store.Upsert(new PersonChanges(Person: "Grace", Notes: "Prefers mornings.")).Person;

        Assert.Equal("[2026-03-01] Likes COBOL.\n\n[2026-03-03] Prefers mornings.", appended.Notes);

        var replaced = Store.Upsert(new PersonChanges(Person: "grace", Notes: "Only this.", ReplaceNotes: true)).Person;
        Assert.Equal("Only this.", replaced.Notes);

        var cleared = Store.Upsert(new PersonChanges(Person: "grace", Notes: "", ReplaceNotes: true)).Person;
        Assert.Equal("", cleared.Notes);
    }

    [Fact]
    public void An_identity_of_another_person_is_refused_and_points_at_person_merge()
    {
        var grace = _people.Create("Grace", "telegram:1");
        var ada = _people.Create("Ada", "telegram:2");

        var error = Assert.Throws<StewardException>(() => Store.Upsert(new PersonChanges(Person: $"#{ada.Id}", Identities: [PersonIdentity.Parse("telegram:1")], Notes: "x")));

        Assert.Contains($"telegram:1 already belongs to #{grace.Id} Grace", error.Message, StringComparison.Ordinal);
        Assert.Contains("person_merge", error.Message, StringComparison.Ordinal);
        Assert.Equal("", Store.Get(ada.Id)!.Notes);
        Assert.Equal(grace.Id, Store.Resolve("telegram", "1")!.Id);
    }

    [Fact]
    public void Identities_of_two_different_people_in_one_upsert_are_refused()
    {
        _people.Create("Grace", "telegram:1");
        _people.Create("Ada", "email:ada@example.com");

        var error = Assert.Throws<StewardException>(() => Store.Upsert(new PersonChanges(DisplayName: "Who",
            Identities: [PersonIdentity.Parse("telegram:1"), PersonIdentity.Parse("email:ADA@example.com")])));

        Assert.Contains("belong to different people", error.Message, StringComparison.Ordinal);
        Assert.Contains("person_merge", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, _people.Count("SELECT COUNT(*) FROM people"));
    }

    [Fact]
    public void Resolution_by_identity_normalises_case_where_the_platform_ignores_it()
    {
        var grace = _people.Create("Grace", "email:grace@example.com", "telegram:AbC", "phone:+1 (555) 010-0000");

        Assert.Equal(grace.Id, Store.Resolve("email", " GRACE@example.com ")!.Id);
        Assert.Equal(grace.Id, Store.Resolve("Telegram", "AbC")!.Id);
        Assert.Null(Store.Resolve("telegram", "abc"));
        Assert.Equal(grace.Id, Store.Resolve("phone", "+15550100000")!.Id);
        Assert.Null(Store.Resolve("slack", "grace"));
    }

    [Fact]
    public void A_reference_can_be_an_id_an_identity_or_a_unique_name()
    {
        var grace = _people.Create("Grace Hopper", "telegram:123456");

        Assert.Equal(grace.Id, Store.Find(grace.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)).Id);
        Assert.Equal(grace.Id, Store.Find($"#{grace.Id}").Id);
        Assert.Equal(grace.Id, Store.Find("telegram:123456").Id);
        Assert.Equal(grace.Id, Store.Find("grace HOPPER").Id);
    }

    [Fact]
    public void A_name_with_a_colon_is_still_found_by_name()
    {
        var who = _people.Create("Dr: Who");

        Assert.Equal(who.Id, Store.Find("dr: who").Id);
    }

    [Fact]
    public void An_unknown_reference_lists_what_was_tried()
    {
        var error = Assert.Throws<StewardException>(() => Store.Find("telegram:999"));
        Assert.Contains("tried identity telegram:999, display name 'telegram:999'", error.Message, StringComparison.Ordinal);

        var byId = Assert.Throws<StewardException>(() => Store.Find("#42"));
        Assert.Contains("id #42", byId.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void An_ambiguous_name_lists_the_candidates()
    {
        var first = _people.Create("Alex", "telegram:1");
        var second = _people.Create("alex");

        var error = Assert.Throws<StewardException>(() => Store.Find("ALEX"));

        Assert.Contains($"2 people are named 'ALEX': #{first.Id} Alex (telegram:1); #{second.Id} alex", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Telegram Bot", "1", "not a platform name")]
    [InlineData("9gag", "1", "not a platform name")]
    [InlineData("", "1", "not a platform name")]
    [InlineData("telegram", "   ", "handle is empty")]
    [InlineData("telegram", "a\nb", "control character")]
    public void Bad_identities_are_refused_with_what_is_accepted(string platform, string handle, string expected)
    {
        var error = Assert.Throws<StewardException>(() => PersonIdentity.Create(platform, handle));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_handle_longer_than_200_characters_is_refused()
    {
        Assert.Equal(200, PersonIdentity.Create("web", new string('x', 200)).Handle.Length);
        var error = Assert.Throws<StewardException>(() => PersonIdentity.Create("web", new string('x', 201)));
        Assert.Contains("at most 200", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "display name is empty")]
    [InlineData("Grace\nHopper", "one line")]
    public void Bad_display_names_are_refused(string name, string expected)
    {
        var error = Assert.Throws<StewardException>(() => Store.Upsert(new PersonChanges(DisplayName: name)));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tag_with_a_comma_is_refused()
    {
        var error = Assert.Throws<StewardException>(() => Store.Upsert(new PersonChanges(DisplayName: "Grace", Tags: ["a,b"])));

        Assert.Contains("without commas", error.Message, StringComparison.Ordinal);
    }

    public void Dispose() => _people.Dispose();
}
