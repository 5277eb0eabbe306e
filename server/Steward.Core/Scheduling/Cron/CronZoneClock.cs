namespace Steward.Core.Scheduling.Cron;

/// <summary>
/// Maps between UTC instants and wall-clock times of a time zone with the DST rules of the
/// schedule: a wall time inside a spring-forward gap happens at the first instant after the gap;
/// a wall time repeated by a fall-back happens at its first (daylight-time) occurrence only.
/// Uses only <see cref="TimeZoneInfo.GetUtcOffset(DateTime)"/> on UTC times, which does not allocate.
/// Assumes a zone changes its offset at most once within any four days (true of every tzdata zone).
/// </summary>
internal static class CronZoneClock
{
    private const long Margin = 2 * TimeSpan.TicksPerDay;
    private const long OneTransitionSpan = 2 * Margin;
    private static readonly long MaxTicks = DateTime.MaxValue.Ticks;

    // Per thread: a stretch of UTC time over which the zone's offset is known to be constant.
    // Two instants at most four days apart with the same offset have no transition between them,
    // so a lookup just past either end probes four days beyond that end and, when the offset is
    // the same there, extends the stretch: a walk forward costs one GetUtcOffset call per four days.
    [ThreadStatic] private static TimeZoneInfo? t_zone;
    [ThreadStatic] private static long t_start;
    [ThreadStatic] private static long t_end;
    [ThreadStatic] private static long t_offset;

    /// <summary>The zone's UTC offset, in ticks, at a UTC instant.</summary>
    public static long OffsetAt(TimeZoneInfo zone, long utcTicks)
    {
        utcTicks = Math.Clamp(utcTicks, 0, MaxTicks);
        if (ReferenceEquals(zone, t_zone))
        {
            if (utcTicks >= t_start && utcTicks <= t_end)
            {
                return t_offset;
            }
            if (utcTicks > t_end && utcTicks - t_end <= OneTransitionSpan)
            {
                var ahead = Math.Min(t_end + OneTransitionSpan, MaxTicks);
                if (Lookup(zone, ahead) == t_offset)
                {
                    t_end = ahead;
                    return t_offset;
                }
            }
            else if (utcTicks < t_start && t_start - utcTicks <= OneTransitionSpan)
            {
                var behind = Math.Max(t_start - OneTransitionSpan, 0);
                if (Lookup(zone, behind) == t_offset)
                {
                    t_start = behind;
                    return t_offset;
                }
            }
        }
        var offset = Lookup(zone, utcTicks);
        (t_zone, t_start, t_end, t_offset) = (zone, utcTicks, utcTicks, offset);
        return offset;
    }

    private static long Lookup(TimeZoneInfo zone, long utcTicks) => zone.GetUtcOffset(new DateTime(utcTicks, DateTimeKind.Utc)).Ticks;

    /// <summary>
    /// The UTC instant at which a wall-clock time first happens: its only instant, the earlier of
    /// two in a fall-back overlap, or the end of the gap when it does not exist.
    /// </summary>
    public static long FirstInstant(TimeZoneInfo zone, long localTicks)
    {
        var before = OffsetAt(zone, localTicks - Margin);
        var after = OffsetAt(zone, localTicks + Margin);
        if (before == after)
        {
            return localTicks - before;
        }
        var viaBefore = localTicks - before;
        var viaAfter = localTicks - after;
        var beforeValid = OffsetAt(zone, viaBefore) == before;
        var afterValid = OffsetAt(zone, viaAfter) == after;
        if (beforeValid && afterValid)
        {
            return Math.Min(viaBefore, viaAfter);
        }
        if (beforeValid || afterValid)
        {
            return beforeValid ? viaBefore : viaAfter;
        }
        return GapEnd(zone, localTicks, Math.Min(viaBefore, viaAfter), Math.Max(viaBefore, viaAfter));
    }

    /// <summary>
    /// The next cron occurrence strictly after a UTC instant, as UTC ticks, or
    /// <see cref="CronCalendarSearch.NotFound"/>.
    /// </summary>
    public static long Next(CronFields fields, TimeZoneInfo zone, long afterUtc)
    {
        var local = afterUtc + OffsetAt(zone, afterUtc);
        while (true)
        {
            var candidate = CronCalendarSearch.Next(fields, local, DateTime.MaxValue.Year);
            if (candidate == CronCalendarSearch.NotFound)
            {
                return CronCalendarSearch.NotFound;
            }
            // A candidate whose first instant has passed is the repeat of a fall-back overlap
            // (or a time already coalesced into a gap's end): it does not fire again.
            var instant = FirstInstant(zone, candidate);
            if (instant > afterUtc)
            {
                return instant <= MaxTicks ? instant : CronCalendarSearch.NotFound;
            }
            local = candidate;
        }
    }

    /// <summary>
    /// The first instant whose wall-clock time is past <paramref name="localTicks"/> (a time in a
    /// gap): the transition itself. <paramref name="low"/> is before it, <paramref name="high"/> at or after.
    /// </summary>
    private static long GapEnd(TimeZoneInfo zone, long localTicks, long low, long high)
    {
        while (high - low > 1)
        {
            var middle = low + ((high - low) / 2);
            if (middle + OffsetAt(zone, middle) > localTicks)
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }
        return high;
    }
}
