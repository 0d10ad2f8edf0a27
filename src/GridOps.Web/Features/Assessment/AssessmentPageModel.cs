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

    public static async Task<(string Kind, IReadOnlyList<AssessmentRow> Rows)> RowsAsync(AssessmentStore store, DateOnly month, string? kind, CancellationToken cancellationToken)
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
