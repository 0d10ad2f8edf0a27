using System.Globalization;

namespace GridOps.Web.Features.Assessment;

/// <summary>What the assessment page and its CSV read: the month's final if frozen, else the kind asked for, else live.</summary>
public static class AssessmentPageModel
{
    public static DateOnly? ParseMonth(string? text) =>
        DateOnly.TryParseExact((text ?? "") + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var month) ? month : null;

    public static async Task<(string Kind, IReadOnlyList<AssessmentRow> Rows)> RowsAsync(AssessmentStore store, DateOnly month, string? kind, CancellationToken cancellationToken)
    {
        foreach (var candidate in kind is { Length: > 0 } ? [kind] : new[] { AssessmentKind.Final, AssessmentKind.MonthEnd, AssessmentKind.MidMonth })
        {
            if (candidate != AssessmentKind.Live && await store.LoadAsync(month, candidate, cancellationToken) is { } stored)
            {
                return (candidate, stored);
            }
        }

        return (AssessmentKind.Live, await store.ComputeAsync(month, cancellationToken));
    }
}
