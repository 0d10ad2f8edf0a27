using System.Text.RegularExpressions;
using GridOps.Web.Data;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Platform.Requests;
using Microsoft.EntityFrameworkCore;

namespace GridOps.Web.Features.Catalogue;

/// <summary>A department as listed: the district it serves by code (none: every district), and whether it is retired.</summary>
public sealed record DepartmentListing(long Id, string Code, string Name, string NameEn, string? District, DateTimeOffset? RetiredAt);

/// <summary>What <c>PUT /api/departments/{code}</c> and the departments page send: the names, the district it serves
/// (a district's code; <c>""</c> serves every district; left out, a department keeps its own, a new one is the adder's
/// district's or shared) and whether it is retired (left out, unchanged; a new one is not).</summary>
public sealed record DepartmentRequest(string? Name, string? NameEn, string? District, bool? Retired);

/// <summary>The outcome of a save: the problems by field (none when stored), whether it was new, the status to answer.</summary>
public sealed record DepartmentSaved(Dictionary<string, string[]> Errors, DepartmentListing? Department, bool Created, int Status);

/// <summary>
/// Departments per district (issue 20, part 7), for the API and the departments page alike: an administrator of the
/// whole database adds, renames and retires any department and says which district it serves; a district's
/// administrator does so for their own district's departments only, and reads the shared ones. Each change is
/// audited in the transaction that makes it.
/// </summary>
public sealed partial class DepartmentEditing(IDbContextFactory<GridOpsDbContext> contexts, CatalogueQueries catalogue, Districts.DistrictZones zones,
    AuditTrail audit, TimeProvider time, PrincipalCache principals)
{
    public const string NotYours = "Only an administrator of the whole database changes a department shared by every district or one of another district.";

    /// <summary>Whether this person may change departments at all (the page shows its forms only to them).</summary>
    public static bool MayEdit(Viewer viewer) =>
        viewer.Can(Capability.EditCatalogue) && (viewer.Scope.IsEverything || (viewer.Scope.AreaLevel == AreaLevel.District && viewer.Scope.DepartmentCode is null));

    /// <summary>Whether this person may change this department (shared and other districts' ones need the whole database).</summary>
    public static bool MayEdit(Viewer viewer, long? districtId) =>
        MayEdit(viewer) && (viewer.Scope.IsEverything || (districtId is { } id && id == viewer.Scope.AreaId));

    /// <summary>The departments this person works with: the shared ones and their district's; every one for the whole
    /// database and for department staff (a department's own staff name it whatever its district).</summary>
    public async Task<IReadOnlyList<DepartmentListing>> ListAsync(Viewer viewer, CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        // A scope below everything lists its district's; an area that is gone lists only the shared ones.
        long? district = viewer.Scope.AreaId is null ? null : await zones.DistrictOfAsync(viewer.Scope.AreaId, cancellationToken) ?? -1;
        var query = context.Set<Department>().AsNoTracking();
        if (district is { } mine)
        {
            query = query.Where(d => d.DistrictId == null || d.DistrictId == mine);
        }

        // Shared first, then by code; a retired one keeps its place (moving it last put another row under the pointer that retired it).
        return await query.OrderBy(d => d.DistrictId != null).ThenBy(d => d.Code)
            .Select(d => new DepartmentListing(d.Id, d.Code, d.Name, d.NameEn,
                context.Set<Area>().Where(a => a.Id == d.DistrictId).Select(a => a.Code).FirstOrDefault(), d.RetiredAt))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The districts the whole database may give a department to (the page's choice), by code.</summary>
    public async Task<IReadOnlyList<(string Code, string Name)>> DistrictsAsync(CancellationToken cancellationToken)
    {
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var districts = await context.Set<Area>().AsNoTracking().Where(a => a.Level == AreaLevel.District && a.RetiredAt == null)
            .OrderBy(a => a.Code).Select(a => new { a.Code, a.Name }).ToListAsync(cancellationToken);
        return [.. districts.Select(d => (d.Code, d.Name))];
    }

    /// <summary>Creates or changes one department: checked field by field, stored with its audit line, or nothing stored.</summary>
    /// <param name="id">The department the page's row is (codes repeat across districts); the API names it by code, read as
    /// <see cref="Existing"/> says.</param>
    public async Task<DepartmentSaved> StoreAsync(string code, DepartmentRequest? request, Viewer actor, CancellationToken cancellationToken, long? id = null)
    {
        var errors = new Dictionary<string, string[]>();
        code = code.Trim();
        if (!MayEdit(actor))
        {
            return Refused(StatusCodes.Status403Forbidden, "code", NotYours);
        }

        if (request is null)
        {
            return Refused(StatusCodes.Status400BadRequest, "body", "Send the department as JSON: {\"name\", \"nameEn\", \"district\", \"retired\"}.");
        }

        Require(errors, "name", request.Name, 50);
        Require(errors, "nameEn", request.NameEn, 100);
        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        // A handful of rows: found in memory, case-insensitively as every other door finds a department ("cg" is CG).
        var sameCode = (await context.Set<Department>().ToListAsync(cancellationToken)).Where(d => string.Equals(d.Code, code, StringComparison.OrdinalIgnoreCase)).ToList();
        var named = request.District is null ? null : await DistrictAsync(context, request.District, actor, errors, cancellationToken);
        var existing = id is { } row ? sameCode.FirstOrDefault(d => d.Id == row) : Existing(sameCode, actor, request.District, named, errors);
        if (id is not null && existing is null)
        {
            return Refused(StatusCodes.Status404NotFound, "code", $"No department '{code}' is listed any more: reload the page.");
        }

        if (existing is null && !CodePattern().IsMatch(code))
        {
            errors["code"] = ["A department's code is 1 to 20 letters, digits, '-' or '_', starting with a letter or digit."];
        }

        // Left out, a department keeps its district; a new one is the adder's district's (the whole database's: shared).
        var district = request.District is not null ? named : existing is not null ? existing.DistrictId : actor.Scope.IsEverything ? null : actor.Scope.AreaId;
        if (existing is not null && !MayEdit(actor, existing.DistrictId))
        {
            // A shared department is read-only to a district (another district's are not found from it: their codes are free here).
            return Refused(StatusCodes.Status403Forbidden, "code", NotYours);
        }

        if (errors.Count > 0)
        {
            return new DepartmentSaved(errors, null, false, StatusCodes.Status400BadRequest);
        }

        // The incidents it worked on: a shared one's in every district, a district's own one's in that district (another
        // district's incidents of the same code are that district's department's).
        if (existing is not null && district is { } target && existing.DistrictId != target
            && await context.Set<Incidents.Incident>().AnyAsync(i => i.InvolvedDepartmentCodes.Contains(existing.Code) && i.DistrictId != target
                && (existing.DistrictId == null || i.DistrictId == existing.DistrictId), cancellationToken))
        {
            // Its staff and its assessment rows would carry another district's incidents into this one.
            return Refused(StatusCodes.Status409Conflict, "district",
                "This department has worked on another district's incidents, so it cannot become one district's: add a new department for that district.");
        }

        var created = existing is null;
        var movedFrom = existing?.DistrictId;
        // A code has one spelling across the database (categories name it, read in each district): a new one takes it.
        var department = existing ?? context.Add(new Department { Code = sameCode.FirstOrDefault()?.Code ?? code, Name = "", NameEn = "" }).Entity;
        var wasRetired = department.RetiredAt is not null;
        department.Name = request.Name!.Trim();
        department.NameEn = request.NameEn!.Trim();
        department.DistrictId = district;
        department.RetiredAt = (request.Retired ?? wasRetired) ? department.RetiredAt ?? time.GetUtcNow() : null;
        var what = created ? "created" : department.RetiredAt is not null && !wasRetired ? "retired" : wasRetired && department.RetiredAt is null ? "restored" : "updated";
        var districtCode = district is { } served ? await context.Set<Area>().Where(a => a.Id == served).Select(a => a.Code).FirstAsync(cancellationToken) : null;
        context.Add(audit.Entry(actor.ActorName, "department-changed", department.Code, $"{what}: {department.Name} / {districtCode ?? "every district"}"));
        try
        {
            await using var transaction = await context.Database.BeginTransactionAsync(cancellationToken);
            await context.SaveChangesAsync(cancellationToken);
            if (!created && movedFrom != district)
            {
                // Its staff and keys go with it: they are bound to its district as well as its code.
                // Their sessions end: a cookie holds the scope it was signed in with.
                await context.Set<User>().Where(u => u.ScopeDepartmentCode == department.Code && u.ScopeAreaId == movedFrom)
                    .ExecuteUpdateAsync(u => u.SetProperty(x => x.ScopeAreaId, district).SetProperty(x => x.SecurityStamp, Guid.NewGuid()), cancellationToken);
                await context.Set<AccessKey>().Where(k => k.ScopeDepartmentCode == department.Code && k.ScopeAreaId == movedFrom)
                    .ExecuteUpdateAsync(k => k.SetProperty(x => x.ScopeAreaId, district), cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            if (!created && movedFrom != district)
            {
                principals.Clear();
            }
        }
        catch (DbUpdateException e) when (e.InnerException is Npgsql.PostgresException { SqlState: Npgsql.PostgresErrorCodes.UniqueViolation })
        {
            // The district (or, for a shared one, some district) has a department of this code, or two administrators
            // added it at once: nothing of it is stored. A code is shared or each district's, never both (migration 0025).
            return Refused(StatusCodes.Status409Conflict, "code",
                district is null ? "A district has its own department with this code: a shared department needs a code no district uses."
                : "This district already has a department with this code, or one shared by every district has it.");
        }

        catalogue.Invalidate();
        var listing = new DepartmentListing(department.Id, department.Code, department.Name, department.NameEn, districtCode, department.RetiredAt);
        return new DepartmentSaved(errors, listing, created, created ? StatusCodes.Status201Created : StatusCodes.Status200OK);
    }

    // Which department a code names for this actor (codes are unique per district, issue 20): a district's administrator
    // their district's own, else the shared one; the whole database the one in the district it names ("" shared), else
    // the only department of that code (so a shared one can be given to a district). Null: a new one.
    private static Department? Existing(List<Department> sameCode, Viewer actor, string? district, long? namedDistrict, Dictionary<string, string[]> errors)
    {
        if (!actor.Scope.IsEverything)
        {
            return sameCode.FirstOrDefault(d => d.DistrictId == actor.Scope.AreaId) ?? sameCode.FirstOrDefault(d => d.DistrictId is null);
        }

        if (district is null && sameCode.Count > 1)
        {
            errors["district"] = [$"Several districts have a department '{sameCode[0].Code}': say which with district (its district's code)."];
            return null;
        }

        return (district is null ? null : sameCode.FirstOrDefault(d => d.DistrictId == namedDistrict))
            ?? sameCode.FirstOrDefault(d => d.DistrictId is null)
            ?? (sameCode.Count == 1 && (district is null || namedDistrict is null) ? sameCode[0] : null);
    }

    // The district a department is to serve: a district's administrator may name only their own (none means theirs);
    // the whole database any current district, or none for every district.
    private static async Task<long?> DistrictAsync(GridOpsDbContext context, string? code, Viewer actor, Dictionary<string, string[]> errors,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(code))
        {
            // "" is every district's: the whole database's to say.
            if (!actor.Scope.IsEverything)
            {
                errors["district"] = ["A district's administrator adds departments to their own district only."];
            }

            return null;
        }

        var trimmed = code.Trim();
        if (trimmed.Length > 64 || StorableText.Problem(trimmed) is not null)
        {
            // Never sent to the database: a broken character cannot even be encoded for the query.
            errors["district"] = ["district is a district's code (letters and digits, at most 64)."];
            return null;
        }

        var id = await context.Set<Area>().Where(a => a.Code == trimmed && a.Level == AreaLevel.District && a.RetiredAt == null)
            .Select(a => (long?)a.Id).FirstOrDefaultAsync(cancellationToken);
        if (id is null || (!actor.Scope.IsEverything && id != actor.Scope.AreaId))
        {
            errors["district"] = [actor.Scope.IsEverything ? $"No current district has the code '{trimmed}'." : "A district's administrator adds departments to their own district only."];
        }

        return id;
    }

    private static DepartmentSaved Refused(int status, string field, string reason) =>
        new(new Dictionary<string, string[]> { [field] = [reason] }, null, false, status);

    private static void Require(Dictionary<string, string[]> errors, string field, string? value, int max)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = [$"{field} is required."];
        }
        else if (value.Trim().Length > max)
        {
            errors[field] = [$"{field} is at most {max} characters."];
        }
        else if (StorableText.Check(errors, field, value) && value.Any(char.IsControl))
        {
            errors[field] = [$"{field} is one line: no line breaks or tabs."];
        }
    }

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_-]{0,19}$")]
    private static partial Regex CodePattern();
}
