using GridOps.Web.Features.Access;
using GridOps.Web.Features.Hierarchy;
using System.Globalization;

namespace GridOps.Web.Features.Assessment;

/// <summary>
/// What the assessment page and its CSV read: the kind asked for; else, for a finished month, its
/// final (or the latest snapshot); for the month under way, live — a snapshot would hide what
/// happened since it was taken.
/// </summary>
public static class AssessmentPageModel
{
    public static DateOnly? ParseMonth(string? text) =>
        DateOnly.TryParseExact((text ?? "") + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) ? month : null;

    /// <summary>The month's rows this viewer may read: a street leader sees their street and what lies in it,
    /// a department its own row, a district its areas and its own departments, the whole database everything (issue 15: every aggregate is scoped, not only lists).</summary>
    public static async Task<(string Kind, IReadOnlyList<AssessmentRow> Rows)> RowsAsync(AssessmentStore store, AreaQueries areas, Catalogue.CatalogueQueries catalogue, Viewer viewer,
        DateOnly month, string? kind, CancellationToken cancellationToken)
    {
        var (chosen, rows) = await RowsAsync(store, month, kind, cancellationToken);
        if (viewer.Scope.IsEverything)
        {
            return (chosen, rows);
        }

        if (viewer.Scope.DepartmentCode is { } department)
        {
            // Its own row: its code in its district (0: shared), not another city's department of the same code.
            return (chosen, [.. rows.Where(r => r.Counts.Level == AssessmentLevel.Department && r.Counts.Unit == department && r.Counts.DistrictId == (viewer.Scope.AreaId ?? 0))]);
        }

        var codes = await areas.CodesInScopeAsync(viewer.Scope, cancellationToken) ?? new HashSet<(long, string)>();
        // A shared department's row counts every district's incidents: only the whole database sees it. A district's own
        // department takes only that district's incidents (issue 20), so the district sees its row.
        var own = viewer.Scope.AreaLevel == Hierarchy.AreaLevel.District
            ? (await catalogue.GetAsync(cancellationToken)).Departments.Where(d => d.DistrictId == viewer.Scope.AreaId).Select(d => d.Code).ToHashSet(StringComparer.Ordinal)
            : [];
        return (chosen, [.. rows.Where(r => r.Counts.Level == AssessmentLevel.Department ? own.Contains(r.Counts.Unit) && r.Counts.DistrictId == viewer.Scope.AreaId
            : codes.Contains((r.Counts.DistrictId, r.Counts.Unit)))]);
    }

    private static async Task<(string Kind, IReadOnlyList<AssessmentRow> Rows)> RowsAsync(AssessmentStore store, DateOnly month, string? kind, CancellationToken cancellationToken)
    {
        string[] candidates = kind is { Length: > 0 } ? [kind]
            // Not over in every district yet: computed now (a final exists only once it is; issue 20).
            : !await store.IsOverEverywhereAsync(month, cancellationToken) ? []
            : [AssessmentKind.Final, AssessmentKind.MonthEnd, AssessmentKind.MidMonth];
        foreach (var candidate in candidates)
        {
            if (candidate != AssessmentKind.Live && await store.LoadAsync(month, candidate, cancellationToken) is { } stored)
            {
                return (candidate, stored);
            }
        }

        return (AssessmentKind.Live, await store.ComputeAsync(month, cancellationToken));
    }
}
