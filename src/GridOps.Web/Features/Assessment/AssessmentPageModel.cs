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
    /// a department its own row, the district everything (issue 15: every aggregate is scoped, not only lists).</summary>
    public static async Task<(string Kind, IReadOnlyList<AssessmentRow> Rows)> RowsAsync(AssessmentStore store, AreaQueries areas, Viewer viewer,
        DateOnly month, string? kind, CancellationToken cancellationToken)
    {
        var (chosen, rows) = await RowsAsync(store, month, kind, cancellationToken);
        if (viewer.Scope.IsEverything)
        {
            return (chosen, rows);
        }

        if (viewer.Scope.DepartmentCode is { } department)
        {
            return (chosen, [.. rows.Where(r => r.Counts.Level == AssessmentLevel.Department && r.Counts.Unit == department)]);
        }

        var codes = await areas.CodesInScopeAsync(viewer.Scope, cancellationToken) ?? new HashSet<string>();
        // Departments serve every district, so their rows count other districts' incidents: only the whole database sees them.
        return (chosen, [.. rows.Where(r => r.Counts.Level != AssessmentLevel.Department && codes.Contains(r.Counts.Unit))]);
    }

    private static async Task<(string Kind, IReadOnlyList<AssessmentRow> Rows)> RowsAsync(AssessmentStore store, DateOnly month, string? kind, CancellationToken cancellationToken)
    {
        string[] candidates = kind is { Length: > 0 } ? [kind]
            : month >= store.CurrentMonth() ? []
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
