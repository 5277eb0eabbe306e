using Steward.Core.Scheduling.Cron;

namespace Steward.Core.Tests.Scheduling;

/// <summary>
/// Random expressions around DST changes, checked against a minute-by-minute scan of UTC that
/// applies the rules directly: walking forward, the wall clock reaches new local minutes (several
/// at once across a gap, none while a fall-back repeats an hour), and an instant fires when any
/// newly reached local minute matches the fields, written out here one rule at a time.
/// </summary>
public sealed class CronScheduleBruteForceTests
{
    // Each zone with its 2026 transitions (UTC); UTC itself with a leap day.
    private static readonly (string Zone, DateTimeOffset[] Transitions)[] Zones =
    [
        ("UTC", [new(2028, 2, 28, 0, 0, 0, TimeSpan.Zero), new(2026, 12, 31, 0, 0, 0, TimeSpan.Zero)]),
        ("America/New_York", [new(2026, 3, 8, 7, 0, 0, TimeSpan.Zero), new(2026, 11, 1, 6, 0, 0, TimeSpan.Zero)]),
        ("Europe/Berlin", [new(2026, 3, 29, 1, 0, 0, TimeSpan.Zero), new(2026, 10, 25, 1, 0, 0, TimeSpan.Zero)]),
        ("Australia/Lord_Howe", [new(2026, 4, 4, 15, 0, 0, TimeSpan.Zero), new(2026, 10, 3, 15, 30, 0, TimeSpan.Zero)]),
    ];

    private static readonly (string Text, Func<int, int, int, bool> Matches)[] DayOfMonthChoices =
    [
        ("*", (_, _, _) => true),
        ("?", (_, _, _) => true),
        ("*/2", (day, _, _) => day % 2 == 1),
        ("1", (day, _, _) => day == 1),
        ("8-14", (day, _, _) => day is >= 8 and <= 14),
        ("L", (day, dim, _) => day == dim),
        ("LW", (day, dim, weekday) => weekday is >= 1 and <= 5 && (day == dim || (day >= dim - 2 && weekday == 5))),
        ("15W", (day, _, weekday) => (day == 15 && weekday is >= 1 and <= 5) || (day == 14 && weekday == 5) || (day == 16 && weekday == 1)),
        ("1W", (day, _, weekday) => (day == 1 && weekday is >= 1 and <= 5) || (day == 3 && weekday == 1) || (day == 2 && weekday == 1)),
        ("29", (day, _, _) => day == 29),
    ];

    private static readonly (string Text, Func<int, int, int, bool> Matches)[] DayOfWeekChoices =
    [
        ("*", (_, _, _) => true),
        ("?", (_, _, _) => true),
        ("1-5", (_, _, weekday) => weekday is >= 1 and <= 5),
        ("0", (_, _, weekday) => weekday == 0),
        ("sat,sun", (_, _, weekday) => weekday is 0 or 6),
        ("5L", (day, dim, weekday) => weekday == 5 && day + 7 > dim),
        ("1#2", (day, _, weekday) => weekday == 1 && (day - 1) / 7 == 1),
        ("*/3", (_, _, weekday) => weekday % 3 == 0),
    ];

    [Fact]
    public void Random_expressions_agree_with_a_minute_by_minute_scan()
    {
        var random = new Random(20260308);
        for (var run = 0; run < 300; run++)
        {
            var (minuteText, minutes) = RandomSet(random, 0, 59);
            var (hourText, hours) = RandomSet(random, 0, 23);
            var dayOfMonth = DayOfMonthChoices[random.Next(DayOfMonthChoices.Length)];
            var dayOfWeek = DayOfWeekChoices[random.Next(DayOfWeekChoices.Length)];
            var monthText = random.Next(4) == 0 ? "2,3,10,11" : "*";
            var expression = $"{minuteText} {hourText} {dayOfMonth.Text} {monthText} {dayOfWeek.Text}";
            var (zoneId, transitions) = Zones[random.Next(Zones.Length)];
            var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            // From a day before a transition to two hours after it, sometimes off the minute.
            var after = transitions[random.Next(transitions.Length)].AddMinutes(random.Next(-1440, 120) + (random.Next(3) == 0 ? 0.5 : 0));
            var bothDays = dayOfMonth.Text[0] is not ('*' or '?') && dayOfWeek.Text[0] is not ('*' or '?');

            bool Matches(DateTime local)
            {
                var dim = DateTime.DaysInMonth(local.Year, local.Month);
                var weekday = (int)local.DayOfWeek;
                var dom = dayOfMonth.Matches(local.Day, dim, weekday);
                var dow = dayOfWeek.Matches(local.Day, dim, weekday);
                return minutes.Contains(local.Minute) && hours.Contains(local.Hour)
                    && (monthText == "*" || local.Month is 2 or 3 or 10 or 11)
                    && (bothDays ? dom || dow : dom && dow);
            }

            var schedule = CronSchedule.Parse(expression, zone);
            // Three occurrences in a row, each the "after" of the next.
            for (var step = 0; step < 3; step++)
            {
                var expected = Scan(zone, after, Matches, days: 45);
                var actual = schedule.NextOccurrence(after);

                Assert.True(actual.HasValue, expression);
                if (expected is null)
                {
                    Assert.True(actual.Value > after.AddDays(45).AddMinutes(-1), $"{expression} in {zoneId} after {after:o}: got {actual:o}, the scan found none in 45 days");
                    break;
                }
                Assert.True(expected == actual, $"{expression} in {zoneId} after {after:o}: expected {expected:o}, got {actual:o}");
                after = actual.Value;
            }
        }
    }

    private static DateTimeOffset? Scan(TimeZoneInfo zone, DateTimeOffset after, Func<DateTime, bool> matches, int days)
    {
        // The highest wall-clock minute reached up to "after" (a fall-back may have gone past it already).
        var reached = DateTime.MinValue;
        var minute = new DateTimeOffset(after.UtcTicks - (after.UtcTicks % TimeSpan.TicksPerMinute), TimeSpan.Zero);
        for (var u = minute.AddDays(-2); u <= minute; u = u.AddMinutes(1))
        {
            var local = TimeZoneInfo.ConvertTime(u, zone).DateTime;
            reached = local > reached ? local : reached;
        }
        for (var u = minute.AddMinutes(1); u <= minute.AddDays(days); u = u.AddMinutes(1))
        {
            var local = TimeZoneInfo.ConvertTime(u, zone).DateTime;
            var fires = false;
            for (var wall = reached.AddMinutes(1); wall <= local && !fires; wall = wall.AddMinutes(1))
            {
                fires = matches(wall);
            }
            reached = local > reached ? local : reached;
            if (fires)
            {
                return u;
            }
        }
        return null;
    }

    private static (string Text, HashSet<int> Values) RandomSet(Random random, int min, int max)
    {
        var a = random.Next(min, max + 1);
        var b = random.Next(min, max + 1);
        var (low, high) = (Math.Min(a, b), Math.Max(a, b));
        var step = random.Next(2, 31);
        return random.Next(6) switch
        {
            0 => ("*", Range(min, max, 1)),
            1 => ($"*/{step}", Range(min, max, step)),
            2 => ($"{a}", [a]),
            3 => ($"{low},{high}", [low, high]),
            4 => ($"{low}-{high}", Range(low, high, 1)),
            _ => ($"{low}/{step}", Range(low, max, step)),
        };
    }

    private static HashSet<int> Range(int from, int to, int step)
    {
        var values = new HashSet<int>();
        for (var v = from; v <= to; v += step)
        {
            values.Add(v);
        }
        return values;
    }
}
