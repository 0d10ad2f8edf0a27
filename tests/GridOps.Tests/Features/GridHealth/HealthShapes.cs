using GridOps.Web.Features.Hierarchy;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridOps.Tests.Features.GridHealth;

/// <summary>
/// A hand-made district at 101°E 30°N, 4 × 2 hundredths of a degree, with one blind zone (the north-east
/// cell), one overlap (half a cell) and one sliver gap too thin to be a blind zone.
/// </summary>
internal static class HealthShapes
{
    private static readonly WKTReader Reader = new(new NetTopologySuite.NtsGeometryServices(new PrecisionModel(), 4326));

    /// <summary>A 0.01° × 0.01° cell at 30°N on the WGS-84 ellipsoid: 964.9 m × 1,108.6 m.</summary>
    public const double CellSquareMeters = 964.9 * 1_108.6;

    public static IReadOnlyList<AreaDraft> Build()
    {
        var district = Multi(Box(0, 0, 4, 2));
        return
        [
            new AreaDraft("H", "体检区", AreaLevel.District, null, district),
            new AreaDraft("H1", "体检街道", AreaLevel.Street, "H", district),
            new AreaDraft("H1-1", "体检社区", AreaLevel.Community, "H1", district),
            Grid("H1-1-1", Box(0, 0, 2, 1)),
            Grid("H1-1-2", Box(2.00005, 0, 4, 1)),    // a 5 m sliver between it and H1-1-1
            Grid("H1-1-3", Box(0, 1, 1.5, 2)),
            Grid("H1-1-4", Box(1, 1, 3, 2)),          // overlaps H1-1-3 over x 1 … 1.5; x 3 … 4 is nobody's
        ];
    }

    /// <summary>The same district with H1-1-4 widened to close the blind zone.</summary>
    public static IReadOnlyList<AreaDraft> Repaired() =>
        [.. Build().Select(a => a.Code == "H1-1-4" ? a with { Boundary = Multi(Box(1, 1, 4, 2)) } : a)];

    private static AreaDraft Grid(string code, string wkt) => new(code, $"网格{code[^1]}", AreaLevel.Grid, "H1-1", Multi(wkt), 300);

    private static string Box(double x0, double y0, double x1, double y1) =>
        $"POLYGON (({P(x0, y0)}, {P(x1, y0)}, {P(x1, y1)}, {P(x0, y1)}, {P(x0, y0)}))";

    private static string P(double x, double y) => FormattableString.Invariant($"{101 + x / 100} {30 + y / 100}");

    private static MultiPolygon Multi(string wkt)
    {
        var polygon = (Polygon)Reader.Read(wkt);
        return new MultiPolygon([polygon], polygon.Factory) { SRID = 4326 };
    }
}
