using GridOps.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace GridOps.Web.Features.Hierarchy;

public sealed record AreaSummary(string Code, string Name, AreaLevel Level, AreaKind Kind, int Households, int Population);

public sealed record StaffMember(string Name, string RealNameCode, StaffRole Role);

/// <summary>Everything the grid card and the drill-down show about one area.</summary>
public sealed record AreaDetail(
    long Id,
    long DistrictId,
    string DistrictCode,
    AreaSummary Area,
    IReadOnlyList<AreaSummary> Ancestors,
    IReadOnlyList<AreaSummary> Children,
    IReadOnlyList<StaffMember> Staff,
    double[] Bounds,
    double SquareKilometres,
    DateTimeOffset ValidFrom,
    DateTimeOffset? RetiredAt,
    IReadOnlyList<AreaVersion> Versions);

/// <summary>Read-side questions about the hierarchy, for pages and other features.</summary>
public sealed class AreaQueries(IDbContextFactory<GridOpsDbContext> contexts, Npgsql.NpgsqlDataSource dataSource)
{
    public async Task<IReadOnlyList<AreaSummary>> GetDistrictsAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return await db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.District && a.RetiredAt == null).OrderBy(a => a.Code)
            .Select(a => new AreaSummary(a.Code, a.Name, a.Level, a.Kind, a.Households, a.Population))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Where a map with nothing else to show starts: the first district's label point, if any.</summary>
    public async Task<(double Lon, double Lat)?> GetDistrictCentreAsync(CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var point = await db.Areas.AsNoTracking().Where(a => a.Level == AreaLevel.District).OrderBy(a => a.Code)
            .Select(a => a.LabelPoint).FirstOrDefaultAsync(cancellationToken);
        return point is null ? null : (point.X, point.Y);
    }

    /// <summary>The area a code names for this reader (<see cref="AreaCodes"/>): in their district, or, for the whole database, wherever only one district has it.</summary>
    public Task<AreaLookup> FindAsync(string code, Access.AccessScope scope, CancellationToken cancellationToken) =>
        AreaCodes.FindAsync(dataSource, code, scope, null, cancellationToken);

    /// <summary>An area with its people and neighbours, or null when it does not exist, lies outside the scope or the code is in several districts.</summary>
    public async Task<AreaDetail?> GetDetailAsync(string code, Access.AccessScope scope, CancellationToken cancellationToken)
    {
        if ((await FindAsync(code, scope, cancellationToken)).Area is not { } match)
        {
            return null;
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        var area = await db.Areas.AsNoTracking().SingleOrDefaultAsync(a => a.Id == match.Id, cancellationToken);
        // A department's staff are bound to their district only to read its incidents: no area's page opens to them.
        var inScope = scope.IsEverything || (scope.DepartmentCode is null && scope.AreaId is { } root && (area?.Id == root || area?.AncestorIds.Contains(root) == true));
        if (area is null || !inScope)
        {
            return null;
        }

        var ancestors = await db.Areas.AsNoTracking().Where(a => area.AncestorIds.Contains(a.Id)).OrderBy(a => a.Level)
            .Select(a => new AreaSummary(a.Code, a.Name, a.Level, a.Kind, a.Households, a.Population))
            .ToListAsync(cancellationToken);
        var children = await db.Areas.AsNoTracking().Where(a => a.ParentId == area.Id && a.RetiredAt == null).OrderBy(a => a.Code.Length).ThenBy(a => a.Code)
            .Select(a => new AreaSummary(a.Code, a.Name, a.Level, a.Kind, a.Households, a.Population))
            .ToListAsync(cancellationToken);
        var staff = await db.StaffAssignments.AsNoTracking().Where(s => s.AreaId == area.Id)
            .Join(db.Staff, a => a.StaffId, s => s.Id, (a, s) => new { s.Name, s.RealNameCode, a.Role })
            .OrderBy(s => s.Role).ThenBy(s => s.RealNameCode)
            .Select(s => new StaffMember(s.Name, s.RealNameCode, s.Role))
            .ToListAsync(cancellationToken);

        var envelope = area.Boundary.EnvelopeInternal;
        return new AreaDetail(
            area.Id,
            match.DistrictId,
            match.DistrictCode,
            new AreaSummary(area.Code, area.Name, area.Level, area.Kind, area.Households, area.Population),
            ancestors, children, staff,
            [envelope.MinX, envelope.MinY, envelope.MaxX, envelope.MaxY],
            SquareKilometres(area),
            area.ValidFrom,
            area.RetiredAt,
            await AreaVersions.ListAsync(dataSource, area.Id, cancellationToken));
    }

    /// <summary>How a reader's links write the area <paramref name="id"/>: the whole database with its district (<c>XB:1</c>)
    /// when another district has an area of the same code (retired ones too: a code names them as well), a district's
    /// reader as it is; null when there is no such area or it lies in another district than the reader's. A map click
    /// sends the clicked polygon's id, so a grid "1" clicked in one district is never read as another district's "1" (issue 20).</summary>
    public async Task<string?> LinkCodeAsync(long id, Access.AccessScope scope, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT a.code, d.code,
                   EXISTS (SELECT 1 FROM areas o WHERE o.code = a.code AND coalesce(o.ancestor_ids[1], o.id) <> d.id),
                   $2 = 0 OR d.id = (SELECT coalesce(s.ancestor_ids[1], s.id) FROM areas s WHERE s.id = $2)
            FROM areas a JOIN areas d ON d.id = coalesce(a.ancestor_ids[1], a.id)
            WHERE a.id = $1
            """);
        command.Parameters.Add(new Npgsql.NpgsqlParameter<long> { TypedValue = id });
        command.Parameters.Add(new Npgsql.NpgsqlParameter<long> { TypedValue = scope.AreaId ?? 0 });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || !reader.GetBoolean(3))
        {
            return null;
        }

        return scope.IsEverything && reader.GetBoolean(2) ? AreaCodes.Qualify(reader.GetString(1), reader.GetString(0)) : reader.GetString(0);
    }

    /// <summary>Every area a scope covers (the same rule as incident scope) by district and code (codes are unique per
    /// district), or null when it covers everything.</summary>
    public async Task<IReadOnlySet<(long DistrictId, string Code)>?> CodesInScopeAsync(Access.AccessScope scope, CancellationToken cancellationToken)
    {
        if (scope.IsEverything)
        {
            return null;
        }

        await using var command = dataSource.CreateCommand($"SELECT coalesce(a.ancestor_ids[1], a.id), a.code FROM areas a WHERE {Access.AreaScopeSql.Inside(scope, "a", "$1")}");
        command.Parameters.Add(new Npgsql.NpgsqlParameter<long> { TypedValue = Access.AreaScopeSql.ParameterValue(scope) });
        var codes = new HashSet<(long, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            codes.Add((reader.GetInt64(0), reader.GetString(1)));
        }

        return codes;
    }

    /// <summary>The code of the area a scope is bound to; the district's for a district-wide or department scope.</summary>
    public async Task<string?> ScopeAreaCodeAsync(Access.AccessScope scope, CancellationToken cancellationToken)
    {
        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        return scope.AreaId is { } id && !scope.IsEverything
            ? await db.Areas.Where(a => a.Id == id).Select(a => a.Code).SingleOrDefaultAsync(cancellationToken)
            : await db.Areas.Where(a => a.Level == AreaLevel.District && a.RetiredAt == null).OrderBy(a => a.Code).Select(a => a.Code).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Areas whose code or name contains the text, within the scope's area (another district's names stay out of it).</summary>
    public async Task<IReadOnlyList<AreaSummary>> SearchAsync(string text, int limit, Access.AccessScope scope, CancellationToken cancellationToken)
    {
        var term = text.Trim();
        if (term.Length == 0)
        {
            return [];
        }

        await using var db = await contexts.CreateDbContextAsync(cancellationToken);
        // "XB:1", as the whole database writes codes (and its results show them): XB's areas matching "1".
        long? inDistrict = null;
        var separator = term.IndexOf(AreaCodes.Separator, StringComparison.Ordinal);
        var districtCode = separator > 0 ? term[..separator] : null;
        if (districtCode is not null
            && await db.Areas.Where(a => a.Level == AreaLevel.District && a.Code == districtCode).Select(a => (long?)a.Id).FirstOrDefaultAsync(cancellationToken) is { } district)
        {
            (inDistrict, term) = (district, term[(separator + 1)..].Trim());
            if (term.Length == 0)
            {
                return [];
            }
        }

        var pattern = "%" + term.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
        var areas = db.Areas.AsNoTracking();
        if (inDistrict is { } only)
        {
            areas = areas.Where(a => a.Id == only || a.AncestorIds.Contains(only));
        }

        if (scope.AreaId is { } root)
        {
            // The scope's own area, what lies inside it, and the areas above it (a grid worker's breadcrumb).
            var above = await db.Areas.Where(a => a.Id == root).Select(a => a.AncestorIds).SingleOrDefaultAsync(cancellationToken) ?? [];
            areas = areas.Where(a => a.Id == root || a.AncestorIds.Contains(root) || above.Contains(a.Id));
        }

        var found = await areas
            .Where(a => a.RetiredAt == null && (a.Code == term || EF.Functions.ILike(a.Code, pattern) || EF.Functions.ILike(a.Name, pattern)))
            .OrderBy(a => a.Code == term ? 0 : 1).ThenBy(a => a.Level).ThenBy(a => a.Code.Length).ThenBy(a => a.Code)
            .Take(limit)
            .Select(a => new { District = a.AncestorIds.Length > 0 ? a.AncestorIds[0] : a.Id, Summary = new AreaSummary(a.Code, a.Name, a.Level, a.Kind, a.Households, a.Population) })
            .ToListAsync(cancellationToken);
        // The whole database with several districts writes codes with their district, so a found grid "1" links to that
        // district's "1" and not to the choice between them (codes are unique per district, issue 20).
        var districts = found.Count == 0 ? null : await AreaCodes.QualifyingDistrictsAsync(db, scope, cancellationToken);
        return [.. found.Select(f => districts?.GetValueOrDefault(f.District) is { } district ? f.Summary with { Code = AreaCodes.Qualify(district, f.Summary.Code) } : f.Summary)];
    }

    // Planar area scaled by the local size of a degree: within a fraction of a percent at district scale.
    private static double SquareKilometres(Area area)
    {
        var latitude = area.LabelPoint.Y * Math.PI / 180;
        return area.Boundary.Area * 111.320 * Math.Cos(latitude) * 110.540;
    }
}
