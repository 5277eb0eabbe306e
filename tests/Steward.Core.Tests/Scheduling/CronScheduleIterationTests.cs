using System.Globalization;
using Steward.Core.Scheduling.Cron;

namespace Steward.Core.Tests.Scheduling;

/// <summary>Consecutive occurrences, each one the "after" of the next, across DST changes and rare dates.</summary>
public sealed class CronScheduleIterationTests
{
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static List<DateTimeOffset> Walk(CronSchedule schedule, string after, int count)
    {
        var instants = new List<DateTimeOffset>();
        var at = DateTimeOffset.Parse(after, CultureInfo.InvariantCulture);
        for (var i = 0; i < count; i++)
        {
            at = schedule.NextOccurrence(at) ?? throw new InvalidOperationException("schedule ended");
            instants.Add(at);
        }
        return instants;
    }

    [Fact]
    public void Hourly_across_the_Berlin_spring_forward_fires_every_UTC_hour()
    {
        // 02:00 CET does not exist on 2026-03-29: it fires at 03:00 CEST (01:00Z), which is also
        // where 03:00 would fire, so the two coalesce and the UTC hours stay evenly spaced.
        var fired = Walk(CronSchedule.Parse("@hourly", Berlin), "2026-03-28T20:00:00Z", 24);

        for (var i = 0; i < fired.Count; i++)
        {
            Assert.Equal(new DateTimeOffset(2026, 3, 28, 21, 0, 0, TimeSpan.Zero).AddHours(i), fired[i]);
        }
    }

    [Fact]
    public void Hourly_across_the_Berlin_fall_back_skips_the_repeated_hour_once()
    {
        // 02:00 happens at 00:00Z (CEST) and again at 01:00Z (CET); only the first fires,
        // so the UTC gap 00:00Z → 02:00Z is the only one of two hours.
        var fired = Walk(CronSchedule.Parse("@hourly", Berlin), "2026-10-24T20:00:00Z", 24);

        var gaps = fired.Zip(fired.Skip(1), (a, b) => b - a).ToList();
        Assert.Equal(22, gaps.Count(g => g == TimeSpan.FromHours(1)));
        Assert.Equal(1, gaps.Count(g => g == TimeSpan.FromHours(2)));
        Assert.Contains(new DateTimeOffset(2026, 10, 25, 0, 0, 0, TimeSpan.Zero), fired);
        Assert.DoesNotContain(new DateTimeOffset(2026, 10, 25, 1, 0, 0, TimeSpan.Zero), fired);
        Assert.Contains(new DateTimeOffset(2026, 10, 25, 2, 0, 0, TimeSpan.Zero), fired);
        // Every local wall hour of the day fires exactly once.
        var localHours = fired.Select(f => TimeZoneInfo.ConvertTime(f, Berlin))
            .Select(l => l.DateTime).ToList();
        Assert.Equal(localHours.Count, localHours.Distinct().Count());
    }

    [Fact]
    public void Every_half_hour_across_the_New_York_fall_back_fires_the_repeated_hour_once()
    {
        var fired = Walk(CronSchedule.Parse("*/30 * * * *", NewYork), "2026-11-01T04:00:00Z", 5);

        string[] expected = ["2026-11-01T04:30:00Z", "2026-11-01T05:00:00Z", "2026-11-01T05:30:00Z", "2026-11-01T07:00:00Z", "2026-11-01T07:30:00Z"];
        Assert.Equal(expected.Select(e => DateTimeOffset.Parse(e, CultureInfo.InvariantCulture)), fired);
    }

    [Fact]
    public void Every_half_hour_across_the_New_York_spring_forward_coalesces_the_gap()
    {
        // 01:30 EST (06:30Z), then 02:00 and 02:30 do not exist → one firing at 03:00 EDT (07:00Z),
        // which is 03:00's own instant too; then 03:30 EDT.
        var fired = Walk(CronSchedule.Parse("*/30 * * * *", NewYork), "2026-03-08T06:00:00Z", 3);

        string[] expected = ["2026-03-08T06:30:00Z", "2026-03-08T07:00:00Z", "2026-03-08T07:30:00Z"];
        Assert.Equal(expected.Select(e => DateTimeOffset.Parse(e, CultureInfo.InvariantCulture)), fired);
    }

    [Fact]
    public void Leap_day_fires_every_leap_year_and_skips_2100()
    {
        var fired = Walk(CronSchedule.Parse("0 0 29 2 *", TimeZoneInfo.Utc), "2090-01-01T00:00:00Z", 4);

        Assert.Equal([2092, 2096, 2104, 2108], fired.Select(f => f.Year));
        Assert.All(fired, f => Assert.Equal((2, 29), (f.Month, f.Day)));
    }

    [Fact]
    public void Every_interval_is_anchored_at_the_epoch_whatever_the_start()
    {
        var schedule = CronSchedule.Parse("@every 7m", NewYork);

        var fromOddStart = Walk(schedule, "2026-01-02T00:00:13Z", 3);
        var fromLaterStart = Walk(schedule, "2026-01-02T00:05:59Z", 2);

        Assert.Equal(new DateTimeOffset(2026, 1, 2, 0, 2, 0, TimeSpan.Zero), fromOddStart[0]);
        Assert.Equal(fromOddStart[1..], fromLaterStart);
        Assert.All(fromOddStart, f => Assert.Equal(0, (f.UtcTicks - DateTime.UnixEpoch.Ticks) % TimeSpan.FromMinutes(7).Ticks));
    }

    [Fact]
    public void A_one_shot_fires_once()
    {
        var schedule = CronSchedule.Parse("@at 2026-06-01T12:00", Berlin);

        var first = schedule.NextOccurrence(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

        Assert.Equal(new DateTimeOffset(2026, 6, 1, 10, 0, 0, TimeSpan.Zero), first);
        Assert.Null(schedule.NextOccurrence(first!.Value));
    }

    [Fact]
    public void A_schedule_ends_after_year_9999()
    {
        var schedule = CronSchedule.Parse("0 0 1 1 *", TimeZoneInfo.Utc);

        Assert.Null(schedule.NextOccurrence(new DateTimeOffset(9999, 1, 1, 0, 0, 0, TimeSpan.Zero)));
        Assert.Null(CronSchedule.Parse("@every 1d", TimeZoneInfo.Utc).NextOccurrence(DateTimeOffset.MaxValue));
    }
}
