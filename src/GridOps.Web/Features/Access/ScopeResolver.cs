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
            return await DepartmentScopeAsync(context, actor, areaCode, departmentCode, errors, cancellationToken);
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

    // Department codes are unique per district (issue 20): the code is read among the shared departments and the actor's
    // district's, or in the district named by areaCode (a district's code) when several districts have it. Staff of a
    // district's own department are bound to that district as well; of a shared one, to no area.
    private static async Task<AccessScope> DepartmentScopeAsync(GridOpsDbContext context, AccessScope actor, string? areaCode, string? departmentCode,
        Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        var current = departmentCode is null ? [] : await context.Set<Department>().AsNoTracking()
            .Where(d => d.Code == departmentCode && d.RetiredAt == null)
            .Select(d => new { d.Code, d.DistrictId, District = context.Set<Area>().Where(a => a.Id == d.DistrictId).Select(a => a.Code).FirstOrDefault() })
            .ToListAsync(cancellationToken);
        long? actorDistrict = actor.IsEverything ? null
            : actor.AreaId is { } root ? await context.Set<Area>().Where(a => a.Id == root).Select(a => a.AncestorIds.Length > 0 ? a.AncestorIds[0] : a.Id).FirstOrDefaultAsync(cancellationToken)
            : null;
        var candidates = current.Where(d => actor.IsEverything || d.DistrictId is null || d.DistrictId == actorDistrict)
            .Where(d => areaCode is null || d.District == areaCode || (d.DistrictId is null && current.Count == 1)).ToList();
        if (candidates.Count == 0)
        {
            errors["departmentCode"] = ["Department staff need the code of a current department (not a retired one)."];
            return new AccessScope(null, null, departmentCode);
        }

        if (candidates.Count > 1)
        {
            errors["areaCode"] = [$"Several districts have a department '{departmentCode}': give the district's code as areaCode ({string.Join(", ", candidates.Select(c => c.District))})."];
            return new AccessScope(null, null, departmentCode);
        }

        var department = candidates[0];
        return new AccessScope(department.DistrictId, department.DistrictId is null ? null : AreaLevel.District, department.Code);
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
            // Their own district's department (bound to the district with it), never a shared one.
            return actor.AreaLevel == AreaLevel.District && actor.AreaId is { } district && areaId == district
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
