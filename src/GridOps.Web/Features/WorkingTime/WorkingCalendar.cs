namespace GridOps.Web.Features.WorkingTime;

/// <summary>
/// Working time in the district's time zone: Monday to Friday, minus public holidays, plus make-up working
/// days (调休). A working day counts whole (00:00–24:00 local) unless the district keeps office hours
/// (<see cref="WorkingHours"/>, e.g. 08:30–12:00 and 13:30–17:30): then only those count. A rest day counts
/// nothing — so "2 working days" from Friday 10:00 ends on Tuesday 10:00 (docs/decisions/009).
/// </summary>
public sealed class WorkingCalendar
{
    private readonly Dictionary<DateOnly, bool> _exceptions;
    private readonly HashSet<int> _knownYears;

    public WorkingCalendar(TimeZoneInfo zone, IEnumerable<CalendarDay> exceptions, WorkingHours? hours = null)
    {
        Zone = zone;
        Hours = hours ?? WorkingHours.WholeDay;
        Days = [.. exceptions.OrderBy(d => d.Day)];
        _exceptions = Days.ToDictionary(d => d.Day, d => d.Working);
        _knownYears = [.. _exceptions.Keys.Select(d => d.Year)];
    }

    public TimeZoneInfo Zone { get; }

    public WorkingHours Hours { get; }

    /// <summary>Years with holiday data; other years fall back to Monday–Friday.</summary>
    public IReadOnlyCollection<int> KnownYears => _knownYears;

    /// <summary>The holidays and make-up working days held, in order (what the calendar API lists).</summary>
    public IReadOnlyList<CalendarDay> Days { get; }

    /// <summary>The last day the holiday data covers (31 December of the last known year); null when there is none.</summary>
    public DateOnly? CoveredUntil => _knownYears.Count == 0 ? null : new DateOnly(_knownYears.Max(), 12, 31);

    /// <summary>How long before <see cref="CoveredUntil"/> administrators are warned (about two months).</summary>
    public const int WarnDaysAhead = 61;

    /// <summary>
    /// The day the holiday data runs out when that is <see cref="WarnDaysAhead"/> days from <paramref name="today"/> or
    /// sooner (today when there is none at all); null while it is further off. Past it limits count Monday–Friday only.
    /// </summary>
    public DateOnly? RunsOutSoon(DateOnly today) =>
        CoveredUntil is not { } until ? today
        : until.DayNumber - today.DayNumber <= WarnDaysAhead ? until
        : null;

    public bool IsWorkingDay(DateOnly day) =>
        _exceptions.TryGetValue(day, out var working) ? working : day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    public DateOnly LocalDate(DateTimeOffset instant) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, Zone).DateTime);

    /// <summary>Working time that passes between two instants (zero when <paramref name="to"/> is not later).</summary>
    public TimeSpan WorkingTimeBetween(DateTimeOffset from, DateTimeOffset to)
    {
        var total = TimeSpan.Zero;
        if (to <= from)
        {
            return total;
        }

        for (var day = LocalDate(from); day <= LocalDate(to); day = day.AddDays(1))
        {
            foreach (var (start, end) in WorkingSpans(day))
            {
                var s = start > from ? start : from;
                var e = end < to ? end : to;
                if (e > s)
                {
                    total += e - s;
                }
            }
        }

        return total;
    }

    /// <summary>The instant (in UTC) at which <paramref name="amount"/> of working time has passed since <paramref name="start"/>.</summary>
    public DateTimeOffset AddWorkingTime(DateTimeOffset start, TimeSpan amount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(amount, TimeSpan.Zero);
        if (amount == TimeSpan.Zero)
        {
            return start.ToUniversalTime();
        }

        var left = amount;
        var day = LocalDate(start);
        // Ten years of rest days at most: a limit that long is a configuration error, not a loop.
        for (var guard = 0; guard < 3660; guard++, day = day.AddDays(1))
        {
            foreach (var (spanStart, spanEnd) in WorkingSpans(day))
            {
                var s = spanStart > start ? spanStart : start;
                if (spanEnd <= s)
                {
                    continue;
                }

                var available = spanEnd - s;
                if (left <= available)
                {
                    return (s + left).ToUniversalTime();
                }

                left -= available;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(amount), amount, "Working time too long to place on the calendar.");
    }

    // The instants a local day's working hours run between; none on a rest day.
    private IEnumerable<(DateTimeOffset Start, DateTimeOffset End)> WorkingSpans(DateOnly day)
    {
        if (!IsWorkingDay(day))
        {
            yield break;
        }

        foreach (var (from, to) in Hours.Spans)
        {
            yield return (At(day, from), At(day, to));
        }
    }

    private DateTimeOffset At(DateOnly day, TimeSpan sinceMidnight)
    {
        var local = day.ToDateTime(TimeOnly.MinValue).Add(sinceMidnight);
        return new DateTimeOffset(local, Zone.GetUtcOffset(local));
    }
}

/// <summary>A day that breaks the Monday–Friday rule.</summary>
public sealed record CalendarDay(DateOnly Day, bool Working, string Name);
