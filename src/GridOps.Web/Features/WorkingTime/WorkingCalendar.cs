namespace GridOps.Web.Features.WorkingTime;

/// <summary>
/// Working time in the district's time zone: Monday to Friday, minus public holidays, plus
/// make-up working days (调休). A working day counts whole (00:00–24:00 local); a rest day counts
/// nothing — so "2 working days" from Friday 10:00 ends on Tuesday 10:00 (docs/decisions/009).
/// </summary>
public sealed class WorkingCalendar
{
    private readonly Dictionary<DateOnly, bool> _exceptions;
    private readonly HashSet<int> _knownYears;

    public WorkingCalendar(TimeZoneInfo zone, IEnumerable<CalendarDay> exceptions)
    {
        Zone = zone;
        _exceptions = exceptions.ToDictionary(d => d.Day, d => d.Working);
        _knownYears = [.. _exceptions.Keys.Select(d => d.Year)];
    }

    public TimeZoneInfo Zone { get; }

    /// <summary>Years with holiday data; other years fall back to Monday–Friday.</summary>
    public IReadOnlyCollection<int> KnownYears => _knownYears;

    public bool IsWorkingDay(DateOnly day) =>
        _exceptions.TryGetValue(day, out var working) ? working : day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>Working time that passes between two instants (zero when <paramref name="to"/> is not later).</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        if (to <= from)
        {
            return TimeSpan.Zero;
        }

        var total = TimeSpan.Zero;
        var cursor = from;
        while (cursor < to)
        {
            var dayEnd = StartOfNextDay(cursor);
            var segmentEnd = dayEnd < to ? dayEnd : to;
            if (IsWorkingDay(LocalDate(cursor)))
            {
                total += segmentEnd - cursor;
            }

            cursor = segmentEnd;
        }

        return total;
    }

    /// <summary>The instant (in UTC) at which <paramref name="amount"/> of working time has passed since <paramref name="start"/>.</summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan amount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(amount, TimeSpan.Zero);
        var cursor = start;
        var left = amount;
        // Ten years of rest days at most: a limit that long is a configuration error, not a loop.
        for (var guard = 0; guard < 3660; guard++)
        {
            if (left == TimeSpan.Zero)
            {
                return cursor.ToUniversalTime();
            }

            var dayEnd = StartOfNextDay(cursor);
            if (IsWorkingDay(LocalDate(cursor)))
            {
                var available = dayEnd - cursor;
                if (left <= available)
                {
                    return (cursor + left).ToUniversalTime();
                }

                left -= available;
            }

            cursor = dayEnd;
        }

        throw new ArgumentOutOfRangeException(nameof(amount), amount, "Working time too long to place on the calendar.");
    }

    private DateTimeOffset StartOfNextDay(DateTimeOffset instant)
    {
        var local = TimeZoneInfo.ConvertTime(instant, Zone);
        var nextMidnight = local.Date.AddDays(1);
        return new DateTimeOffset(nextMidnight, Zone.GetUtcOffset(nextMidnight));
    }
}

/// <summary>A day that breaks the Monday–Friday rule.</summary>
public sealed record CalendarDay(DateOnly Day, bool Working, string Name);
