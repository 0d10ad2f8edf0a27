using GridOps.Web.Data;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.Incidents;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridOps.Web.Features.GridHealth;

/// <summary>
/// The grid-health questions PostGIS answers over the current grids: blind zones (the territory minus
/// the union of its grids), overlaps (pairs of grids whose interiors meet), grids reaching beyond
/// their district, empty grids and overloaded grids. Slivers below the configured areas are digitising noise and are left out.
/// </summary>
public sealed class GridHealthQueries(NpgsqlDataSource dataSource, IOptions<GridHealthOptions> options)
{
    // The territory is the scope's area, or every district: its blind zones are what no grid covers.
    internal static readonly string BlindZonesSql = $"""
        WITH territory AS (
            SELECT t.id, t.boundary FROM areas t
            WHERE t.retired_at IS NULL AND CASE WHEN $1 = 0 THEN t.level = {Stored.As(AreaLevel.District)} ELSE t.id = $1 AND t.level < {Stored.As(AreaLevel.Grid)} END),
        covered AS (
            SELECT t.id, ST_Union(g.boundary) AS u
            FROM territory t JOIN areas g ON g.level = {Stored.As(AreaLevel.Grid)} AND g.retired_at IS NULL AND g.boundary && t.boundary
            GROUP BY t.id),
        gaps AS (
            SELECT (ST_Dump(CASE WHEN c.u IS NULL THEN t.boundary ELSE ST_Difference(t.boundary, c.u) END)).geom AS geom
            FROM territory t LEFT JOIN covered c ON c.id = t.id),
        measured AS (
            SELECT geom, ST_Area(geom::geography) AS m2, ST_PointOnSurface(geom) AS p FROM gaps WHERE ST_Dimension(geom) = 2)
        SELECT m.m2, ST_X(m.p), ST_Y(m.p), ST_AsGeoJSON(m.geom, 6),
               (SELECT s.name FROM areas s WHERE s.level = {Stored.As(AreaLevel.Street)} AND s.retired_at IS NULL AND ST_Intersects(s.boundary, m.p) ORDER BY s.id LIMIT 1),
               (SELECT c.name FROM areas c WHERE c.level = {Stored.As(AreaLevel.Community)} AND c.retired_at IS NULL AND ST_Intersects(c.boundary, m.p) ORDER BY c.id LIMIT 1)
        FROM measured m WHERE m.m2 >= $2
        ORDER BY m.m2 DESC
        """;

    internal static string OverlapsSql(string scope, bool qualify = false) => $"""
        SELECT {AreaCodes.ShownSql("a", qualify)}, a.name, {AreaCodes.ShownSql("b", qualify)}, b.name, ST_Area(x.geom::geography) AS m2, ST_X(p.p), ST_Y(p.p), ST_AsGeoJSON(x.geom, 6)
        FROM areas a
        JOIN areas b ON b.level = {Stored.As(AreaLevel.Grid)} AND b.retired_at IS NULL AND a.id < b.id AND a.boundary && b.boundary
        CROSS JOIN LATERAL (SELECT ST_CollectionExtract(ST_Intersection(a.boundary, b.boundary), 3) AS geom) x
        CROSS JOIN LATERAL (SELECT ST_PointOnSurface(x.geom) AS p) p
        WHERE a.level = {Stored.As(AreaLevel.Grid)} AND a.retired_at IS NULL AND ST_Relate(a.boundary, b.boundary, 'T********')
            AND ({scope.Replace("{g}", "a", StringComparison.Ordinal)} OR {scope.Replace("{g}", "b", StringComparison.Ordinal)})
            AND NOT ST_IsEmpty(x.geom) AND ST_Area(x.geom::geography) >= $2
        ORDER BY m2 DESC
        """;

    // Grids reaching past their district's boundary: checked only where a grid is not covered by it.
    internal static string BeyondSql(string scope, bool qualify = false) => $"""
        SELECT {AreaCodes.ShownSql("g", qualify)}, g.name, ST_Area(x.geom::geography) AS m2, ST_X(p.p), ST_Y(p.p), ST_AsGeoJSON(x.geom, 6)
        FROM areas g
        JOIN areas d ON d.id = g.ancestor_ids[1]
        CROSS JOIN LATERAL (SELECT ST_CollectionExtract(ST_Difference(g.boundary, d.boundary), 3) AS geom) x
        CROSS JOIN LATERAL (SELECT ST_PointOnSurface(x.geom) AS p) p
        WHERE g.level = {Stored.As(AreaLevel.Grid)} AND g.retired_at IS NULL AND {scope.Replace("{g}", "g", StringComparison.Ordinal)}
            AND NOT ST_CoveredBy(g.boundary, d.boundary) AND NOT ST_IsEmpty(x.geom) AND ST_Area(x.geom::geography) >= $2
        ORDER BY m2 DESC
        """;

