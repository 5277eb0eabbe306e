using System.Globalization;
using Steward.Core.Scheduling.Cron;

namespace Steward.Core.Tests.Scheduling;

/// <summary>
/// Known expressions and instants. Every expected value was worked out by hand from the calendar
/// (2026-01-01 is a Thursday) and the tzdata transitions: America/New_York 2026-03-08 07:00Z
/// (EST→EDT) and 2026-11-01 06:00Z (EDT→EST); Europe/Berlin 2026-03-29 01:00Z and 2026-10-25 01:00Z;
/// Australia/Lord_Howe 2026-04-04 15:00Z (+11→+10:30) and 2026-10-03 15:30Z (+10:30→+11).
/// </summary>
public sealed class CronScheduleOccurrenceTests
{
    private const string Ny = "America/New_York";
    private const string Berlin = "Europe/Berlin";
    private const string LordHowe = "Australia/Lord_Howe";

    [Theory]
    // Plain fields, steps, lists, ranges, names.
    [InlineData("* * * * *", "UTC", "2026-01-01T10:07:00Z", "2026-01-01T10:08:00Z")]
    [InlineData("* * * * *", "UTC", "2026-01-01T10:07:30Z", "2026-01-01T10:08:00Z")]
    [InlineData("*/15 * * * *", "UTC", "2026-01-01T10:07:00Z", "2026-01-01T10:15:00Z")]
    [InlineData("*/15 * * * *", "UTC", "2026-01-01T10:45:00Z", "2026-01-01T11:00:00Z")]
    [InlineData("5 * * * *", "UTC", "2026-01-01T10:05:00Z", "2026-01-01T11:05:00Z")]
    [InlineData("10-20/5 * * * *", "UTC", "2026-01-01T10:12:00Z", "2026-01-01T10:15:00Z")]
    [InlineData("10-20/5 * * * *", "UTC", "2026-01-01T10:20:00Z", "2026-01-01T11:10:00Z")]
    [InlineData("30/10 * * * *", "UTC", "2026-01-01T10:55:00Z", "2026-01-01T11:30:00Z")]
    [InlineData("0 9,17 * * *", "UTC", "2026-01-01T09:00:00Z", "2026-01-01T17:00:00Z")]
    [InlineData("0 9 * * 1-5", "UTC", "2026-01-02T09:00:00Z", "2026-01-05T09:00:00Z")]
    [InlineData("0 9 * * MON-fri", "UTC", "2026-01-03T12:00:00Z", "2026-01-05T09:00:00Z")]
    [InlineData("0 0 * jan,JUL *", "UTC", "2026-01-31T12:00:00Z", "2026-07-01T00:00:00Z")]
    [InlineData("0 0 1 */3 *", "UTC", "2026-01-01T00:00:00Z", "2026-04-01T00:00:00Z")]
    [InlineData("0 12 * * sun", "UTC", "2026-01-01T00:00:00Z", "2026-01-04T12:00:00Z")]
    [InlineData("0 12 * * 7", "UTC", "2026-01-01T00:00:00Z", "2026-01-04T12:00:00Z")]
    [InlineData("0   0 ?\t* 0", "UTC", "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z")]
    // Vixie: both day fields restricted → either matches; a field starting with * → both must.
    [InlineData("0 0 1-7 * 1", "UTC", "2026-01-07T00:00:00Z", "2026-01-12T00:00:00Z")]
    [InlineData("0 0 13 * 5", "UTC", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")]
    [InlineData("0 0 */2 * 1", "UTC", "2026-01-01T00:00:00Z", "2026-01-05T00:00:00Z")]
    [InlineData("0 0 */2 * 1", "UTC", "2026-01-05T00:00:00Z", "2026-01-19T00:00:00Z")]
    [InlineData("0 0 1 * */7", "UTC", "2026-01-01T00:00:00Z", "2026-02-01T00:00:00Z")]
    // L, LW, nW, L-n, nL, n#k.
    [InlineData("0 0 L * *", "UTC", "2026-02-01T00:00:00Z", "2026-02-28T00:00:00Z")]
    [InlineData("0 0 L * *", "UTC", "2026-02-28T00:00:00Z", "2026-03-31T00:00:00Z")]
    [InlineData("0 0 L 2 *", "UTC", "2028-01-01T00:00:00Z", "2028-02-29T00:00:00Z")]
    [InlineData("0 0 LW * *", "UTC", "2026-05-01T00:00:00Z", "2026-05-29T00:00:00Z")]
    [InlineData("0 0 LW * *", "UTC", "2026-01-01T00:00:00Z", "2026-01-30T00:00:00Z")]
    [InlineData("0 0 15W * *", "UTC", "2026-08-01T00:00:00Z", "2026-08-14T00:00:00Z")]
    [InlineData("0 0 1W * *", "UTC", "2026-07-31T12:00:00Z", "2026-08-03T00:00:00Z")]
    [InlineData("0 0 31W * *", "UTC", "2026-04-01T00:00:00Z", "2026-05-29T00:00:00Z")]
    [InlineData("0 0 L-2 * *", "UTC", "2026-02-01T00:00:00Z", "2026-02-26T00:00:00Z")]
    [InlineData("0 12 * * 5L", "UTC", "2026-01-01T00:00:00Z", "2026-01-30T12:00:00Z")]
    [InlineData("0 12 * * 1#2", "UTC", "2026-01-01T00:00:00Z", "2026-01-12T12:00:00Z")]
    [InlineData("0 12 * * 1#5", "UTC", "2026-01-01T00:00:00Z", "2026-03-30T12:00:00Z")]
    [InlineData("0 12 * * sun#1,6L", "UTC", "2026-01-05T00:00:00Z", "2026-01-31T12:00:00Z")]
    // Macros.
    [InlineData("@yearly", "UTC", "2026-01-01T00:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("@annually", "UTC", "2026-06-15T00:00:00Z", "2027-01-01T00:00:00Z")]
    [InlineData("@monthly", "UTC", "2026-01-31T23:59:00Z", "2026-02-01T00:00:00Z")]
    [InlineData("@weekly", "UTC", "2026-01-01T00:00:00Z", "2026-01-04T00:00:00Z")]
    [InlineData("@daily", "UTC", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z")]
    [InlineData("@midnight", "UTC", "2026-01-01T23:59:59Z", "2026-01-02T00:00:00Z")]
    [InlineData("@HOURLY", "UTC", "2026-01-01T10:00:00Z", "2026-01-01T11:00:00Z")]
    // Month ends, leap years, year rollover.
    [InlineData("0 0 31 * *", "UTC", "2026-01-31T00:00:00Z", "2026-03-31T00:00:00Z")]
    [InlineData("0 0 31 * *", "UTC", "2026-03-31T00:00:00Z", "2026-05-31T00:00:00Z")]
    [InlineData("0 0 29 2 *", "UTC", "2026-01-01T00:00:00Z", "2028-02-29T00:00:00Z")]
    [InlineData("0 0 29 2 *", "UTC", "2028-02-29T00:00:00Z", "2032-02-29T00:00:00Z")]
    [InlineData("0 0 29 2 *", "UTC", "2097-01-01T00:00:00Z", "2104-02-29T00:00:00Z")]
    [InlineData("59 23 31 12 *", "UTC", "2026-12-31T23:59:00Z", "2027-12-31T23:59:00Z")]
    [InlineData("* * * * *", "UTC", "2026-12-31T23:59:00Z", "2027-01-01T00:00:00Z")]
    // An "after" given with an offset is the same instant.
    [InlineData("0 * * * *", "UTC", "2026-01-01T10:30:00+02:00", "2026-01-01T09:00:00Z")]
    // @every: multiples of the interval since 1970-01-01T00:00Z, whatever the zone.
    [InlineData("@every 15m", "UTC", "2026-01-01T10:07:00Z", "2026-01-01T10:15:00Z")]
    [InlineData("@every 7m", "UTC", "2026-01-02T00:00:00Z", "2026-01-02T00:02:00Z")]
    [InlineData("@every 45s", "UTC", "2026-01-01T00:00:00Z", "2026-01-01T00:00:45Z")]
    [InlineData("@every 1h30m", Berlin, "2026-01-01T00:00:00Z", "2026-01-01T01:30:00Z")]
    [InlineData("@every 1d", Ny, "2026-03-08T12:00:00Z", "2026-03-09T00:00:00Z")]
    // @at: a wall time in the zone, or an exact instant.
    [InlineData("@at 2026-12-01T09:00", Ny, "2026-01-01T00:00:00Z", "2026-12-01T14:00:00Z")]
    [InlineData("@at 2026-12-01T09:00", Ny, "2026-12-01T14:00:00Z", "none")]
    [InlineData("@at 2026-12-01T09:00:00Z", Ny, "2026-01-01T00:00:00Z", "2026-12-01T09:00:00Z")]
    [InlineData("@at 2026-12-01T09:00:30+02:00", "UTC", "2026-01-01T00:00:00Z", "2026-12-01T07:00:30Z")]
    [InlineData("@at 2026-03-08T02:30", Ny, "2026-01-01T00:00:00Z", "2026-03-08T07:00:00Z")]
    [InlineData("@at 2026-11-01T01:30", Ny, "2026-01-01T00:00:00Z", "2026-11-01T05:30:00Z")]
    // New York: 02:30 does not exist on 2026-03-08 → 03:00 EDT; 01:30 happens twice on 2026-11-01 → first only.
    [InlineData("0 9 * * *", Ny, "2026-03-07T15:00:00Z", "2026-03-08T13:00:00Z")]
    [InlineData("30 2 * * *", Ny, "2026-03-08T05:00:00Z", "2026-03-08T07:00:00Z")]
    [InlineData("30 2 * * *", Ny, "2026-03-08T07:00:00Z", "2026-03-09T06:30:00Z")]
    [InlineData("0,30 2,3 * * *", Ny, "2026-03-08T05:00:00Z", "2026-03-08T07:00:00Z")]
    [InlineData("0,30 2,3 * * *", Ny, "2026-03-08T07:00:00Z", "2026-03-08T07:30:00Z")]
    [InlineData("30 1 * * *", Ny, "2026-11-01T04:00:00Z", "2026-11-01T05:30:00Z")]
    [InlineData("30 1 * * *", Ny, "2026-11-01T05:30:00Z", "2026-11-02T06:30:00Z")]
    [InlineData("30 1 * * *", Ny, "2026-11-01T06:10:00Z", "2026-11-02T06:30:00Z")]
    [InlineData("*/30 * * * *", Ny, "2026-11-01T05:00:00Z", "2026-11-01T05:30:00Z")]
    [InlineData("*/30 * * * *", Ny, "2026-11-01T05:30:00Z", "2026-11-01T07:00:00Z")]
    // Berlin: 02:00-02:59 skipped on 2026-03-29 (at 01:00Z), repeated on 2026-10-25 (at 01:00Z).
    [InlineData("30 2 * * *", Berlin, "2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z")]
    [InlineData("0 3 * * *", Berlin, "2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z")]
    [InlineData("30 2 * * *", Berlin, "2026-10-25T00:00:00Z", "2026-10-25T00:30:00Z")]
    [InlineData("30 2 * * *", Berlin, "2026-10-25T00:30:00Z", "2026-10-26T01:30:00Z")]
    [InlineData("0 * * * *", Berlin, "2026-10-25T00:00:00Z", "2026-10-25T02:00:00Z")]
    [InlineData("0 9,17 * * mon-fri", Berlin, "2026-03-27T16:00:00Z", "2026-03-30T07:00:00Z")]
    // Lord Howe: 30-minute shifts. 02:00-02:29 skipped on 2026-10-04, 01:30-01:59 repeated on 2026-04-05.
    [InlineData("15 2 * * *", LordHowe, "2026-10-03T14:00:00Z", "2026-10-03T15:30:00Z")]
    [InlineData("30 2 * * *", LordHowe, "2026-10-03T14:00:00Z", "2026-10-03T15:30:00Z")]
    [InlineData("15,30 2 * * *", LordHowe, "2026-10-03T15:30:00Z", "2026-10-04T15:15:00Z")]
    [InlineData("45 1 * * *", LordHowe, "2026-04-04T13:00:00Z", "2026-04-04T14:45:00Z")]
    [InlineData("45 1 * * *", LordHowe, "2026-04-04T14:45:00Z", "2026-04-05T15:15:00Z")]
    public void Next_occurrence_matches_the_worked_out_instant(string expression, string zone, string after, string expected)
    {
        var schedule = CronSchedule.Parse(expression, TimeZoneInfo.FindSystemTimeZoneById(zone));

        var next = schedule.NextOccurrence(DateTimeOffset.Parse(after, CultureInfo.InvariantCulture));

        if (expected == "none")
        {
            Assert.Null(next);
            return;
        }
        Assert.NotNull(next);
        Assert.Equal(TimeSpan.Zero, next.Value.Offset);
        Assert.Equal(DateTimeOffset.Parse(expected, CultureInfo.InvariantCulture), next.Value);
    }
}
