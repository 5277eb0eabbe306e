namespace Steward.Core.Scheduling.Cron;

/// <summary>
/// Parses the duration of <c>@every</c>: numbers with units d, h, m, s, largest unit first and each
/// at most once (15m, 1h30m, 2d, 90s); at least 1s, at most 366d.
/// </summary>
internal static class CronIntervalParser
{
    private const string Units = "dhms";
    private static readonly long[] SecondsPerUnit = [86_400, 3_600, 60, 1];
    private const long MaxSeconds = 366 * 86_400L;

    public static string? TryParse(string text, out TimeSpan interval)
    {
        interval = TimeSpan.Zero;
        if (text.Length == 0)
        {
            return "@every needs a duration, e.g. @every 15m or @every 1h30m";
        }
        var malformed = $"@every \"{text}\" is not a duration: use numbers with units d, h, m, s, largest first (e.g. 15m, 1h30m, 90s)";
        long seconds = 0;
        var nextUnit = 0;
        var position = 0;
        while (position < text.Length)
        {
            var digitsStart = position;
            while (position < text.Length && char.IsAsciiDigit(text[position]))
            {
                position++;
            }
            if (position == digitsStart || position == text.Length || position - digitsStart > 9)
            {
                return malformed;
            }
            var unit = Units.IndexOf(char.ToLowerInvariant(text[position]), StringComparison.Ordinal);
            if (unit < nextUnit)
            {
                return malformed;
            }
            seconds += long.Parse(text.AsSpan(digitsStart, position - digitsStart), System.Globalization.CultureInfo.InvariantCulture) * SecondsPerUnit[unit];
            nextUnit = unit + 1;
            position++;
        }
        if (seconds < 1)
        {
            return $"@every \"{text}\": the interval must be at least 1s";
        }
        if (seconds > MaxSeconds)
        {
            return $"@every \"{text}\": the interval must be at most 366d";
        }
        interval = TimeSpan.FromSeconds(seconds);
        return null;
    }
}
