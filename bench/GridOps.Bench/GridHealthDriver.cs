using System.Globalization;
using GridOps.TestSupport;
using GridOps.Web.Data;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.GridHealth;
using Microsoft.Extensions.DependencyInjection;
using static GridOps.Bench.ScheduledWorkDriver;

namespace GridOps.Bench;

/// <summary>
/// Grid health at scale (issue 7): the synthetic district's 200,704 micro-grids in 12,544 grids, given
/// households (about 240 a grid), two grid workers per grid, and damage to find — 60 grids shrunk
/// (blind zones), 60 grown (overlaps), 20 pushed past the district's edge, 40 emptied of staff, 30
/// given three times the households (overloaded). The full report
/// (lists, areas, shapes as GeoJSON) is timed against the bare PostGIS of the same questions in the
/// same run: the union-difference for gaps and the self-join for overlaps.
/// </summary>
internal static class GridHealthDriver
{
    private const string BareSql = """
        SELECT (SELECT count(*) FROM (
                   SELECT (ST_Dump(ST_Difference(d.boundary, (SELECT ST_Union(boundary) FROM areas WHERE level = 3)))).geom FROM areas d WHERE d.level = 0) gaps),
               (SELECT count(*) FROM areas a JOIN areas b ON a.id < b.id AND a.boundary && b.boundary
                WHERE a.level = 3 AND b.level = 3 AND ST_Relate(a.boundary, b.boundary, 'T********'))
        """;

    public static async Task RunAsync(int runs)
    {
        var template = await BenchDatabase.EnsureAsync("synthetic");
        var connectionString = await IntakeLoadDriver.FreshCopyAsync(template, "gridops_bench_health");
        await using var app = new GridOpsAppFactory(connectionString) { Settings = new Dictionary<string, string> { ["Alerts:Sweep"] = "false" } };
        app.StartOnLoopback(); // migrates
        await using var dataSource = DataModule.CreateDataSource(connectionString);
        await PrepareAsync(dataSource);
        var health = app.Services.GetRequiredService<GridHealthQueries>();
        var micro = await CountAsync(dataSource, "SELECT count(*) FROM areas WHERE level = 4");
        var grids = await CountAsync(dataSource, "SELECT count(*) FROM areas WHERE level = 3");

        GridHealthReport? report = null;
        var full = new List<double>();
        var bare = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            full.Add(await TimeAsync(async () => report = await health.ComputeAsync(AccessScope.Everything, CancellationToken.None)));
            bare.Add(await TimeAsync(() => ExecuteAsync(dataSource, BareSql)));
        }

        double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"""

            ## Grid health, {micro:N0} micro-grids in {grids:N0} grids (median of {runs})

            | what | ms |
            |---|---|
            | full report: {report!.BlindZones.Count} blind zones, {report.Overlaps.Count} overlaps, {report.Beyond.Count} beyond, {report.Empty.Count} empty, {report.Overloaded.Count} overloaded | {Median(full):F0} |
            | bare PostGIS: union-difference + overlap self-join (counts only) | {Median(bare):F0} |
            | ratio | {Median(full) / Median(bare):F2} |
            """));
    }

    /// <summary>Households, staff and damage, the same every run (fixed choices by id).</summary>
    private static Task PrepareAsync(Npgsql.NpgsqlDataSource dataSource) => ExecuteAsync(dataSource, """
        UPDATE areas SET households = 10 + (id * 7919) % 11 + CASE WHEN parent_id IN (SELECT id FROM areas WHERE level = 3 AND id % 400 = 7 LIMIT 30) THEN 30 ELSE 0 END
        WHERE level = 4;
        UPDATE areas g SET households = s.h FROM (SELECT parent_id, sum(households) h FROM areas WHERE level = 4 GROUP BY parent_id) s WHERE s.parent_id = g.id;
        INSERT INTO staff (real_name_code, name) SELECT 'B' || g.id || '-' || n, '网格员' || n FROM areas g, generate_series(1, 2) n WHERE g.level = 3;
        INSERT INTO staff_assignments (staff_id, area_id, role)
            SELECT s.id, substr(split_part(s.real_name_code, '-', 1), 2)::bigint, 1 + n FROM staff s, LATERAL (SELECT split_part(s.real_name_code, '-', 2)::int AS n) x;
        DELETE FROM staff_assignments WHERE area_id IN (SELECT id FROM areas WHERE level = 3 ORDER BY id OFFSET 100 LIMIT 40);
        UPDATE areas SET boundary = ST_Multi(ST_Buffer(boundary, -0.00004)) WHERE id IN (SELECT id FROM areas WHERE level = 3 AND id % 200 = 11 ORDER BY id LIMIT 60);
        UPDATE areas SET boundary = ST_Multi(ST_Buffer(boundary, 0.00004)) WHERE id IN (SELECT id FROM areas WHERE level = 3 AND id % 200 = 111 ORDER BY id LIMIT 60);
        UPDATE areas SET boundary = ST_Multi(ST_Translate(boundary, -0.0002, 0)) WHERE id IN (SELECT id FROM areas WHERE level = 3 AND ST_XMin(boundary) < 116.0001 ORDER BY id LIMIT 20);
        ANALYZE areas;
        """);

    private static async Task<long> CountAsync(Npgsql.NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        return (long)(await command.ExecuteScalarAsync())!;
    }
}
