namespace Steward.Core.Scheduling.Cron;

/// <summary>
/// Parses the day-of-month and day-of-week fields, which besides plain items accept
/// L, L-n, LW and nW (day-of-month) and nL and n#k (day-of-week), also inside lists.
/// </summary>
internal static class CronDayFieldParser
{
    public readonly record struct DayOfMonthParts(uint Days, uint LastDayOffsets, bool LastWeekday, uint NearestWeekdays);

    public readonly record struct DayOfWeekParts(byte Days, byte LastDays, ulong NthDays);

    public static string? TryParseDayOfMonth(string text, out DayOfMonthParts parts)
    {
        var spec = CronFieldSpec.DayOfMonth;
        ulong days = 0;
        uint lastOffsets = 0, nearest = 0;
        var lastWeekday = false;
        string? problem = null;
        foreach (var item in text.Split(','))
        {
            if (item.Equals("L", StringComparison.OrdinalIgnoreCase))
            {
                lastOffsets |= 1;
            }
            else if (item.Equals("LW", StringComparison.OrdinalIgnoreCase))
            {
                lastWeekday = true;
            }
            else if (item.StartsWith("L-", StringComparison.OrdinalIgnoreCase))
            {
                if (!CronFieldParser.TryDigits(item[2..], out var offset) || offset > 30)
                {
                    problem = $"\"{item}\" needs an offset 0-30 after L- (e.g. L-2, two days before the last day)";
                    break;
                }
                lastOffsets |= 1u << offset;
            }
            else if (item.Length > 1 && (item.EndsWith('W') || item.EndsWith('w')))
            {
                problem = CronFieldParser.TryValue(item[..^1], spec, out var day);
                if (problem is not null)
                {
                    problem = $"\"{item}\": {problem} (nW needs a day 1-31, e.g. 15W)";
                    break;
                }
                nearest |= 1u << day;
            }
            else
            {
                problem = CronFieldParser.TryParseItem(item, spec, ref days);
                if (problem is not null)
                {
                    break;
                }
            }
        }
        parts = new((uint)days, lastOffsets, lastWeekday, nearest);
        return problem;
    }

    public static string? TryParseDayOfWeek(string text, out DayOfWeekParts parts)
    {
        var spec = CronFieldSpec.DayOfWeek;
        ulong days = 0, nth = 0;
        uint last = 0;
        string? problem = null;
        foreach (var item in text.Split(','))
        {
            var hash = item.IndexOf('#', StringComparison.Ordinal);
            if (item.Equals("L", StringComparison.OrdinalIgnoreCase))
            {
                problem = "\"L\" needs a weekday in day-of-week (e.g. 5L, the last Friday of the month)";
                break;
            }
            else if (item.Length > 1 && (item.EndsWith('L') || item.EndsWith('l')))
            {
                problem = CronFieldParser.TryValue(item[..^1], spec, out var weekday);
                if (problem is not null)
                {
                    problem = $"\"{item}\": {problem}";
                    break;
                }
                last |= 1u << spec.BitOf(weekday);
            }
            else if (hash >= 0)
            {
                problem = CronFieldParser.TryValue(item[..hash], spec, out var weekday);
                if (problem is not null)
                {
                    problem = $"\"{item}\": {problem}";
                    break;
                }
                if (!CronFieldParser.TryDigits(item[(hash + 1)..], out var k) || k is < 1 or > 5)
                {
                    problem = $"\"{item}\" needs a week 1-5 after # (e.g. 1#2, the second Monday)";
                    break;
                }
                nth |= 1UL << ((spec.BitOf(weekday) * 5) + k - 1);
            }
            else
            {
                problem = CronFieldParser.TryParseItem(item, spec, ref days);
                if (problem is not null)
                {
                    break;
                }
            }
        }
        parts = new((byte)days, (byte)last, nth);
        return problem;
    }
}
