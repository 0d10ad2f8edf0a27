using GridOps.Web.Features.Hierarchy;

namespace GridOps.Web.Features.HierarchyImport;

/// <summary>
/// The streets and communities a one-layer boundary file does not have (<see cref="ImportLayer.MakeParents"/>):
/// one of each per feature, or per value of the layer's groupBy property. A made area's code is the key with
/// its level after a slash ("NYC-101/street", "NYC-Manhattan/community"), so it cannot meet a published code;
/// its boundary is the union of its members', its counts their sum.
/// </summary>
internal static class MadeParents
{
    public static string Code(string prefix, string key, AreaLevel level) => $"{prefix}{key}/{LevelName(level)}";

    /// <summary>The made areas above one feature, from the street down to its parent.</summary>
    public static IEnumerable<ParsedFeature> Of(ParsedFeature feature, ImportLayer layer, string prefix)
    {
        var key = feature.GroupKey ?? feature.SourceCode;
        for (var level = AreaLevel.Street; level < feature.Level; level++)
        {
            yield return new ParsedFeature(layer.File, feature.Index, Code(prefix, key, level), feature.GroupKey ?? feature.Name, level,
                level == AreaLevel.Street ? null : Code(prefix, key, level - 1), feature.Households, feature.Population, AreaKind.Regular, feature.Boundary)
            {
                Made = true,
                SourceCode = feature.Code,
            };
        }
    }

    public static bool TryKey(string? value, string property, out string? key, out string problem)
    {
        key = value?.Trim();
        problem = string.IsNullOrEmpty(key) ? $"has no value in property '{property}' to group by."
            : key.Length > HierarchyImporter.MaxName ? $"has a '{property}' longer than {HierarchyImporter.MaxName} characters."
            : Platform.Requests.StorableText.Problem(key) is { } unstorable ? $"has a '{property}' that {unstorable}"
            : "";
        return problem.Length == 0;
    }

    private static string LevelName(AreaLevel level) => level switch
    {
        AreaLevel.Street => "street",
        AreaLevel.Community => "community",
        AreaLevel.Grid => "grid",
        _ => level.ToString(),
    };
}
