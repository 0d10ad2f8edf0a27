using GridOps.Web.Data;
using GridOps.Web.Features.Hierarchy;
using Microsoft.EntityFrameworkCore;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GridOps.Bench;

/// <summary>
/// The single-point locate written as one EF Core query with the NetTopologySuite translation
/// (<c>Intersects</c>, <c>Contains</c>), answering what <c>LocateQueries.LocateAsync</c>'s hand-written
/// SQL answers: the grid (a point on a shared border goes to the grid that contains it, then the
/// smaller code), its micro-grid and its ancestors. For issue 16's "EF vs SQL on the hot path".
/// </summary>
internal sealed class EfLocate(IDbContextFactory<GridOpsDbContext> contexts)
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>Over the app's own data source and EF configuration.</summary>
    public static EfLocate Over(NpgsqlDataSource dataSource)
    {
        var options = new DbContextOptionsBuilder<GridOpsDbContext>();
        DataModule.Configure(options, dataSource);
        return new EfLocate(new Microsoft.EntityFrameworkCore.Infrastructure.PooledDbContextFactory<GridOpsDbContext>(options.Options));
    }

    public async Task<(string Grid, string? Micro, int Ancestors)?> LocateAsync(double lon, double lat)
    {
        var point = Factory.CreatePoint(new Coordinate(lon, lat));
        await using var context = await contexts.CreateDbContextAsync();
        var found = await context.Areas.AsNoTracking()
            .Where(a => a.Level == AreaLevel.Grid && a.RetiredAt == null && a.Boundary.Intersects(point))
            .OrderByDescending(a => a.Boundary.Contains(point)).ThenBy(a => EF.Functions.Collate(a.Code, "C"))
            .Select(a => new
            {
                a.Code,
                Micro = context.Areas
                    .Where(m => m.Level == AreaLevel.MicroGrid && m.RetiredAt == null && m.ParentId == a.Id && m.Boundary.Intersects(point))
                    .OrderByDescending(m => m.Boundary.Contains(point)).ThenBy(m => EF.Functions.Collate(m.Code, "C"))
                    .Select(m => m.Code).FirstOrDefault(),
                Ancestors = context.Areas.Where(x => a.AncestorIds.Contains(x.Id)).Select(x => new { x.Level, x.Code, x.Name }).ToList(),
            })
            .FirstOrDefaultAsync();
        return found is null ? null : (found.Code, found.Micro, found.Ancestors.Count);
    }
}