    internal static string LoadsSql(string scope, bool qualify = false) => $"""
        WITH staffed AS (
            SELECT CASE WHEN x.level = {Stored.As(AreaLevel.MicroGrid)} THEN x.parent_id ELSE x.id END AS grid_id, count(DISTINCT sa.staff_id) AS staff,
                   count(*) FILTER (WHERE sa.role IN ({Stored.List(StaffRole.FullTimeWorker, StaffRole.PartTimeWorker)}) AND x.level = {Stored.As(AreaLevel.Grid)}) AS workers
            FROM staff_assignments sa JOIN areas x ON x.id = sa.area_id
            WHERE x.level IN ({Stored.List(AreaLevel.Grid, AreaLevel.MicroGrid)})
            GROUP BY 1),
        open AS (SELECT i.grid_id, count(*) AS n FROM incidents i WHERE {Incidents.IncidentStates.OpenSql} AND i.grid_id IS NOT NULL GROUP BY i.grid_id),
        micro AS (SELECT parent_id, count(*) AS n FROM areas WHERE level = {Stored.As(AreaLevel.MicroGrid)} AND retired_at IS NULL GROUP BY parent_id),
        loads AS (
            SELECT g.id, {AreaCodes.ShownSql("g", qualify)} AS code, g.name, c.name AS community, g.households, coalesce(s.staff, 0) AS staff, coalesce(s.workers, 0) AS workers,
                   coalesce(o.n, 0) AS open, coalesce(m.n, 0) AS micros, g.boundary
            FROM areas g
            LEFT JOIN areas c ON c.id = g.parent_id
            LEFT JOIN staffed s ON s.grid_id = g.id
            LEFT JOIN open o ON o.grid_id = g.id
            LEFT JOIN micro m ON m.parent_id = g.id
            WHERE g.level = {Stored.As(AreaLevel.Grid)} AND g.retired_at IS NULL AND {scope.Replace("{g}", "g", StringComparison.Ordinal)}),
        judged AS (
            SELECT l.*, l.households = 0 AS no_households, l.staff = 0 AS no_staff,
                   l.households > 0 AND l.staff > 0 AND (l.workers = 0 OR l.households::float8 / l.workers > $2) AS households_high,
                   l.open > 0 AND l.staff > 0 AND (l.workers = 0 OR l.open::float8 / l.workers > $3) AS open_high
            FROM loads l)
        SELECT code, name, community, households, staff::int, workers::int, open::int, micros::int,
               no_households, no_staff, households_high, open_high, ST_AsGeoJSON(boundary, 6)
        FROM judged
        WHERE no_households OR no_staff OR households_high OR open_high
        ORDER BY households_high DESC, open_high DESC, code
        """;

    public async Task<GridHealthReport> ComputeAsync(AccessScope scope, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var condition = AreaScopeSql.Inside(scope, "{g}", "$1");
        var territory = scope.IsEverything ? 0 : AreaScopeSql.ParameterValue(scope);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Two districts may both have a grid "1": the whole database reads each with its district, and its links find the right one.
        var qualify = await AreaCodes.QualifiesAsync(connection, scope, cancellationToken);
        var blind = new List<BlindZone>();
        await ReadAsync(connection, BlindZonesSql, [territory, o.MinBlindZoneSquareMeters], r => blind.Add(new BlindZone(blind.Count + 1,
            r.IsDBNull(4) ? null : r.GetString(4), r.IsDBNull(5) ? null : r.GetString(5), r.GetDouble(0), r.GetDouble(1), r.GetDouble(2), r.GetString(3))), cancellationToken);
        var overlaps = new List<GridOverlap>();
        await ReadAsync(connection, OverlapsSql(condition, qualify), [AreaScopeSql.ParameterValue(scope), o.MinOverlapSquareMeters], r => overlaps.Add(new GridOverlap(
            r.GetString(0), r.GetString(1), r.GetString(2), r.GetString(3), r.GetDouble(4), r.GetDouble(5), r.GetDouble(6), r.GetString(7))), cancellationToken);
        var beyond = new List<GridBeyond>();
        await ReadAsync(connection, BeyondSql(condition, qualify), [AreaScopeSql.ParameterValue(scope), o.MinOverlapSquareMeters], r => beyond.Add(new GridBeyond(
            r.GetString(0), r.GetString(1), r.GetDouble(2), r.GetDouble(3), r.GetDouble(4), r.GetString(5))), cancellationToken);
        var loads = new List<GridLoad>();
        await ReadAsync(connection, LoadsSql(condition, qualify), [AreaScopeSql.ParameterValue(scope), o.MaxHouseholdsPerWorker, o.MaxOpenIncidentsPerWorker], r =>
        {
            var problems = new List<GridProblem>();
            foreach (var (ordinal, problem) in new[] { (8, GridProblem.NoHouseholds), (9, GridProblem.NoStaff), (10, GridProblem.HouseholdsPerWorker), (11, GridProblem.OpenIncidentsPerWorker) })
            {
                if (r.GetBoolean(ordinal))
                {
                    problems.Add(problem);
                }
            }

            loads.Add(new GridLoad(r.GetString(0), r.GetString(1), r.IsDBNull(2) ? null : r.GetString(2), r.GetInt32(3), r.GetInt32(4), r.GetInt32(5),
                r.GetInt32(6), r.GetInt32(7), problems, r.GetString(12)));
        }, cancellationToken);
        var grids = await CountGridsAsync(connection, condition, scope, cancellationToken);
        return new GridHealthReport(grids, blind, overlaps, beyond, [.. loads.Where(l => l.IsEmpty)], [.. loads.Where(l => l.IsOverloaded)]);
    }

    private static async Task<int> CountGridsAsync(NpgsqlConnection connection, string condition, AccessScope scope, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT count(*)::int FROM areas g WHERE g.level = {Stored.As(AreaLevel.Grid)} AND g.retired_at IS NULL AND {condition.Replace("{g}", "g", StringComparison.Ordinal)}", connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AreaScopeSql.ParameterValue(scope) });
        return (int)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task ReadAsync(NpgsqlConnection connection, string sql, object[] parameters, Action<NpgsqlDataReader> row, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 300 };
        foreach (var value in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            row(reader);
        }
    }
}
