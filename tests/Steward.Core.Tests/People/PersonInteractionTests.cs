using Steward.Core.People;

namespace Steward.Core.Tests.People;

public sealed class PersonInteractionTests : IDisposable
{
    private readonly PeopleTestStore _people = new();

    [Fact]
    public void Logging_updates_last_seen_the_count_and_theme_counts()
    {
        var grace = _people.Create("Grace", "telegram:1");
        _people.Clock.Advance(TimeSpan.FromHours(1));
        var first = _people.Store.LogInteraction("telegram:1", "Telegram", "  Talked about COBOL.  ", ["COBOL", "navy", "cobol"]);
        _people.Clock.Advance(TimeSpan.FromHours(1));
        var second = _people.Store.LogInteraction($"#{grace.Id}", "email", "Sent the paper.", ["cobol"]);

        Assert.Equal("telegram", first.Interaction.Channel);
        Assert.Equal("Talked about COBOL.", first.Interaction.Summary);
        Assert.Equal(["cobol", "navy"], first.Interaction.Themes);
        var now = second.Person;
        Assert.Equal(2, now.InteractionCount);
        Assert.Equal(PeopleTestStore.Start.AddHours(2), now.LastSeen);
        Assert.Equal(PeopleTestStore.Start.AddHours(2), now.LastInteractionAt);
        Assert.Equal(PeopleTestStore.Start, now.FirstSeen);
        Assert.Equal([new PersonTheme("cobol", 2, PeopleTestStore.Start.AddHours(2)), new PersonTheme("navy", 1, PeopleTestStore.Start.AddHours(1))], now.Themes);
    }

    [Fact]
    public void Recent_interactions_come_newest_first_up_to_the_limit()
    {
        var grace = _people.Create("Grace");
        for (var i = 1; i <= 12; i++)
        {
            _people.Store.LogInteraction("Grace", "call", $"call {i}");
            _people.Clock.Advance(TimeSpan.FromMinutes(1));
        }

        var recent = _people.Store.RecentInteractions(grace.Id);

        Assert.Equal(10, recent.Count);
        Assert.Equal("call 12", recent[0].Summary);
        Assert.Equal("call 3", recent[^1].Summary);
        Assert.Equal(["call 12", "call 11"], _people.Store.RecentInteractions(grace.Id, 2).Select(i => i.Summary));
    }

    [Theory]
    [InlineData("", "hello", "not a channel")]
    [InlineData("telegram", "", "summary is empty")]
    public void Bad_interactions_are_refused_and_change_nothing(string channel, string summary, string expected)
    {
        var grace = _people.Create("Grace");

        var error = Assert.Throws<StewardException>(() => _people.Store.LogInteraction("Grace", channel, summary));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _people.Store.Get(grace.Id)!.InteractionCount);
    }

    [Fact]
    public void A_summary_may_have_2000_characters_but_not_more()
    {
        _people.Create("Grace");

        _people.Store.LogInteraction("Grace", "email", new string('s', 2_000));
        var error = Assert.Throws<StewardException>(() => _people.Store.LogInteraction("Grace", "email", new string('s', 2_001)));

        Assert.Contains("at most 2,000", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, _people.Count("SELECT COUNT(*) FROM person_interactions"));
    }

    [Fact]
    public void Logging_for_an_unknown_person_is_a_clear_error()
    {
        var error = Assert.Throws<StewardException>(() => _people.Store.LogInteraction("telegram:404", "telegram", "hi"));

        Assert.Contains("No person matches 'telegram:404'", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, _people.Count("SELECT COUNT(*) FROM person_interactions"));
    }

    public void Dispose() => _people.Dispose();
}
