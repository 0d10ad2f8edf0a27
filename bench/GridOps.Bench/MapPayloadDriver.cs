using System.Diagnostics;
using System.Globalization;
using GridOps.Web.Data;
using GridOps.Web.Features.GridMap;

namespace GridOps.Bench;

/// <summary>
/// Vector tiles (ST_AsMVT) against GeoJSON per viewport for the map's whole-district view: bytes
/// sent and server time, both from PostGIS in the same run (docs/decisions/004).
/// </summary>
internal static class MapPayloadDriver
{
    public static async Task RunAsync()
    {
        foreach (var kind in new[] { "demo", "synthetic" })
        {
            var connectionString = await BenchDatabase.EnsureAsync(kind);
            await using var dataSource = DataModule.CreateDataSource(connectionString);
            var tiles = new MapTileQueries(dataSource, TimeProvider.System);
            await using var bboxCommand = dataSource.CreateCommand(
                "SELECT ST_XMin(boundary), ST_YMin(boundary), ST_XMax(boundary), ST_YMax(boundary) FROM areas WHERE level = 0");
            double[] bbox;
            await using (var reader = await bboxCommand.ExecuteReaderAsync())
            {
                await reader.ReadAsync();
                bbox = [reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3)];
            }

            foreach (var zoom in new[] { 13, 15 })
            {
                var (x0, y1) = Tile(bbox[0], bbox[1], zoom);
                var (x1, y0) = Tile(bbox[2], bbox[3], zoom);
                var watch = Stopwatch.StartNew();
                long tileBytes = 0;
                var count = 0;
                for (var x = x0; x <= x1; x++)
                {
                    for (var y = y0; y <= y1; y++)
                    {
                        tileBytes += (await tiles.TileAsync(zoom, x, y, CancellationToken.None)).Length;
                        count++;
                    }
                }

                var tileMs = watch.Elapsed.TotalMilliseconds;
                watch.Restart();
                await using var geojson = dataSource.CreateCommand("""
                    SELECT sum(length(ST_AsGeoJSON(boundary, 7)) + length(code) + length(name) + 40)
                    FROM areas WHERE level BETWEEN 1 AND $1 AND boundary && ST_MakeEnvelope($2, $3, $4, $5, 4326)
                    """);
                geojson.Parameters.AddWithValue(zoom >= MapTileQueries.MicroGridMinZoom ? 4 : 3);
                foreach (var value in bbox)
                {
                    geojson.Parameters.AddWithValue(value);
                }

                var geojsonBytes = Convert.ToInt64(await geojson.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
                var geojsonMs = watch.Elapsed.TotalMilliseconds;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {kind} z{zoom} | {count} tiles: {tileBytes / 1024.0:F0} KiB in {tileMs:F0} ms | GeoJSON: {geojsonBytes / 1024.0:F0} KiB in {geojsonMs:F0} ms | bytes ratio GeoJSON/MVT {(double)geojsonBytes / Math.Max(1, tileBytes):F1} |"));
            }
        }
    }

    private static (int X, int Y) Tile(double lon, double lat, int zoom)
    {
        var n = 1 << zoom;
        var x = (int)((lon + 180) / 360 * n);
        var rad = lat * Math.PI / 180;
        var y = (int)((1 - Math.Log(Math.Tan(rad) + 1 / Math.Cos(rad)) / Math.PI) / 2 * n);
        return (x, y);
    }
}
