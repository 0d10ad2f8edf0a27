using MudBlazor;

namespace GridOps.Web.Features.Incidents.List;

/// <summary>How the grid's sortable columns and directions map onto the list's sort keys (<see cref="IncidentQueries.Sorts"/>).</summary>
public static class IncidentListSort
{
    public const string ReportedAt = nameof(IncidentRow.ReportedAt);
    public const string DueAt = nameof(IncidentRow.DueAt);
    public const string Tier = nameof(IncidentRow.Tier);

    /// <summary>The key for the grid's sort (the first definition; the grid sorts by one column); null is newest first.</summary>
    public static string? KeyOf(IEnumerable<SortDefinition<IncidentRow>> sorts) => sorts.FirstOrDefault() switch
    {
        { SortBy: ReportedAt, Descending: false } => IncidentQueries.Sorts.Oldest,
        { SortBy: DueAt, Descending: false } => IncidentQueries.Sorts.DueSoonest,
        { SortBy: DueAt, Descending: true } => IncidentQueries.Sorts.DueLatest,
        { SortBy: Tier, Descending: true } => IncidentQueries.Sorts.TierHighest,
        { SortBy: Tier, Descending: false } => IncidentQueries.Sorts.TierLowest,
        _ => null,
    };

    /// <summary>The column and direction a key shows as (newest first is the reported column, descending).</summary>
    public static (string Column, SortDirection Direction) Of(string? key) => key switch
    {
        IncidentQueries.Sorts.Oldest => (ReportedAt, SortDirection.Ascending),
        IncidentQueries.Sorts.DueSoonest => (DueAt, SortDirection.Ascending),
        IncidentQueries.Sorts.DueLatest => (DueAt, SortDirection.Descending),
        IncidentQueries.Sorts.TierHighest => (Tier, SortDirection.Descending),
        IncidentQueries.Sorts.TierLowest => (Tier, SortDirection.Ascending),
        _ => (ReportedAt, SortDirection.Descending),
    };

    public static Func<IncidentRow, object> ValueOf(string column) => column switch
    {
        DueAt => r => r.DueAt ?? DateTimeOffset.MaxValue,
        Tier => r => r.Tier,
        _ => r => r.ReportedAt,
    };
}
