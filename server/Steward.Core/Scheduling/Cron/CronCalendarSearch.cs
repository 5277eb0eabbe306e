using System.Numerics;

namespace Steward.Core.Scheduling.Cron;

/// <summary>
/// Finds the next matching wall-clock minute on a plain (zone-less) Gregorian calendar.
/// Works on ticks and integers only: no allocation, no time zone.
/// </summary>
internal static class CronCalendarSearch
{
    public const long NotFound = -1;

    /// <summary>
    /// The first whole minute strictly after <paramref name="fromTicks"/> that matches, as local
    /// ticks; <see cref="NotFound"/> when none exists up to the end of <paramref name="lastYear"/>.
    /// </summary>
    public static long Next(CronFields fields, long fromTicks, int lastYear)
    {
        var start = fromTicks < 0 ? 0 : ((fromTicks / TimeSpan.TicksPerMinute) + 1) * TimeSpan.TicksPerMinute;
        if (start > DateTime.MaxValue.Ticks)
        {
            return NotFound;
        }
        var at = new DateTime(start);
        var (year, month, day) = at;
        var hour = at.Hour;
        var minute = at.Minute;
        lastYear = Math.Min(lastYear, DateTime.MaxValue.Year);

        while (year <= lastYear)
        {
            var months = fields.Months & (uint)(0xFFFF << month) & 0x1FFEu;
            if (months == 0)
            {
                year++;
                (month, day, hour, minute) = (1, 1, 0, 0);
                continue;
            }
            var nextMonth = BitOperations.TrailingZeroCount(months);
            if (nextMonth != month)
            {
                (month, day, hour, minute) = (nextMonth, 1, 0, 0);
            }
            var found = NextInMonth(fields, year, month, day, hour, minute);
            if (found != NotFound)
            {
                return found;
            }
            if (++month > 12)
            {
                year++;
                month = 1;
            }
            (day, hour, minute) = (1, 0, 0);
        }
        return NotFound;
    }

    private static long NextInMonth(CronFields fields, int year, int month, int day, int hour, int minute)
    {
        var days = fields.DayMask(year, month) & (~0u << day);
        while (days != 0)
        {
            var nextDay = BitOperations.TrailingZeroCount(days);
            if (nextDay != day)
            {
                (day, hour, minute) = (nextDay, 0, 0);
            }
            var hours = fields.Hours & (~0u << hour);
            if (hours != 0)
            {
                var nextHour = BitOperations.TrailingZeroCount(hours);
                if (nextHour != hour)
                {
                    (hour, minute) = (nextHour, 0);
                }
                var minutes = fields.Minutes & (~0UL << minute);
                if (minutes != 0)
                {
                    return Ticks(year, month, day, hour, BitOperations.TrailingZeroCount(minutes));
                }
                // No minute left in this hour: the next matching hour's first minute.
                hours &= hours - 1;
                if (hours != 0)
                {
                    return Ticks(year, month, day, BitOperations.TrailingZeroCount(hours), BitOperations.TrailingZeroCount(fields.Minutes));
                }
            }
            days &= days - 1;
            (hour, minute) = (0, 0);
        }
        return NotFound;
    }

    private static long Ticks(int year, int month, int day, int hour, int minute) =>
        new DateTime(year, month, day).Ticks + (hour * TimeSpan.TicksPerHour) + (minute * TimeSpan.TicksPerMinute);
}
