using System.Diagnostics.CodeAnalysis;

namespace Steward.Core.Scheduling.Cron;

/// <summary>
/// A parsed schedule: five cron fields (with L, W, #, names, steps and macros) evaluated on the
/// wall clock of a time zone, <c>@every &lt;duration&gt;</c> anchored at the Unix epoch, or a
/// one-shot <c>@at &lt;date-time&gt;</c>. Immutable and safe to share between threads.
/// DST: a matching wall time skipped by a spring-forward fires once at the first instant after
/// the gap; one repeated by a fall-back fires once, at its first (daylight-time) occurrence.
/// </summary>
public sealed class CronSchedule
{
    private static readonly long UnixEpochTicks = DateTime.UnixEpoch.Ticks;
    private static readonly long MaxTicks = DateTime.MaxValue.Ticks;

    private readonly CronFields? _fields;
    private readonly long _intervalTicks;
    private readonly long _oneShotUtcTicks;
    private readonly bool _fixedOffset;
    private readonly long _offsetTicks;

    private CronSchedule(string expression, TimeZoneInfo timeZone, CronDefinition definition)
    {
        Expression = expression;
        TimeZone = timeZone;
        _fields = definition.Fields;
        Interval = definition.Interval;
        _intervalTicks = definition.Interval?.Ticks ?? 0;
        IsOneShot = definition.OneShotUtcTicks.HasValue;
        _oneShotUtcTicks = definition.OneShotUtcTicks ?? 0;
        // Zones that never change their offset (UTC, Etc/GMT+5 ...) skip the DST machinery.
        _fixedOffset = !timeZone.SupportsDaylightSavingTime && timeZone.GetAdjustmentRules().Length == 0;
        _offsetTicks = timeZone.BaseUtcOffset.Ticks;
    }

    /// <summary>The expression as given, trimmed.</summary>
    public string Expression { get; }

    public TimeZoneInfo TimeZone { get; }

    /// <summary>An <c>@at</c> schedule: fires once.</summary>
    public bool IsOneShot { get; }

    /// <summary>The interval of an <c>@every</c> schedule, otherwise null.</summary>
    public TimeSpan? Interval { get; }

    /// <summary>Parses a schedule; throws <see cref="CronFormatException"/> naming the bad field.</summary>
    public static CronSchedule Parse(string expression, TimeZoneInfo timeZone) =>
        TryParse(expression, timeZone, out var schedule, out var error) ? schedule : throw new CronFormatException(error);

    public static bool TryParse(string expression, TimeZoneInfo timeZone,
        [NotNullWhen(true)] out CronSchedule? schedule, [NotNullWhen(false)] out string? error)
    {
        ArgumentNullException.ThrowIfNull(timeZone);
        var text = expression?.Trim() ?? "";
        var problem = CronExpressionParser.TryParse(text, timeZone, out var definition);
        if (problem is not null)
        {
            schedule = null;
            error = $"Invalid schedule \"{text}\": {problem}.";
            return false;
        }
        schedule = new CronSchedule(text, timeZone, definition);
        error = null;
        return true;
    }

    /// <summary>
    /// The first occurrence strictly after <paramref name="after"/>, as a UTC instant
    /// (offset zero); null when there is none (a one-shot in the past, or beyond year 9999).
    /// Allocation-free.
    /// </summary>
    public DateTimeOffset? NextOccurrence(DateTimeOffset after)
    {
        var afterUtc = after.UtcTicks;
        long next;
        if (_fields is { } fields)
        {
            next = _fixedOffset ? NextAtFixedOffset(fields, afterUtc) : CronZoneClock.Next(fields, TimeZone, afterUtc);
        }
        else if (IsOneShot)
        {
            next = _oneShotUtcTicks > afterUtc ? _oneShotUtcTicks : CronCalendarSearch.NotFound;
        }
        else
        {
            next = NextInterval(afterUtc);
        }
        return next is >= 0 and var ticks && ticks <= MaxTicks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;
    }

    /// <summary>The instant on the schedule's wall clock, for display.</summary>
    public DateTimeOffset ToLocal(DateTimeOffset instant) => TimeZoneInfo.ConvertTime(instant, TimeZone);

    public override string ToString() => Expression;

    private long NextAtFixedOffset(CronFields fields, long afterUtc)
    {
        var local = CronCalendarSearch.Next(fields, afterUtc + _offsetTicks, DateTime.MaxValue.Year);
        return local == CronCalendarSearch.NotFound ? local : local - _offsetTicks;
    }

    /// <summary>The smallest epoch + k * interval strictly after <paramref name="afterUtc"/>.</summary>
    private long NextInterval(long afterUtc)
    {
        var sinceEpoch = afterUtc - UnixEpochTicks;
        var periods = sinceEpoch / _intervalTicks;
        if (sinceEpoch < 0 && sinceEpoch % _intervalTicks != 0)
        {
            periods--;
        }
        periods++;
        return periods > (MaxTicks - UnixEpochTicks) / _intervalTicks ? CronCalendarSearch.NotFound : UnixEpochTicks + (periods * _intervalTicks);
    }
}
