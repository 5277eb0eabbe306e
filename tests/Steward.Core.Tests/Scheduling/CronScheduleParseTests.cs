using Steward.Core.Scheduling.Cron;

namespace Steward.Core.Tests.Scheduling;

public sealed class CronScheduleParseTests
{
    private static readonly TimeZoneInfo Utc = TimeZoneInfo.Utc;

    [Fact]
    public void An_hour_out_of_range_names_the_field_and_the_range()
    {
        var error = Assert.Throws<CronFormatException>(() => CronSchedule.Parse("0 25 * * *", Utc));

        Assert.Equal("Invalid schedule \"0 25 * * *\": hour field \"25\": 25 is outside 0-23.", error.Message);
        Assert.IsAssignableFrom<StewardException>(error);
    }

    [Theory]
    [InlineData("60 * * * *", "minute field \"60\"", "outside 0-59")]
    [InlineData("* * 0 * *", "day-of-month field \"0\"", "outside 1-31")]
    [InlineData("* * 32 * *", "day-of-month field \"32\"", "outside 1-31")]
    [InlineData("* * * 13 *", "month field \"13\"", "outside 1-12")]
    [InlineData("* * * * 8", "day-of-week field \"8\"", "outside 0-7")]
    [InlineData("* * * foo *", "month field \"foo\"", "month name")]
    [InlineData("* * * * funday", "day-of-week field \"funday\"", "day name")]
    [InlineData("*/0 * * * *", "minute field \"*/0\"", "step 0")]
    [InlineData("5-3 * * * *", "minute field \"5-3\"", "reversed")]
    [InlineData("0 0 * * fri-sun", "day-of-week field \"fri-sun\"", "use 7 for Sunday")]
    [InlineData("* 1,,2 * * *", "hour field \"1,,2\"", "empty")]
    [InlineData("? * * * *", "minute field \"?\"", "only allowed in day-of-month and day-of-week")]
    [InlineData("* * * * L", "day-of-week field \"L\"", "needs a weekday")]
    [InlineData("* * * * 1#6", "day-of-week field \"1#6\"", "week 1-5")]
    [InlineData("* * L-31 * *", "day-of-month field \"L-31\"", "offset 0-30")]
    [InlineData("* * 32W * *", "day-of-month field \"32W\"", "outside 1-31")]
    [InlineData("* * * 1/x *", "month field \"1/x\"", "not a number")]
    [InlineData("1.5 * * * *", "minute field \"1.5\"", "not a number")]
    public void A_bad_field_is_named_with_the_problem(string expression, string field, string problem)
    {
        var error = Assert.Throws<CronFormatException>(() => CronSchedule.Parse(expression, Utc));

        Assert.StartsWith($"Invalid schedule \"{expression}\": {field}: ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("* * *", "expected 5 fields (minute hour day-of-month month day-of-week) or a macro, got 3")]
    [InlineData("0 * * * * *", "got 6; a seconds field is not supported")]
    [InlineData("   ", "it is empty")]
    [InlineData("@reboot", "unknown macro \"@reboot\"")]
    [InlineData("@daily 5", "@daily takes nothing after it")]
    [InlineData("@every", "@every needs a duration")]
    [InlineData("@every 0s", "at least 1s")]
    [InlineData("@every 367d", "at most 366d")]
    [InlineData("@every 15x", "is not a duration")]
    [InlineData("@every 30m1h", "is not a duration")]
    [InlineData("@every m15", "is not a duration")]
    [InlineData("@at", "@at needs a date and time")]
    [InlineData("@at tomorrow", "is not a date and time")]
    [InlineData("@at 2026-13-01T09:00", "is not a date and time")]
    [InlineData("@at 2026-12-01T09:00+15:00", "is not a date and time")]
    public void A_malformed_expression_says_what_is_expected(string expression, string problem)
    {
        var error = Assert.Throws<CronFormatException>(() => CronSchedule.Parse(expression, Utc));

        Assert.StartsWith($"Invalid schedule \"{expression.Trim()}\": ", error.Message, StringComparison.Ordinal);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0 0 30 2 *", "day-of-month 30 never occurs in February")]
    [InlineData("0 0 31 2 *", "day-of-month 31 never occurs in February")]
    [InlineData("0 0 30,31 feb *", "day-of-month 30,31 never occurs in February")]
    [InlineData("0 0 31 4,6,9,11 *", "day-of-month 31 never occurs in April, June, September or November")]
    [InlineData("0 0 31W 4 *", "day-of-month 31W never occurs in April")]
    [InlineData("0 0 L-30 2 *", "it never fires: no date matches day-of-month \"L-30\", month \"2\" and day-of-week \"*\"")]
    [InlineData("0 0 30 2 */7", "day-of-month 30 never occurs in February")]
    public void An_expression_that_can_never_fire_is_rejected(string expression, string problem)
    {
        var error = Assert.Throws<CronFormatException>(() => CronSchedule.Parse(expression, Utc));

        Assert.Equal($"Invalid schedule \"{expression}\": {problem}.", error.Message);
    }

    [Theory]
    [InlineData("0 0 29 2 *")]
    [InlineData("0 0 29 2 1")]
    [InlineData("0 0 30 2 1")]
    [InlineData("0 0 29 2 */7")]
    [InlineData("0 0 31 * *")]
    [InlineData("0 0 L 2 *")]
    [InlineData("0 0 * 2 5#5")]
    public void Rare_but_possible_expressions_are_accepted(string expression) => CronSchedule.Parse(expression, Utc);

    [Fact]
    public void TryParse_reports_the_error_instead_of_throwing()
    {
        Assert.False(CronSchedule.TryParse("0 0 * * mon-xyz", Utc, out var schedule, out var error));

        Assert.Null(schedule);
        Assert.StartsWith("Invalid schedule \"0 0 * * mon-xyz\": day-of-week field \"mon-xyz\": \"xyz\"", error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_parsed_schedule_describes_itself()
    {
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

        Assert.True(CronSchedule.TryParse("  0 9 * * 1-5 ", berlin, out var cron, out var error));
        var every = CronSchedule.Parse("@every 1h30m", berlin);
        var at = CronSchedule.Parse("@at 2026-12-01T09:00", berlin);

        Assert.Null(error);
        Assert.Equal("0 9 * * 1-5", cron.Expression);
        Assert.Same(berlin, cron.TimeZone);
        Assert.False(cron.IsOneShot);
        Assert.Null(cron.Interval);
        Assert.Equal(TimeSpan.FromMinutes(90), every.Interval);
        Assert.False(every.IsOneShot);
        Assert.True(at.IsOneShot);
        Assert.Null(at.Interval);
    }

    [Fact]
    public void ToLocal_shows_the_instant_on_the_schedules_wall_clock()
    {
        var schedule = CronSchedule.Parse("30 1 * * *", TimeZoneInfo.FindSystemTimeZoneById("America/New_York"));

        var local = schedule.ToLocal(new DateTimeOffset(2026, 11, 1, 5, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateTime(2026, 11, 1, 1, 30, 0), local.DateTime);
        Assert.Equal(TimeSpan.FromHours(-4), local.Offset);
    }
}
