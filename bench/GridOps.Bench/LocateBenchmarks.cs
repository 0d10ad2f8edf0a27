using BenchmarkDotNet.Attributes;
using GridOps.Web.Data;
using GridOps.Web.Features.Locate;
using Npgsql;

namespace GridOps.Bench;

/// <summary>
/// Point → grid lookups: PostGIS single and batch against the in-process NTS STRtree baseline,
/// on the demo district and on a synthetic district of 200,704 micro-grids; the single-point path also
/// as one EF Core query with the NetTopologySuite translation.
/// </summary>
[MemoryDiagnoser]
public class LocateBenchmarks
{
    private const int BatchSize = 100_000;
    private const int SingleCount = 1_000;
    private NpgsqlDataSource _dataSource = null!;
    private LocateQueries _postgis = null!;
    private InProcessLocator _inProcess = null!;
    private EfLocate _ef = null!;
    private (double Lon, double Lat)[] _points = [];

    [Params("demo", "synthetic")]
    public string District { get; set; } = "demo";

    [GlobalSetup]
    public void Setup()
    {
        var connectionString = BenchDatabase.EnsureAsync(District).GetAwaiter().GetResult();
        _dataSource = DataModule.CreateDataSource(connectionString);
        _postgis = new LocateQueries(_dataSource);
        _inProcess = InProcessLocator.LoadAsync(_dataSource, level: 4).GetAwaiter().GetResult();
        _ef = EfLocate.Over(_dataSource);
        _points = RandomPointsInside(_dataSource, BatchSize);
    }

    [GlobalCleanup]
    public void Cleanup() => _dataSource.Dispose();

    [Benchmark(Baseline = true, Description = "NTS STRtree in process, 100k points")]
    public int InProcess_Batch()
    {
        var found = 0;
        foreach (var (lon, lat) in _points)
        {
            found += _inProcess.Locate(lon, lat) is null ? 0 : 1;
        }

        return found;
    }

    [Benchmark(Description = "PostGIS batch, 100k points, polygons walk a point index")]
    public async Task<int> PostGis_Batch_PolygonWalk() => (await _postgis.LocateByPolygonWalkAsync(_points, CancellationToken.None)).Count(l => l is not null);

    [Benchmark(Description = "PostGIS batch, 100k points, each point probes the polygon index")]
    public async Task<int> PostGis_Batch_PointProbe() => (await _postgis.LocateByPointProbeAsync(_points, CancellationToken.None)).Count(l => l is not null);

    [Benchmark(Description = "PostGIS single, 1k sequential queries")]
    public async Task<int> PostGis_Single()
    {
        var found = 0;
        for (var i = 0; i < SingleCount; i++)
        {
            found += await _postgis.LocateAsync(_points[i].Lon, _points[i].Lat, CancellationToken.None) is null ? 0 : 1;
        }

        return found;
    }

    [Benchmark(Description = "EF Core + NTS translation single, 1k sequential queries")]
    public async Task<int> EfCore_Single()
    {
        var found = 0;
        for (var i = 0; i < SingleCount; i++)
        {
            found += await _ef.LocateAsync(_points[i].Lon, _points[i].Lat) is null ? 0 : 1;
        }

        return found;
    }

    /// <summary>Uniform random points over the district, each inside some grid.</summary>
    internal static (double Lon, double Lat)[] RandomPointsInside(NpgsqlDataSource dataSource, int count)
    {
        using var command = dataSource.CreateCommand("SELECT ST_XMin(boundary), ST_YMin(boundary), ST_XMax(boundary), ST_YMax(boundary) FROM areas WHERE level = 0");
        using var reader = command.ExecuteReader();
        reader.Read();
        var (x0, y0, x1, y1) = (reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3));
        var random = new Random(7);
        var points = new List<(double, double)>(count);
        var inside = InProcessLocator.LoadAsync(dataSource, level: 0).GetAwaiter().GetResult();
        while (points.Count < count)
        {
            var p = (x0 + random.NextDouble() * (x1 - x0), y0 + random.NextDouble() * (y1 - y0));
            if (inside.Locate(p.Item1, p.Item2) is not null)
            {
                points.Add(p);
            }
        }

        return [.. points];
    }
}
