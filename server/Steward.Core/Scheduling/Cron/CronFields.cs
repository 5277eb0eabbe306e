namespace Steward.Core.Scheduling.Cron;

/// <summary>
/// The five fields of a cron expression as precomputed bit masks, plus the day-of-month and
/// day-of-week extras (L, LW, nW, nL, n#k). <see cref="DayMask"/> turns them into the days of one
/// concrete month; <see cref="CronCalendarSearch"/> walks the calendar with them.
/// </summary>
internal sealed class CronFields
{
    /// <summary>Bits 0-59.</summary>
    public required ulong Minutes { get; init; }

    /// <summary>Bits 0-23.</summary>
    public required uint Hours { get; init; }

    /// <summary>Plain day numbers, bits 1-31.</summary>
    public required uint DaysOfMonth { get; init; }

    /// <summary>Bits 1-12.</summary>
    public required ushort Months { get; init; }

    /// <summary>Plain weekdays, bits 0-6 (0 = Sunday).</summary>
    public required byte DaysOfWeek { get; init; }

    /// <summary>Bit n set: the day n days before the last day of the month (L is L-0).</summary>
    public uint LastDayOffsets { get; init; }

    /// <summary>LW: the last weekday (Monday to Friday) of the month.</summary>
    public bool LastWeekdayOfMonth { get; init; }

    /// <summary>Bit n set: nW, the weekday nearest to day n without leaving the month.</summary>
    public uint NearestWeekdays { get; init; }

    /// <summary>Bit d set: dL, the last weekday d of the month.</summary>
    public byte LastDaysOfWeek { get; init; }

    /// <summary>Bit d*5+(k-1) set: d#k, the k-th weekday d of the month.</summary>
    public ulong NthDaysOfWeek { get; init; }

    /// <summary>The day-of-month text starts with * or ? (Vixie: then both day fields must match).</summary>
    public bool DayOfMonthStar { get; init; }

    /// <summary>The day-of-week text starts with * or ?.</summary>
    public bool DayOfWeekStar { get; init; }

    /// <summary>The matching days (bits 1-31) of one month.</summary>
    public uint DayMask(int year, int month)
    {
        var daysInMonth = DateTime.DaysInMonth(year, month);
        var firstWeekday = (int)new DateTime(year, month, 1).DayOfWeek;
        var dayOfMonth = DayOfMonthMask(daysInMonth, firstWeekday);
        var dayOfWeek = DayOfWeekMask(daysInMonth, firstWeekday);
        // Vixie cron: when either field starts with * both must match, otherwise either may.
        var days = DayOfMonthStar || DayOfWeekStar ? dayOfMonth & dayOfWeek : dayOfMonth | dayOfWeek;
        return days & DaysUpTo(daysInMonth);
    }

    private static uint DaysUpTo(int daysInMonth) => ((1u << daysInMonth) - 1) << 1;

    private static int WeekdayOf(int day, int firstWeekday) => (firstWeekday + day - 1) % 7;

    private uint DayOfMonthMask(int daysInMonth, int firstWeekday)
    {
        var mask = DaysOfMonth;
        for (var offsets = LastDayOffsets; offsets != 0; offsets &= offsets - 1)
        {
            var day = daysInMonth - System.Numerics.BitOperations.TrailingZeroCount(offsets);
            if (day >= 1)
            {
                mask |= 1u << day;
            }
        }
        if (LastWeekdayOfMonth)
        {
            var weekday = WeekdayOf(daysInMonth, firstWeekday);
            mask |= 1u << (daysInMonth - (weekday == 6 ? 1 : weekday == 0 ? 2 : 0));
        }
        for (var nearest = NearestWeekdays; nearest != 0; nearest &= nearest - 1)
        {
            var day = System.Numerics.BitOperations.TrailingZeroCount(nearest);
            if (day <= daysInMonth)
            {
                mask |= 1u << NearestWeekday(day, daysInMonth, firstWeekday);
            }
        }
        return mask;
    }

    private static int NearestWeekday(int day, int daysInMonth, int firstWeekday) => WeekdayOf(day, firstWeekday) switch
    {
        6 => day == 1 ? 3 : day - 1,
        0 => day == daysInMonth ? day - 2 : day + 1,
        _ => day,
    };

    private uint DayOfWeekMask(int daysInMonth, int firstWeekday)
    {
        // Rotate the weekday bits so bit j means "day j+1 of this month", then repeat every 7 days.
        uint weekdays = DaysOfWeek;
        var week = (((weekdays >> firstWeekday) | (weekdays << (7 - firstWeekday))) & 0x7Fu) << 1;
        var mask = week | (week << 7) | (week << 14) | (week << 21) | (week << 28);
        for (var last = (uint)LastDaysOfWeek; last != 0; last &= last - 1)
        {
            var first = FirstDayWithWeekday(System.Numerics.BitOperations.TrailingZeroCount(last), firstWeekday);
            mask |= 1u << (first + (7 * ((daysInMonth - first) / 7)));
        }
        for (var nth = NthDaysOfWeek; nth != 0; nth &= nth - 1)
        {
            var bit = System.Numerics.BitOperations.TrailingZeroCount(nth);
            var day = FirstDayWithWeekday(bit / 5, firstWeekday) + (7 * (bit % 5));
            if (day <= daysInMonth)
            {
                mask |= 1u << day;
            }
        }
        return mask;
    }

    private static int FirstDayWithWeekday(int weekday, int firstWeekday) => 1 + ((weekday - firstWeekday + 7) % 7);
}
