using System.Text.Json;
using GridOps.Web.Features.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Geometries.Utilities;
using NetTopologySuite.Operation.Valid;

namespace GridOps.Web.Features.HierarchyImport;

/// <summary>
/// Turns one GeoJSON geometry into a WGS-84 MultiPolygon, or says exactly why it cannot:
/// wrong type, malformed rings, coordinates in the wrong order or system, or invalid shape.
/// </summary>
internal static class GeoJsonGeometryReader
{
    private static readonly GeometryFactory Factory = new(new PrecisionModel(), 4326);

    /// <summary>Reads the geometry; with <paramref name="repair"/> an invalid shape is fixed and described in <paramref name="repaired"/>.</summary>
    public static MultiPolygon Read(JsonElement geometry, CoordinateSystem system, bool repair, out string? repaired)
    {
        repaired = null;
        if (geometry.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException("has no geometry.");
        }

        var type = geometry.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (!geometry.TryGetProperty("coordinates", out var coordinates) || coordinates.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"its {type ?? "geometry"} has no coordinates array.");
        }

        var polygons = type switch
        {
            "Polygon" => [ReadPolygonRings(coordinates)],
            "MultiPolygon" => coordinates.EnumerateArray().Select(ReadPolygonRings).ToList(),
            _ => throw new FormatException($"is a {type ?? "geometry of unknown type"}; areas must be Polygon or MultiPolygon."),
        };

        var all = polygons.SelectMany(p => p).SelectMany(r => r).ToList();
        if (all.Count == 0)
        {
            throw new FormatException("is empty.");
        }

        CheckCoordinateSystem(all);
        if (system != CoordinateSystem.Wgs84)
        {
            foreach (var c in all)
            {
                // Checked after conversion too: a BD-09 (-180, -90) lands beyond the pole, which every later transform refuses.
                (c.X, c.Y) = CoordinateConversion.TryToWgs84(system, c.X, c.Y, out var offEarth)
                    ?? throw new FormatException($"has a vertex that is not on Earth: {offEarth}");
            }
        }

        var multi = Factory.CreateMultiPolygon(polygons.Select(BuildPolygon).ToArray());
        var validation = new IsValidOp(multi).ValidationError;
        if (validation is null)
        {
            return multi;
        }

        var problem = $"{validation.Message} near ({validation.Coordinate?.X:F7}, {validation.Coordinate?.Y:F7})";
        if (!repair)
        {
            throw new FormatException($"is not a valid polygon: {problem}. Fix it, or set \"repair\": true in the mapping.");
        }

        return Repair(multi, problem, out repaired);
    }

    // GeometryFixer keeps every part of the shape (a bow-tie becomes two triangles); the report
    // states the change in area so a reviewer can judge the fix.
    private static MultiPolygon Repair(MultiPolygon invalid, string problem, out string repaired)
    {
        var fixedGeometry = GeometryFixer.Fix(invalid);
        var polygons = Enumerable.Range(0, fixedGeometry.NumGeometries).Select(fixedGeometry.GetGeometryN).OfType<Polygon>().ToArray();
        if (polygons.Length == 0)
        {
            throw new FormatException($"is not a valid polygon ({problem}) and cannot be repaired.");
        }

        var result = Factory.CreateMultiPolygon(polygons);
        var change = (result.Area - invalid.Area) / result.Area;
        repaired = $"repaired {problem}; the area changed by {change:P2}.";
        return result;
    }

    private static List<Coordinate[]> ReadPolygonRings(JsonElement polygon)
    {
        if (polygon.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("a polygon is not an array of rings.");
        }

        var rings = new List<Coordinate[]>();
        foreach (var ring in polygon.EnumerateArray())
        {
            if (ring.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("a ring is not an array of positions.");
            }

            var positions = ring.EnumerateArray().Select(ReadPosition).ToArray();
            if (positions.Length == 0)
            {
                // An empty ring would silently turn the next hole into the outer ring.
                throw new FormatException("has an empty ring.");
            }

            if (positions.Length < 4)
            {
                throw new FormatException($"a ring has {positions.Length} positions; a closed ring needs at least 4.");
            }

            if (!positions[0].Equals2D(positions[^1]))
            {
                throw new FormatException("a ring is not closed: its last position differs from its first.");
            }

            rings.Add(positions);
        }

        return rings;
    }

    private static Coordinate ReadPosition(JsonElement position)
    {
        if (position.ValueKind != JsonValueKind.Array || position.GetArrayLength() < 2
            || position[0].ValueKind != JsonValueKind.Number || position[1].ValueKind != JsonValueKind.Number)
        {
            throw new FormatException($"a position is not [longitude, latitude]: {Shorten(position.GetRawText())}.");
        }

        return new Coordinate(position[0].GetDouble(), position[1].GetDouble());
    }

    private static void CheckCoordinateSystem(List<Coordinate> all)
    {
        if (all.Any(c => !double.IsFinite(c.X) || !double.IsFinite(c.Y)))
        {
            throw new FormatException("has a coordinate that is not a finite number.");
        }

        if (all.Any(c => Math.Abs(c.X) > 1000 || Math.Abs(c.Y) > 1000))
        {
            throw new FormatException("has coordinates in metres (a projected system such as EPSG:3857 or a Gauss-Krüger zone); convert to WGS-84 longitude/latitude first.");
        }

        // Chinese longitudes are 73–135 and latitudes 18–54: the reverse pattern is a swapped pair.
        if (all.All(c => c.X is >= 15 and <= 56 && c.Y is >= 70 and <= 140))
        {
            throw new FormatException("has coordinates in latitude, longitude order; GeoJSON positions are [longitude, latitude].");
        }

        if (all.Any(c => Math.Abs(c.X) > 180 || Math.Abs(c.Y) > 90))
        {
            throw new FormatException("has coordinates outside longitude −180…180 / latitude −90…90.");
        }
    }

    private static Polygon BuildPolygon(List<Coordinate[]> rings)
    {
        if (rings.Count == 0)
        {
            throw new FormatException("has a polygon with no rings.");
        }

        var shell = Factory.CreateLinearRing(rings[0]);
        var holes = rings.Skip(1).Select(Factory.CreateLinearRing).ToArray();
        return Factory.CreatePolygon(shell, holes);
    }

    private static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
