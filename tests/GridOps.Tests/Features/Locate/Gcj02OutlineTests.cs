using System.Text.Json;
using GridOps.TestSupport;
using GridOps.Web.Features.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Operation.Distance;
using NetTopologySuite.Operation.Union;

namespace GridOps.Tests.Features.Locate;

/// <summary>The official district outline ships in GCJ-02; converted, it must meet the WGS-84 streets.</summary>
public sealed class Gcj02OutlineTests
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    [Fact]
    public void HangzhouOutline_ConvertedFromGcj02_LiesWithinTensOfMetresOfTheStreets()
    {
        var streets = UnaryUnionOp.Union(ReadPolygons("street.geojson", CoordinateSystem.Wgs84));
        var outline = ReadPolygons("district_outline_gcj02.geojson", CoordinateSystem.Gcj02);
        var raw = ReadPolygons("district_outline_gcj02.geojson", CoordinateSystem.Wgs84);

        var converted = MedianGapMetres(outline, streets.Boundary);
        var unconverted = MedianGapMetres(raw, streets.Boundary);

        // "Within tens of metres": the outline's coarse vertices sit a median ~34 m from the streets' edges.
        Assert.True(converted < 50, $"converted outline is a median {converted:F1} m from the streets");
        Assert.True(unconverted > 200, $"unconverted outline should be far off, was {unconverted:F1} m");
    }

    private static double MedianGapMetres(List<Geometry> outline, Geometry streetBoundary)
    {
        var gaps = outline.SelectMany(p => p.Coordinates)
            .Select(c =>
            {
                var nearest = DistanceOp.NearestPoints(Factory.CreatePoint(c), streetBoundary)[1];
                return CoordinateConversionTests.Metres(c.X, c.Y, nearest.X, nearest.Y);
            })
            .Order().ToList();
        return gaps[gaps.Count / 2];
    }

    private static List<Geometry> ReadPolygons(string file, CoordinateSystem system)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(SharedData.HangzhouFolder, file)));
        var result = new List<Geometry>();
        foreach (var feature in document.RootElement.GetProperty("features").EnumerateArray())
        {
            var geometry = feature.GetProperty("geometry");
            var polygons = geometry.GetProperty("type").GetString() == "Polygon"
                ? [geometry.GetProperty("coordinates")]
                : geometry.GetProperty("coordinates").EnumerateArray().ToList();
            foreach (var polygon in polygons)
            {
                var shell = polygon[0].EnumerateArray().Select(p =>
                {
                    var (lon, lat) = CoordinateConversion.ToWgs84(system, p[0].GetDouble(), p[1].GetDouble());
                    return new Coordinate(lon, lat);
                }).ToArray();
                result.Add(Factory.CreatePolygon(shell).Buffer(0));
            }
        }

        return result;
    }
}
