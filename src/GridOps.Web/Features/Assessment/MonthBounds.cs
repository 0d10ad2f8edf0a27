namespace GridOps.Web.Features.Assessment;

/// <summary>One district's month as instants: its own local midnights.</summary>
public sealed record DistrictMonth(long DistrictId, DateTimeOffset Start, DateTimeOffset End);

/// <summary>
/// A month in every district's own clock (issue 20): an incident counts in its district's month, cut at that
/// district's local midnights; incidents of a district without its own zone (or of none) take GridOps' month.
/// </summary>
public sealed record MonthBounds(DateOnly Month, DateTimeOffset DefaultStart, DateTimeOffset DefaultEnd, IReadOnlyList<DistrictMonth> Districts)
{
    /// <summary>The first instant any district's month begins (the pre-filters' lower bound).</summary>
    public DateTimeOffset EarliestStart => Districts.Select(d => d.Start).Append(DefaultStart).Min();

    /// <summary>The last instant any district's month ends: the month is over everywhere from here on.</summary>
    public DateTimeOffset LatestEnd => Districts.Select(d => d.End).Append(DefaultEnd).Max();

    /// <summary>GridOps' month only (one zone for every district).</summary>
    public static MonthBounds OneClock(DateOnly month, DateTimeOffset start, DateTimeOffset end) => new(month, start, end, []);
}
