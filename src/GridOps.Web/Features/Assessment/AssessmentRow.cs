namespace GridOps.Web.Features.Assessment;

/// <summary>The levels an assessment is made for: the hierarchy's, and departments.</summary>
public enum AssessmentLevel : short
{
    District = 0,
    Street = 1,
    Community = 2,
    Grid = 3,
    Department = 5,
}

/// <summary>
/// One unit's month, as counts: every indicator is a numerator over a denominator, both kept, so a
/// page can show "16,871 ÷ 17,033" and a frozen month can be checked by hand. Definitions in docs/assessment.md.
/// </summary>
public sealed record AssessmentCounts(
    AssessmentLevel Level,
    string Unit,
    string Name,
    int Due,
    int Closed,
    int OnTime,
    int OnTimeDue,
    int ClosedDay1,
    int ClosedDay2,
    int ClosedDay3,
    int Reworked,
    int Handled,
    int Satisfied,
    int Evaluated,
    int PatrolsDone,
    int PatrolsPlanned,
    double? AcknowledgeMedianMinutes,
    double? AcknowledgeP90Minutes,
    int AcknowledgeSamples)
{
    /// <summary>The district the unit is in (0: a department shared by every district). Codes are unique per district
    /// (issue 20), so a unit is its level, district and code.</summary>
    public long DistrictId { get; init; }
}

/// <summary>A unit's month with its composite score, grade and rank (rank only above the minimum number of incidents).</summary>
public sealed record AssessmentRow(AssessmentCounts Counts, double? Score, string Grade, int? Rank);

/// <summary>A rate as the command centre writes it: two decimals, from the two counts.</summary>
public static class Rate
{
    public static double? Of(int numerator, int denominator) => denominator == 0 ? null : Math.Round(100.0 * numerator / denominator, 2, MidpointRounding.AwayFromZero);

    public static string Text(int numerator, int denominator) =>
        Of(numerator, denominator) is { } rate ? rate.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture) + " %" : "—";
}
