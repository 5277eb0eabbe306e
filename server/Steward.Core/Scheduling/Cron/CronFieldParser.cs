using System.Globalization;

namespace Steward.Core.Scheduling.Cron;

/// <summary>
/// Parses the plain part of a field: lists of *, ?, values, names, ranges and steps, into a bit
/// mask. Problems come back as text ("25 is outside 0-23") for the caller to put in context.
/// </summary>
internal static class CronFieldParser
{
    /// <summary>Parses a whole field; null on success, otherwise the problem.</summary>
    public static string? TryParse(string text, CronFieldSpec spec, out ulong mask)
    {
        mask = 0;
        foreach (var item in text.Split(','))
        {
            var problem = TryParseItem(item, spec, ref mask);
            if (problem is not null)
            {
                return problem;
            }
        }
        return null;
    }

    /// <summary>Parses one list item (a, a-b, *, with an optional /step) into <paramref name="mask"/>.</summary>
    public static string? TryParseItem(string item, CronFieldSpec spec, ref ulong mask)
    {
        if (item.Length == 0)
        {
            return "a list item is empty";
        }
        var rangeText = item;
        var step = 1;
        var hasStep = false;
        var slash = item.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            rangeText = item[..slash];
            var stepText = item[(slash + 1)..];
            if (!TryDigits(stepText, out step))
            {
                return $"step \"{stepText}\" in \"{item}\" is not a number";
            }
            if (step == 0)
            {
                return $"step 0 in \"{item}\" is not allowed (a step must be at least 1)";
            }
            hasStep = true;
        }

        int start, end;
        if (rangeText is "*" or "?")
        {
            if (rangeText == "?" && !spec.AllowsQuestionMark)
            {
                return "\"?\" is only allowed in day-of-month and day-of-week";
            }
            (start, end) = (spec.Min, spec.StarMax);
        }
        else
        {
            var dash = rangeText.IndexOf('-', StringComparison.Ordinal);
            var problem = TryValue(dash >= 0 ? rangeText[..dash] : rangeText, spec, out start);
            if (problem is not null)
            {
                return problem;
            }
            if (dash >= 0)
            {
                problem = TryValue(rangeText[(dash + 1)..], spec, out end);
                if (problem is not null)
                {
                    return problem;
                }
                if (start > end)
                {
                    var hint = spec == CronFieldSpec.DayOfWeek && end == 0 ? " (use 7 for Sunday at the end of a range)" : "";
                    return $"range {rangeText} is reversed (the start must not be after the end){hint}";
                }
            }
            else
            {
                end = hasStep ? Math.Max(spec.StarMax, start) : start;
            }
        }
        for (var value = start; value <= end; value += step)
        {
            mask |= 1UL << spec.BitOf(value);
        }
        return null;
    }

    /// <summary>A number within the field's range, or one of its names.</summary>
    public static string? TryValue(string text, CronFieldSpec spec, out int value)
    {
        if (text.Length == 0)
        {
            value = 0;
            return "a value is missing";
        }
        if (TryDigits(text, out value))
        {
            return value < spec.Min || value > spec.Max ? $"{text} is outside {spec.Min}-{spec.Max}" : null;
        }
        if (spec.Names is { } names)
        {
            for (var i = 0; i < names.Length; i++)
            {
                if (string.Equals(names[i], text, StringComparison.OrdinalIgnoreCase))
                {
                    value = spec.FirstNameValue + i;
                    return null;
                }
            }
            return $"\"{text}\" is not a number or {spec.NamesHint}";
        }
        return $"\"{text}\" is not a number";
    }

    /// <summary>Digits only; anything too long to be a field value reads as a large number.</summary>
    public static bool TryDigits(string text, out int value)
    {
        value = 0;
        if (text.Length == 0)
        {
            return false;
        }
        foreach (var c in text)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }
        value = text.Length > 6 ? 999_999 : int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture);
        return true;
    }
}
