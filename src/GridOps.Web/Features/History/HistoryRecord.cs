namespace GridOps.Web.Features.History;

/// <summary>One closed incident of the previous system, checked: its times in order, its category a GridOps one.</summary>
public sealed record HistoryRecord(
    int Line,
    string Ref,
    string CategoryCode,
    string? Title,
    string Description,
    string? Address,
    double? Lon,
    double? Lat,
    DateTimeOffset ReportedAt,
    DateTimeOffset? AcceptedAt,
    DateTimeOffset? DispatchedAt,
    DateTimeOffset ClosedAt,
    DateTimeOffset? EvaluatedAt,
    DateTimeOffset? DueAt,
    Incidents.Evaluation? Evaluation);

/// <summary>One reason a history import was refused, naming the line (the header is line 1 of a CSV).</summary>
public sealed record HistoryProblem(int? Line, string Field, string Reason)
{
    public string Where => Line is null ? Field : $"line {Line}: {Field}";

    public override string ToString() => $"{Where}: {Reason}";
}

/// <summary>The history was refused; nothing was stored.</summary>
public sealed class HistoryRejectedException(IReadOnlyList<HistoryProblem> problems)
    : Exception($"The history was refused, nothing was stored: {problems.Count} problem(s). First: {problems[0]}")
{
    public IReadOnlyList<HistoryProblem> Problems { get; } = problems;
}

/// <summary>What a history import stored (or, in a preview, would store).</summary>
public sealed record HistorySummary(string District, int Incidents, int Events, int Located, int Late, IReadOnlyList<string> Months)
{
    public bool Preview { get; init; }

    /// <summary>Finished months whose final was frozen before the import: they keep it (a frozen month never changes).</summary>
    public IReadOnlyList<string> KeptFrozen { get; init; } = [];
}
