using GridOps.Web.Data;
using GridOps.Web.Features.Hierarchy;
namespace GridOps.Web.Features.Access;

/// <summary>
/// A scope as a SQL condition on an <c>areas</c> row: the area is the scope's area or inside it. A
/// micro-grid's people also see their grid (patrols and grid health are kept per grid); a
/// department sees no areas of its own.
/// </summary>
public static class AreaScopeSql
{
    /// <param name="alias">The alias of the areas row in the query.</param>
    /// <param name="parameter">The placeholder the scope's area id is bound to (e.g. <c>$3</c>).</param>
    public static string Inside(AccessScope scope, string alias, string parameter) =>
        scope.IsEverything ? "TRUE"
        : scope.DepartmentCode is not null || scope.AreaId is null ? "FALSE"
        : $"({alias}.id = {parameter} OR {parameter} = ANY ({alias}.ancestor_ids) OR {alias}.id = (SELECT s.parent_id FROM areas s WHERE s.id = {parameter} AND s.level = {Stored.As(AreaLevel.MicroGrid)}))";

    /// <summary>The value to bind to the condition's placeholder.</summary>
    public static long ParameterValue(AccessScope scope) => scope.AreaId ?? 0;
}
