using GridOps.Web.Features.Hierarchy;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;
using NetTopologySuite.Operation.Union;

namespace GridOps.Tests.Features.Locate;

/// <summary>
/// A hand-made district at 100°E 30°N with the awkward cases: a shared border, a hole, a grid in
/// two parts, two overlapping grids and micro-grids. Offsets are in hundredths of a degree.
/// </summary>
internal static class CraftedDistrict
{
    public const double Lon0 = 100.0;
    public const double Lat0 = 30.0;

    private static readonly WKTReader Reader = new(new NetTopologySuite.NtsGeometryServices(new PrecisionModel(), 4326));

    public static (double Lon, double Lat) At(double x, double y) => (Lon0 + x / 100, Lat0 + y / 100);

    public static IReadOnlyList<AreaDraft> Build()
    {
        var grids = new List<AreaDraft>
        {
            Grid("T1-1-1", Box(0, 0, 1, 1)),
            Grid("T1-1-2", Box(1, 0, 2, 1)),                                  // shares x = 1 with T1-1-1
            Grid("T1-1-3", $"POLYGON (({P(0, 1)}, {P(3, 1)}, {P(3, 4)}, {P(0, 4)}, {P(0, 1)}), ({P(1, 2)}, {P(2, 2)}, {P(2, 3)}, {P(1, 3)}, {P(1, 2)}))"),
            Grid("T1-1-5", $"MULTIPOLYGON ((({P(3, 0)}, {P(4, 0)}, {P(4, 1)}, {P(3, 1)}, {P(3, 0)})), (({P(5, 0)}, {P(6, 0)}, {P(6, 1)}, {P(5, 1)}, {P(5, 0)})))"),
            Grid("T1-1-7", Box(10, 0, 11, 1)),
            Grid("T1-1-8", Box(10.5, 0, 11.5, 1)),                            // overlaps T1-1-7
        };
        var micro = new List<AreaDraft>
        {
            new("T1-1-1-1", "西半", AreaLevel.MicroGrid, "T1-1-1", Multi(Box(0, 0, 0.5, 1)), 40),
            new("T1-1-1-2", "东半", AreaLevel.MicroGrid, "T1-1-1", Multi(Box(0.5, 0, 1, 1)), 40),
        };
        var all = Union(grids.Select(g => g.Boundary));
        return
        [
            new AreaDraft("T", "测试区", AreaLevel.District, null, all),
            new AreaDraft("T1", "测试街道", AreaLevel.Street, "T", all),
            new AreaDraft("T1-1", "测试社区", AreaLevel.Community, "T1", all),
            .. grids,
            .. micro,
        ];
    }

    private static AreaDraft Grid(string code, string wkt) => new(code, $"网格{code}", AreaLevel.Grid, "T1-1", Multi(wkt), 300);

    private static string Box(double x0, double y0, double x1, double y1) =>
        $"POLYGON (({P(x0, y0)}, {P(x1, y0)}, {P(x1, y1)}, {P(x0, y1)}, {P(x0, y0)}))";

    private static string P(double x, double y)
    {
        var (lon, lat) = At(x, y);
        return FormattableString.Invariant($"{lon} {lat}");
    }

    private static MultiPolygon Multi(string wkt) => Reader.Read(wkt) switch
    {
        MultiPolygon m => m,
        Polygon p => new MultiPolygon([p], p.Factory),
        var g => throw new ArgumentException(g.GeometryType),
    };

    private static MultiPolygon Union(IEnumerable<MultiPolygon> parts)
    {
        var union = UnaryUnionOp.Union(parts.Cast<Geometry>().ToList());
        var multi = union as MultiPolygon ?? new MultiPolygon([(Polygon)union], union.Factory);
        multi.SRID = 4326;
        return multi;
    }
}
