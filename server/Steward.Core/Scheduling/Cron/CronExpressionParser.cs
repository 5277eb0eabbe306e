namespace Steward.Core.Scheduling.Cron;

/// <summary>What an expression means: exactly one of the three is set.</summary>
internal readonly record struct CronDefinition(CronFields? Fields, TimeSpan? Interval, long? OneShotUtcTicks);

/// <summary>
/// Turns schedule text into a <see cref="CronDefinition"/>: five fields, a macro (@daily ...),
/// <c>@every &lt;duration&gt;</c> or <c>@at &lt;date-time&gt;</c>. Problems come back as text that
/// names the field; <see cref="CronSchedule"/> adds the expression around it.
/// </summary>
internal static class CronExpressionParser
{
    private static readonly (string Name, string Fields)[] Macros =
    [
        ("@yearly", "0 0 1 1 *"),
        ("@annually", "0 0 1 1 *"),
        ("@monthly", "0 0 1 * *"),
        ("@weekly", "0 0 * * 0"),
        ("@daily", "0 0 * * *"),
        ("@midnight", "0 0 * * *"),
        ("@hourly", "0 * * * *"),
    ];

    public static string? TryParse(string text, TimeZoneInfo zone, out CronDefinition definition)
    {
        definition = default;
        if (text.Length == 0)
        {
            return "it is empty";
        }
        if (text[0] != '@')
        {
            return TryParseFields(text, out definition);
        }

        var space = text.AsSpan().IndexOfAny(" \t\r\n");
        var name = space < 0 ? text : text[..space];
        var argument = space < 0 ? "" : text[space..].Trim();
        if (Is(name, "@every"))
        {
            var problem = CronIntervalParser.TryParse(argument, out var interval);
            definition = new(null, interval, null);
            return problem;
        }
        if (Is(name, "@at"))
        {
            var problem = CronOneShotParser.TryParse(argument, zone, out var utcTicks);
            definition = new(null, null, utcTicks);
            return problem;
        }
        foreach (var macro in Macros)
        {
            if (Is(name, macro.Name))
            {
                return argument.Length > 0 ? $"{macro.Name} takes nothing after it" : TryParseFields(macro.Fields, out definition);
            }
        }
        return $"unknown macro \"{name}\" (use @yearly, @annually, @monthly, @weekly, @daily, @midnight, @hourly, @every <duration> or @at <date-time>)";
    }

    private static readonly string[] FieldNames =
        [CronFieldSpec.Minute.Name, CronFieldSpec.Hour.Name, CronFieldSpec.DayOfMonth.Name, CronFieldSpec.Month.Name, CronFieldSpec.DayOfWeek.Name];

    private static bool StartsWithStar(string field) => field[0] is '*' or '?';

    private static bool Is(string name, string macro) => name.Equals(macro, StringComparison.OrdinalIgnoreCase);

    private static string? TryParseFields(string text, out CronDefinition definition)
    {
        definition = default;
        var parts = text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (parts.Length != 5)
        {
            var seconds = parts.Length == 6 ? "; a seconds field is not supported" : "";
            return $"expected 5 fields (minute hour day-of-month month day-of-week) or a macro, got {parts.Length}{seconds}";
        }
        ulong minutes = 0, hours = 0, months = 0;
        CronDayFieldParser.DayOfMonthParts daysOfMonth = default;
        CronDayFieldParser.DayOfWeekParts daysOfWeek = default;
        for (var index = 0; index < parts.Length; index++)
        {
            var fieldProblem = index switch
            {
                0 => CronFieldParser.TryParse(parts[0], CronFieldSpec.Minute, out minutes),
                1 => CronFieldParser.TryParse(parts[1], CronFieldSpec.Hour, out hours),
                2 => CronDayFieldParser.TryParseDayOfMonth(parts[2], out daysOfMonth),
                3 => CronFieldParser.TryParse(parts[3], CronFieldSpec.Month, out months),
                _ => CronDayFieldParser.TryParseDayOfWeek(parts[4], out daysOfWeek),
            };
            if (fieldProblem is not null)
            {
                return $"{FieldNames[index]} field \"{parts[index]}\": {fieldProblem}";
            }
        }
        var fields = new CronFields
        {
            Minutes = minutes,
            Hours = (uint)hours,
            DaysOfMonth = daysOfMonth.Days,
            LastDayOffsets = daysOfMonth.LastDayOffsets,
            LastWeekdayOfMonth = daysOfMonth.LastWeekday,
            NearestWeekdays = daysOfMonth.NearestWeekdays,
            Months = (ushort)months,
            DaysOfWeek = daysOfWeek.Days,
            LastDaysOfWeek = daysOfWeek.LastDays,
            NthDaysOfWeek = daysOfWeek.NthDays,
            DayOfMonthStar = StartsWithStar(parts[2]),
            DayOfWeekStar = StartsWithStar(parts[4]),
        };
        var problem = CronNeverFiresCheck.Check(fields, parts[2], parts[3], parts[4]);
        definition = new(fields, null, null);
        return problem;
    }
}
