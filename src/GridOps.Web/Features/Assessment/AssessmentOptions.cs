namespace GridOps.Web.Features.Assessment;

/// <summary>How a month's indicators become one score (section <c>Assessment</c>); defaults in docs/assessment.md.</summary>
public sealed class AssessmentOptions
{
    /// <summary>Weight of the disposal rate (closed ÷ due) in the score.</summary>
    public double DisposalWeight { get; set; } = 30;

    /// <summary>Weight of the on-time rate.</summary>
    public double OnTimeWeight { get; set; } = 30;

    /// <summary>Weight of the satisfaction rate (satisfied and basically satisfied ÷ evaluated).</summary>
    public double SatisfactionWeight { get; set; } = 20;

    /// <summary>Counts as (100 − rework rate).</summary>
    public double ReworkWeight { get; set; } = 10;

    /// <summary>Weight of the patrol rate (check-ins ÷ the monthly plan).</summary>
    public double PatrolWeight { get; set; } = 10;

    /// <summary>A unit with fewer incidents due is scored but not ranked.</summary>
    public int MinimumIncidentsToRank { get; set; } = 10;
}
