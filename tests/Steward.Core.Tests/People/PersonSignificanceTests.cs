using Steward.Core.People;

namespace Steward.Core.Tests.People;

public sealed class PersonSignificanceTests
{
    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(4, 1)]
    [InlineData(5, 2)]
    [InlineData(19, 2)]
    [InlineData(20, 3)]
    [InlineData(49, 3)]
    [InlineData(50, 4)]
    [InlineData(5_000, 4)]
    public void Frequency_counts_interactions(int interactions, int expected) =>
        Assert.Equal(expected, PersonSignificance.Frequency(interactions));

    [Theory]
    [InlineData(0.0, 3)]
    [InlineData(23.9, 3)]
    [InlineData(24.0, 2)]
    [InlineData(24.0 * 7 - 0.1, 2)]
    [InlineData(24.0 * 7, 1)]
    [InlineData(24.0 * 30 - 0.1, 1)]
    [InlineData(24.0 * 30, 0)]
    [InlineData(24.0 * 365, 0)]
    public void Recency_counts_hours_since_the_last_interaction(double hoursAgo, int expected) =>
        Assert.Equal(expected, PersonSignificance.Recency(Now - TimeSpan.FromHours(hoursAgo), Now));

    [Fact]
    public void Recency_without_any_interaction_is_zero() => Assert.Equal(0, PersonSignificance.Recency(null, Now));

    [Theory]
    [InlineData(0, 0)]
    [InlineData(1, 0)]
    [InlineData(2, 1)]
    [InlineData(5, 2)]
    [InlineData(9, 2)]
    [InlineData(10, 3)]
    [InlineData(40, 3)]
    public void Breadth_counts_distinct_themes(int themes, int expected) =>
        Assert.Equal(expected, PersonSignificance.Breadth(themes));

    [Theory]
    [InlineData(0, null, 0, 1)]        // nothing at all still scores the minimum
    [InlineData(1, 1.0, 1, 3)]         // 0 + 3 + 0
    [InlineData(5, 48.0, 5, 6)]        // 2 + 2 + 2
    [InlineData(20, 240.0, 2, 5)]      // 3 + 1 + 1
    [InlineData(50, 1.0, 10, 10)]      // 4 + 3 + 3
    [InlineData(50, 2000.0, 10, 7)]    // 4 + 0 + 3
    public void The_score_is_the_clamped_sum(int interactions, double? hoursAgo, int themes, int expected)
    {
        DateTimeOffset? last = hoursAgo is { } h ? Now - TimeSpan.FromHours(h) : null;

        var score = PersonSignificance.Compute(interactions, last, themes, Now);

        Assert.Equal(expected, score.Value);
        Assert.InRange(score.Value, 1, 10);
    }

    [Fact]
    public void A_stored_person_scores_from_their_data_and_fades_as_the_clock_moves()
    {
        using var people = new PeopleTestStore();
        var grace = people.Create("Grace", "telegram:1");
        Assert.Equal(1, grace.Significance.Value);

        string[] themes = ["cobol", "navy", "compilers", "teaching", "nanoseconds"];
        for (var i = 0; i < 20; i++)
        {
            people.Store.LogInteraction("telegram:1", "telegram", $"chat {i}", [themes[i % themes.Length]]);
            people.Clock.Advance(TimeSpan.FromMinutes(10));
        }

        Assert.Equal(new SignificanceScore(3, 3, 2), people.Store.Get(grace.Id)!.Significance);
        people.Clock.Advance(TimeSpan.FromDays(3));
        Assert.Equal(7, people.Store.Get(grace.Id)!.Significance.Value);
        people.Clock.Advance(TimeSpan.FromDays(10));
        Assert.Equal(6, people.Store.Get(grace.Id)!.Significance.Value);
        people.Clock.Advance(TimeSpan.FromDays(30));
        Assert.Equal(5, people.Store.Get(grace.Id)!.Significance.Value);
    }

    [Fact]
    public void List_puts_the_most_significant_first()
    {
        using var people = new PeopleTestStore();
        var quiet = people.Create("Quiet");
        var busy = people.Create("Busy");
        people.Store.LogInteraction("Busy", "call", "hello", ["a", "b"]);
        people.Store.LogInteraction("Busy", "call", "again", ["c"]);

        Assert.Equal([busy.Id, quiet.Id], people.Store.List().Select(p => p.Id));
    }
}
