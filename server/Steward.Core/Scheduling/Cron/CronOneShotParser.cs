using System.Globalization;

namespace Steward.Core.Scheduling.Cron;

/// <summary>
/// Parses the date-time of <c>@at</c>: <c>yyyy-MM-ddTHH:mm[:ss]</c>, a wall time in the schedule's
/// zone, optionally followed by <c>Z</c> or <c>+HH:mm</c>/<c>-HH:mm</c>, which makes it that exact instant.
/// </summary>
internal static class CronOneShotParser
{
    private static readonly string[] LocalFormats = ["yyyy-MM-dd'T'HH:mm", "yyyy-MM-dd'T'HH:mm:ss"];

    public static string? TryParse(string text, TimeZoneInfo zone, out long utcTicks)
    {
        utcTicks = 0;
        var malformed = text.Length == 0
            ? "@at needs a date and time, e.g. @at 2026-12-01T09:00"
            : $"@at \"{text}\" is not a date and time like 2026-12-01T09:00, 2026-12-01T09:00:00Z or 2026-12-01T09:00+02:00";
        var local = text;
        TimeSpan? offset = null;
        if (text.EndsWith('Z'))
        {
            local = text[..^1];
            offset = TimeSpan.Zero;
        }
        else if (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':')
        {
            if (!CronFieldParser.TryDigits(text[^5..^3], out var hours) || !CronFieldParser.TryDigits(text[^2..], out var minutes)
                || hours > 14 || minutes > 59 || (hours * 60) + minutes > 14 * 60)
            {
                return malformed;
            }
            local = text[..^6];
            offset = new TimeSpan(hours, minutes, 0) * (text[^6] == '-' ? -1 : 1);
        }
        if (!DateTime.TryParseExact(local, LocalFormats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var wallTime))
        {
            return malformed;
        }
        utcTicks = offset is { } exact
            ? wallTime.Ticks - exact.Ticks
            : CronZoneClock.FirstInstant(zone, wallTime.Ticks);
        if (utcTicks < 0 || utcTicks > DateTime.MaxValue.Ticks)
        {
            return $"@at \"{text}\" is outside the supported range of dates";
        }
        return null;
    }
}
