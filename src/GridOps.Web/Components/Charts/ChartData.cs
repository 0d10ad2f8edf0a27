namespace GridOps.Web.Components.Charts;

/// <summary>The chart kinds wwwroot-assets/src/components/chart-kinds.js draws.</summary>
public enum ChartKind
{
    Trend,
    Categories,
    Tiers,
    Ranking,
    Grades,
}

/// <summary>
/// A chart's data, already in the reader's language: a label and a value per bar, slice or point;
/// <see cref="Keys"/> pick colours (a tier, a grade), <see cref="Overdue"/> the red part of a ranking's bars,
/// <see cref="Series"/> the names in its legend.
/// </summary>
public sealed record ChartData(
    IReadOnlyList<string> Labels,
    IReadOnlyList<double> Values,
    IReadOnlyList<string>? Keys = null,
    IReadOnlyList<double>? Overdue = null,
    IReadOnlyList<string>? Series = null)
{
    /// <summary>Equal content, for "send only when it changed" (records compare lists by reference).</summary>
    public bool SameAs(ChartData? other) =>
        other is not null
        && Labels.SequenceEqual(other.Labels) && Values.SequenceEqual(other.Values)
        && (Keys ?? []).SequenceEqual(other.Keys ?? []) && (Overdue ?? []).SequenceEqual(other.Overdue ?? [])
        && (Series ?? []).SequenceEqual(other.Series ?? []);
}
