using GridOps.Web.Features.Access;

namespace GridOps.Web.Features.Needs;

/// <summary>
/// Which co-building units a person works with (issue 20): their own district's and those shared by every district;
/// all of them for the whole database (and for a department, which serves every district).
/// </summary>
internal static class UnitScopeSql
{
    /// <summary>The condition on <paramref name="alias"/> (co_building_units), with the scope's area id in <paramref name="parameter"/>.</summary>
    public static string Visible(AccessScope scope, string alias, string parameter) => scope.AreaId is null ? "true"
        : $"({alias}.district_id IS NULL OR {alias}.district_id = {DistrictOf(parameter)})";

    /// <summary>The district a new unit is listed in: the lister's, or none (shared) for the whole database.</summary>
    public static string DistrictOf(string parameter) => $"(SELECT coalesce(da.ancestor_ids[1], da.id) FROM areas da WHERE da.id = {parameter})";
}
