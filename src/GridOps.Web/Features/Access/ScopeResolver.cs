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
    public static async Task<AccessScope> ResolveAsync(GridOpsDbContext context, AccessRole role, string? areaCode, string? departmentCode,
        Dictionary<string, string[]> errors, CancellationToken cancellationToken)
    {
        areaCode = string.IsNullOrWhiteSpace(areaCode) ? null : areaCode.Trim();
        departmentCode = string.IsNullOrWhiteSpace(departmentCode) ? null : departmentCode.Trim();
        if (role == AccessRole.DepartmentStaff)
        {
            if (departmentCode is null || !await context.Set<Department>().AnyAsync(d => d.Code == departmentCode, cancellationToken))
            {
                errors["departmentCode"] = ["Department staff need the code of an existing department."];
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

        var area = await context.Set<Area>().AsNoTracking().Where(a => a.Code == areaCode).Select(a => new { a.Id, a.Level }).FirstOrDefaultAsync(cancellationToken);
        if (area is null)
        {
            errors["areaCode"] = [$"No area has the code '{areaCode}'."];
            return AccessScope.Everything;
        }

        return new AccessScope(area.Id, area.Level, null);
    }

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
