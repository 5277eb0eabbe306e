namespace Steward.Core.Scheduling.Cron;

/// <summary>What one of the five fields accepts: its name in messages, its range and its names.</summary>
internal sealed class CronFieldSpec
{
    private static readonly string[] MonthNames = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
    private static readonly string[] WeekdayNames = ["sun", "mon", "tue", "wed", "thu", "fri", "sat"];

    public static readonly CronFieldSpec Minute = new("minute", 0, 59, 59, null, 0, "");
    public static readonly CronFieldSpec Hour = new("hour", 0, 23, 23, null, 0, "");
    public static readonly CronFieldSpec DayOfMonth = new("day-of-month", 1, 31, 31, null, 0, "");
    public static readonly CronFieldSpec Month = new("month", 1, 12, 12, MonthNames, 1, "a month name (jan-dec)");
    // 7 is Sunday too; * and a/n stop at 6 so Sunday is not counted twice.
    public static readonly CronFieldSpec DayOfWeek = new("day-of-week", 0, 7, 6, WeekdayNames, 0, "a day name (sun-sat)");

    private CronFieldSpec(string name, int min, int max, int starMax, string[]? names, int firstNameValue, string namesHint)
    {
        Name = name;
        Min = min;
        Max = max;
        StarMax = starMax;
        Names = names;
        FirstNameValue = firstNameValue;
        NamesHint = namesHint;
    }

    public string Name { get; }

    public int Min { get; }

    public int Max { get; }

    /// <summary>Where * and a/n end.</summary>
    public int StarMax { get; }

    public string[]? Names { get; }

    public int FirstNameValue { get; }

    public string NamesHint { get; }

    /// <summary>Day-of-month and day-of-week accept ? as a synonym for *.</summary>
    public bool AllowsQuestionMark => this == DayOfMonth || this == DayOfWeek;

    /// <summary>The bit a value sets (day-of-week 7 is Sunday, bit 0).</summary>
    public int BitOf(int value) => this == DayOfWeek && value == 7 ? 0 : value;
}
