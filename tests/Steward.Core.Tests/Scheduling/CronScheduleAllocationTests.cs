using Steward.Core.Scheduling.Cron;

namespace Steward.Core.Tests.Scheduling;

public sealed class CronScheduleAllocationTests
{
    [Theory]
    [InlineData("*/15 * * * *", "UTC")]
    [InlineData("0 9 * * 1-5", "Etc/GMT-3")]
    [InlineData("30 2 * * *", "America/New_York")]
    [InlineData("*/30 * * * *", "Europe/Berlin")]
    [InlineData("0 0 L * *", "Australia/Lord_Howe")]
    [InlineData("0 12 * * 5L,1#2", "Europe/Berlin")]
    [InlineData("0 0 15W * *", "America/New_York")]
    [InlineData("@every 15m", "UTC")]
    [InlineData("@at 2026-12-01T09:00", "Europe/Berlin")]
    public void NextOccurrence_does_not_allocate(string expression, string zone)
    {
        var schedule = CronSchedule.Parse(expression, TimeZoneInfo.FindSystemTimeZoneById(zone));
        var start = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        Walk(schedule, start, 2_000); // warm-up: JIT tiers, type initializers, time zone caches

        var before = GC.GetAllocatedBytesForCurrentThread();
        Walk(schedule, start, 20_000); // crosses DST changes in both directions
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }

    private static void Walk(CronSchedule schedule, DateTimeOffset start, int calls)
    {
        var at = start;
        for (var i = 0; i < calls; i++)
        {
            at = schedule.NextOccurrence(at) ?? start;
        }
    }
}
