using System.Linq.Expressions;
using GridOps.Web.Components.Shared;
using GridOps.Web.Features.Districts;

namespace GridOps.Web.Features.Incidents;

/// <summary>
/// "Reported from day A to day B" in each incident's own district's days (issue 20): a New York district's 22:00 report
/// belongs to its own Tuesday, not to Shanghai's Wednesday, whoever reads the list. One comparison when every district
/// keeps GridOps' zone; otherwise a CASE on the district, behind a plain bound on the earliest midnight so the index on
/// reported_at still narrows the rows.
/// </summary>
internal static class LocalDayFilter
{
    public static IQueryable<Incident> ReportedOnOrAfter(this IQueryable<Incident> query, DateOnly day, DistrictZones.Snapshot zones) =>
        Bounded(query, day, zones, onOrAfter: true);

    public static IQueryable<Incident> ReportedBefore(this IQueryable<Incident> query, DateOnly day, DistrictZones.Snapshot zones) =>
        Bounded(query, day, zones, onOrAfter: false);

    // A value read from a captured object, as a lambda's closure would be: EF sends it as a query parameter, so every
    // day asked for reuses one compiled query and one SQL text (a constant would make a new one per day).
    private static MemberExpression Parameter(DateTimeOffset value) =>
        Expression.Field(Expression.Constant(new Captured(value)), nameof(Captured.Value));

    private sealed class Captured(DateTimeOffset value)
    {
        public readonly DateTimeOffset Value = value;
    }

    private static IQueryable<Incident> Bounded(IQueryable<Incident> query, DateOnly day, DistrictZones.Snapshot zones, bool onOrAfter)
    {
        var fallback = LocalTime.StartOfDay(day, zones.Default);
        var others = zones.Zones.Where(z => z.Value.Id != zones.Default.Id).OrderBy(z => z.Key).ToList();
        if (others.Count == 0)
        {
            return onOrAfter ? query.Where(i => i.ReportedAt >= fallback) : query.Where(i => i.ReportedAt < fallback);
        }

        var starts = others.Select(z => LocalTime.StartOfDay(day, z.Value)).Append(fallback).ToList();
        var loose = onOrAfter ? starts.Min() : starts.Max();
        query = onOrAfter ? query.Where(i => i.ReportedAt >= loose) : query.Where(i => i.ReportedAt < loose);

        var incident = Expression.Parameter(typeof(Incident), "i");
        var district = Expression.Property(incident, nameof(Incident.DistrictId));
        Expression start = Parameter(fallback);
        foreach (var (id, zone) in others)
        {
            start = Expression.Condition(Expression.Equal(district, Expression.Constant(id, typeof(long?))), Parameter(LocalTime.StartOfDay(day, zone)), start);
        }

        var reported = Expression.Property(incident, nameof(Incident.ReportedAt));
        Expression test = onOrAfter ? Expression.GreaterThanOrEqual(reported, start) : Expression.LessThan(reported, start);
        return query.Where(Expression.Lambda<Func<Incident, bool>>(test, incident));
    }
}
