using GridOps.Web.Data;
using GridOps.Web.Features.Catalogue;
using GridOps.Web.Features.Hierarchy;
using Microsoft.EntityFrameworkCore;

namespace GridOps.Web.Features.Access;

/// <summary>An area as a scope is shown: "name code" and its level.</summary>
public sealed record ScopeArea(string Text, AreaLevel Level);

/// <summary>Turns the codes an administrator types (area code or department code) into a scope.</summary>
public static class ScopeResolver
{
    /// <param name="actor">Whose codes they are: a district's administrator types their district's codes (codes are unique per district).</param>
    public static async Task<AccessScope> ResolveAsync(GridOpsDbContext context, AccessScope actor, AccessRole role, string? areaCode, string? departmentCode,
        Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        areaCode = string.IsNullOrWhiteSpace(areaCode) ? null : areaCode.Trim();
        departmentCode = string.IsNullOrWhiteSpace(departmentCode) ? null : departmentCode.Trim();
        if (role == AccessRole.DepartmentStaff)
        {
            if (departmentCode is null || !await context.Set<Department>().AnyAsync(d => d.Code == departmentCode && d.RetiredAt == null, cancellationToken))
            {
                errors["departmentCode"] = ["Department staff need the code of a current department (not a retired one)."];
            }

            return new AccessScope(null, null, departmentCode);
        }

        if (departmentCode is not null)
        {
            errors["departmentCode"] = ["Only department staff are scoped to a department."];
        }

        if (areaCode is null)
        {
            if (role is AccessRole.Leader or AccessRole.CommunityStaff or AccessRole.GridWorker)
            {
                errors["areaCode"] = ["This role works in one area: give its street, community or grid code."];
            }

            return AccessScope.Everything;
        }

        await context.Database.OpenConnectionAsync(cancellationToken);
        var lookup = await AreaCodes.FindAsync((Npgsql.NpgsqlConnection)context.Database.GetDbConnection(), null, areaCode, actor, null, cancellationToken);
        if (lookup.Area is not { } area)
        {
            errors["areaCode"] = [lookup.Problem(areaCode)];
            return AccessScope.Everything;
        }

        return new AccessScope(area.Id, area.Level, null);
    }

    /// <summary>
    /// Whether an administrator with scope <paramref name="actor"/> may give or manage a principal bound to the area or
    /// department: the whole database may do anything; a district's (or a street's) administrator only principals bound
    /// inside their own area — never one bound to everything (issue 20: a district administrator once could make an
    /// administrator of everything) — and a district's administrator staff of their district's own departments, never of
    /// a shared one, which serves every district.
    /// </summary>
    public static async Task<bool> WithinAsync(GridOpsDbContext context, AccessScope actor, long? areaId, string? departmentCode, CancellationToken cancellationToken)
    {
        if (actor.IsEverything)
        {
            return true;
        }

        if (departmentCode is { } code)
        {
            return actor.AreaLevel == AreaLevel.District && actor.AreaId is { } district
                && await context.Set<Department>().AnyAsync(d => d.Code == code && d.DistrictId == district, cancellationToken);
        }

        if (actor.AreaId is not { } root || departmentCode is not null || areaId is not { } id)
        {
            return false;
        }

        return await context.Set<Area>().AnyAsync(a => a.Id == id && (a.Id == root || a.AncestorIds.Contains(root)), cancellationToken);
    }

    /// <summary>The ids of the areas inside an administrator's scope, as a subquery the users and keys lists filter by in
    /// the database (a district's ids are never loaded); null for everything.</summary>
    public static IQueryable<long>? AreaIdsWithin(GridOpsDbContext context, AccessScope actor) =>
        actor.IsEverything ? null
        : actor.AreaId is { } root ? context.Set<Area>().Where(a => a.Id == root || a.AncestorIds.Contains(root)).Select(a => a.Id)
        : context.Set<Area>().Where(a => false).Select(a => a.Id);

    /// <summary>The codes of the departments a district's administrator manages staff of (their district's own), as a subquery.</summary>
    public static IQueryable<string> OwnDepartmentCodes(GridOpsDbContext context, AccessScope actor) =>
        context.Set<Department>().Where(d => actor.AreaLevel == AreaLevel.District && d.DistrictId == actor.AreaId).Select(d => d.Code);

    public const string OutsideScope = "This area is outside your own scope: give an area within it (only an administrator of the whole database binds people to everything or to a shared department; a district's to its own departments).";

    /// <summary>The areas a page's scopes name, in one query.</summary>
    public static async Task<IReadOnlyDictionary<long, ScopeArea>> AreaNamesAsync(GridOpsDbContext context, IEnumerable<long?> areaIds)
    {
        long[] ids = [.. areaIds.OfType<long>().Distinct()];
        return await context.Set<Area>().AsNoTracking().Where(a => ids.Contains(a.Id))
            .ToDictionaryAsync(a => a.Id, a => new ScopeArea(a.Name + " " + a.Code, a.Level));
    }

    public static async Task<Viewer> ViewerAsync(GridOpsDbContext context, PrincipalKind kind, long id, string name, string displayName,
        AccessRole role, long? areaId, string? departmentCode, CancellationToken cancellationToken)
    {
        AreaLevel? level = areaId is { } a
            ? await context.Set<Area>().Where(x => x.Id == a).Select(x => (AreaLevel?)x.Level).FirstOrDefaultAsync(cancellationToken)
            : null;
        return new Viewer(kind, id, name, displayName, role, new AccessScope(areaId, level, departmentCode));
    }
}
