namespace GridOps.Web.Features.HierarchyImport;

/// <summary>One reason an import was refused, naming the feature it is about.</summary>
public sealed record ImportProblem(string File, int? FeatureIndex, string? Code, string Reason)
{
    public string Where => FeatureIndex is null ? File : $"{File} feature #{FeatureIndex}{(Code is null ? "" : $" ({Code})")}";

    public override string ToString() => $"{Where}: {Reason}";
}

/// <summary>The import was refused; nothing was stored.</summary>
public sealed class ImportRejectedException(IReadOnlyList<ImportProblem> problems)
    : Exception($"The import was refused, nothing was stored: {problems.Count} problem(s). First: {problems[0]}")
{
    public IReadOnlyList<ImportProblem> Problems { get; } = problems;
}
