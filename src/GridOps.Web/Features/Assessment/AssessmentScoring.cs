namespace GridOps.Web.Features.Assessment;

/// <summary>
/// The composite score: the weighted mean of the indicators a unit has (one with no denominator —
/// no evaluations, no patrol plan — drops out and the other weights carry the score), graded A–E,
/// and ranked within its level among units with enough incidents — of its own district (issue 20: a district's
/// grids are ranked among themselves, not among another city's it cannot see).
/// </summary>
public static class AssessmentScoring
{
    /// <remarks>Shared departments (district 0) are ranked among the shared.</remarks>
    public static IReadOnlyList<AssessmentRow> Score(IEnumerable<AssessmentCounts> counts, AssessmentOptions options)
    {
        var scored = counts.Select(c => (Counts: c, Score: ScoreOf(c, options))).ToList();
        var ranks = scored
            .Where(s => s.Score is not null && s.Counts.Due >= options.MinimumIncidentsToRank)
            .GroupBy(s => (s.Counts.Level, s.Counts.DistrictId))
            .SelectMany(level => level.OrderByDescending(s => s.Score).ThenBy(s => s.Counts.Unit, StringComparer.Ordinal)
                .Select((s, index) => (s.Counts.Level, s.Counts.DistrictId, s.Counts.Unit, Rank: index + 1)))
            .ToDictionary(r => (r.Level, r.DistrictId, r.Unit), r => r.Rank);
        return [.. scored.Select(s => new AssessmentRow(s.Counts, s.Score, Grade(s.Score),
            ranks.TryGetValue((s.Counts.Level, s.Counts.DistrictId, s.Counts.Unit), out var rank) ? rank : null))];
    }

    public static double? ScoreOf(AssessmentCounts c, AssessmentOptions o)
    {
        var parts = new (double? Value, double Weight)[]
        {
            (Rate.Of(c.Closed, c.Due), o.DisposalWeight),
            (Rate.Of(c.OnTime, c.OnTimeDue), o.OnTimeWeight),
            (Rate.Of(c.Satisfied, c.Evaluated), o.SatisfactionWeight),
            (Rate.Of(c.Reworked, c.Handled) is { } rework ? 100 - rework : null, o.ReworkWeight),
            (Rate.Of(c.PatrolsDone, c.PatrolsPlanned), o.PatrolWeight),
        };
        var present = parts.Where(p => p.Value is not null && p.Weight > 0).ToList();
        var weights = present.Sum(p => p.Weight);
        return weights == 0 ? null : Math.Round(present.Sum(p => p.Value!.Value * p.Weight) / weights, 2, MidpointRounding.AwayFromZero);
    }

    /// <summary>A ≥ 90, B ≥ 75, C ≥ 60, D ≥ 40, E below; "—" without a score.</summary>
    public static string Grade(double? score) => score switch
    {
        null => "—",
        >= 90 => "A",
        >= 75 => "B",
        >= 60 => "C",
        >= 40 => "D",
        _ => "E",
    };
}
