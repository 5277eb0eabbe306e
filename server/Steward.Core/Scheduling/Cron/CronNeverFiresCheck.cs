namespace Steward.Core.Scheduling.Cron;

/// <summary>
/// Rejects five-field expressions that can never fire. The days a month offers depend only on its
/// length and the weekday of its 1st, i.e. on the month and the year's type (leap or not, weekday
/// of 1 January). All 14 year types occur in 2001-2028 (a 28-year cycle with no skipped leap year),
/// so an expression that matches no minute in those years matches none in any year.
/// </summary>
internal static class CronNeverFiresCheck
{
    private const int FirstYear = 2001;
    private const int LastYear = 2028;

    private static readonly string[] MonthNames =
        ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December"];

    private static readonly int[] LongestMonth = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

    /// <summary>Null when the expression fires at some time, otherwise why it never does.</summary>
    public static string? Check(CronFields fields, string dayOfMonthText, string monthText, string dayOfWeekText)
    {
        if (DaysNeverOccur(fields) is { } months)
        {
            return $"day-of-month {dayOfMonthText} never occurs in {months}";
        }
        var from = new DateTime(FirstYear, 1, 1).Ticks - 1;
        if (CronCalendarSearch.Next(fields, from, LastYear) == CronCalendarSearch.NotFound)
        {
            return $"it never fires: no date matches day-of-month \"{dayOfMonthText}\", month \"{monthText}\" and day-of-week \"{dayOfWeekText}\"";
        }
        return null;
    }

    /// <summary>
    /// When only day-of-month decides (day-of-week starts with *) and it lists plain days (or nW)
    /// that none of the chosen months has: those months' names, e.g. "April, June or September".
    /// </summary>
    private static string? DaysNeverOccur(CronFields fields)
    {
        if (!fields.DayOfWeekStar || fields.DayOfMonthStar || fields.LastDayOffsets != 0 || fields.LastWeekdayOfMonth)
        {
            return null;
        }
        var days = fields.DaysOfMonth | fields.NearestWeekdays;
        if (days == 0)
        {
            return null;
        }
        var firstDay = System.Numerics.BitOperations.TrailingZeroCount(days);
        var names = new List<string>();
        for (var month = 1; month <= 12; month++)
        {
            if ((fields.Months & (1 << month)) == 0)
            {
                continue;
            }
            if (firstDay <= LongestMonth[month - 1])
            {
                return null;
            }
            names.Add(MonthNames[month - 1]);
        }
        return names.Count == 1 ? names[0] : $"{string.Join(", ", names[..^1])} or {names[^1]}";
    }
}
