using NetTopologySuite.Algorithm.Locate;
using NetTopologySuite.Geometries;
using NetTopologySuite.Index.Strtree;
using Npgsql;

namespace GridOps.Bench;

/// <summary>
/// The in-process baseline: every micro-grid (the finest level) in an STRtree, each with an
/// IndexedPointInAreaLocator, as a service that cached the polygons in memory would do it.
/// </summary>
internal sealed class InProcessLocator
{
    private readonly STRtree<(string Code, IPointOnGeometryLocator Locator)> _tree = new();
    private readonly GeometryFactory _factory = new(new PrecisionModel(), 4326);

    public static async Task<InProcessLocator> LoadAsync(NpgsqlDataSource dataSource, int level)
    {
        var locator = new InProcessLocator();
        await using var command = dataSource.CreateCommand($"SELECT code, boundary FROM areas WHERE level = {level}");
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            var boundary = reader.GetFieldValue<MultiPolygon>(1);
            locator._tree.Insert(boundary.EnvelopeInternal, (reader.GetString(0), new IndexedPointInAreaLocator(boundary)));
        }

        locator._tree.Build();
        return locator;
    }

    public string? Locate(double lon, double lat)
    {
        var coordinate = new Coordinate(lon, lat);
        foreach (var (code, locator) in _tree.Query(new Envelope(coordinate)))
        {
            if (locator.Locate(coordinate) != Location.Exterior)
            {
                return code;
            }
        }

        return null;
    }

    public int Count => _tree.Count;
}
