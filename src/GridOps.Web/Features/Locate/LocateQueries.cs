using GridOps.Web.Data;
using GridOps.Web.Features.Hierarchy;
using Npgsql;

namespace GridOps.Web.Features.Locate;

/// <summary>
/// "Which grid is this point in", answered by PostGIS. A point on a shared border (or in an
/// overlap) belongs to exactly one grid: a grid whose interior holds the point wins over one
/// that only touches it; among equals the smallest code in byte order wins (docs/decisions/003).
/// </summary>
public sealed class LocateQueries(NpgsqlDataSource dataSource)
{
    public const int MaxBatch = 10_000;

    /// <summary>How far outside every grid a point may be and still be snapped, when its district says nothing (metres).</summary>
    public const double DefaultSnapMetres = 30;

    /// <summary>The most a district may set: beyond it a point is plainly not in the district (metres).</summary>
    public const double MaxSnapMetres = 200;

    // The grid nearest a point that lies in none, if it is within its district's snap tolerance (district_settings,
    // or the default): the roads Chinese grid maps leave between grids, the kerb just beyond a city's outer
    // polygon. A box in degrees of the largest tolerance (wider in longitude by 1/cos(lat)) lets the GiST index
    // find the candidates; the distance itself is on the spheroid, in metres.
    private static string NearestGridSql(string point, string lat) => $"""
        SELECT a.id, a.code, a.name, a.ancestor_ids, n.metres
        FROM areas a
        CROSS JOIN LATERAL (SELECT ST_Distance(a.boundary::geography, ({point})::geography) AS metres) n
        LEFT JOIN district_settings s ON s.district_code = (SELECT d.code FROM areas d WHERE d.id = a.ancestor_ids[1])
        WHERE a.level = {Stored.As(AreaLevel.Grid)} AND a.retired_at IS NULL
          AND ST_DWithin(a.boundary, ({point}), {MaxSnapMetres.ToString(System.Globalization.CultureInfo.InvariantCulture)} / (111320 * greatest(cos(radians({lat})), 0.05)))
          AND n.metres <= COALESCE(s.snap_tolerance_m, {DefaultSnapMetres.ToString(System.Globalization.CultureInfo.InvariantCulture)})
        ORDER BY n.metres, a.code COLLATE "C"
        LIMIT 1
        """;

    // One point: its grid (or the grid it snaps to, with the distance), that grid's micro-grid and every
    // ancestor, as (level, id, code, name, snapped metres) rows.
    private static readonly string SingleSql = $"""
        WITH p AS (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS g),
        inside AS (
            SELECT a.id, a.code, a.name, a.ancestor_ids FROM areas a, p
            WHERE a.level = {Stored.As(AreaLevel.Grid)} AND a.retired_at IS NULL AND ST_Intersects(a.boundary, p.g)
            ORDER BY ST_Contains(a.boundary, p.g) DESC, a.code COLLATE "C"
            LIMIT 1),
        near AS ({NearestGridSql("SELECT g FROM p", "$2")}),
        grid AS (
            SELECT id, code, name, ancestor_ids, NULL::float8 AS snapped FROM inside
            UNION ALL
            SELECT id, code, name, ancestor_ids, metres FROM near WHERE NOT EXISTS (SELECT FROM inside)),
        micro AS (
            SELECT a.id, a.code, a.name FROM areas a, p, grid
            WHERE a.level = {Stored.As(AreaLevel.MicroGrid)} AND a.retired_at IS NULL AND a.parent_id = grid.id AND ST_Intersects(a.boundary, p.g)
            ORDER BY ST_Contains(a.boundary, p.g) DESC, a.code COLLATE "C"
            LIMIT 1)
        SELECT 3::smallint, id, code, name, snapped FROM grid
        UNION ALL SELECT 4::smallint, id, code, name, NULL FROM micro
        UNION ALL SELECT a.level, a.id, a.code, a.name, NULL FROM areas a, grid WHERE a.id = ANY (grid.ancestor_ids)
        """;

    // The points a batch found in no grid, each given its nearest grid within tolerance (few: blind zones, kerbs).
    private static readonly string SnapManySql = $"""
        SELECT pts.ord, near.code, near.name, near.ancestor_ids, near.metres
        FROM unnest($1::float8[], $2::float8[], $3::int8[]) AS pts (x, y, ord)
        CROSS JOIN LATERAL ({NearestGridSql("ST_SetSRID(ST_MakePoint(pts.x, pts.y), 4326)", "pts.y")}) near
        """;

    // Small batches: each point probes the per-level GiST index once.
    private static readonly string PointProbeSql = $"""
        SELECT pts.ord, grid.code, grid.name, grid.ancestor_ids, micro.code, micro.name
        FROM (
            SELECT t.ord, ST_SetSRID(ST_MakePoint(t.x, t.y), 4326) AS g
            FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS t (x, y, ord)) pts
        CROSS JOIN LATERAL (
            SELECT a.id, a.code, a.name, a.ancestor_ids FROM areas a
            WHERE a.level = {Stored.As(AreaLevel.Grid)} AND a.retired_at IS NULL AND ST_Intersects(a.boundary, pts.g)
            ORDER BY ST_Contains(a.boundary, pts.g) DESC, a.code COLLATE "C"
            LIMIT 1) grid
        LEFT JOIN LATERAL (
            SELECT a.code, a.name FROM areas a
            WHERE a.level = {Stored.As(AreaLevel.MicroGrid)} AND a.retired_at IS NULL AND a.parent_id = grid.id AND ST_Intersects(a.boundary, pts.g)
            ORDER BY ST_Contains(a.boundary, pts.g) DESC, a.code COLLATE "C"
            LIMIT 1) micro ON true
        """;

    /// <summary>The location of one WGS-84 point, or null when it lies in no grid.</summary>
    public async Task<Location?> LocateAsync(double lon, double lat, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(SingleSql);
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lon });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lat });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        AreaRef? grid = null;
        AreaRef? micro = null;
        double? snapped = null;
        var ancestors = new List<AreaRef>(3);
        while (await reader.ReadAsync(cancellationToken))
        {
            var area = new AreaRef(reader.GetString(2), reader.GetString(3), (AreaLevel)reader.GetInt16(0));
            switch (area.Level)
            {
                case AreaLevel.Grid: grid = area; snapped = reader.IsDBNull(4) ? null : reader.GetDouble(4); break;
                case AreaLevel.MicroGrid: micro = area; break;
                default: ancestors.Add(area); break;
            }
        }

        return grid is null ? null : Location.From(grid, micro, ancestors, snapped);
    }

    /// <summary>The single-point statement, for a caller that sends it in one round trip with its own statements.</summary>
    public static NpgsqlBatchCommand IdsCommand(double lon, double lat)
    {
        var command = new NpgsqlBatchCommand(SingleSql);
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lon });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lat });
        return command;
    }

    /// <summary>Reads the current result set of an <see cref="IdsCommand"/>; null when the point is in no grid.</summary>
    public static async Task<LocatedIds?> ReadIdsAsync(NpgsqlDataReader reader, CancellationToken cancellationToken)
    {
        var found = new Dictionary<AreaLevel, (long Id, string Code)>();
        double? snapped = null;
        while (await reader.ReadAsync(cancellationToken))
        {
            var level = (AreaLevel)reader.GetInt16(0);
            found[level] = (reader.GetInt64(1), reader.GetString(2));
            if (level == AreaLevel.Grid && !reader.IsDBNull(4))
            {
                snapped = reader.GetDouble(4);
            }
        }

        long? district = found.Remove(AreaLevel.District, out var d) ? d.Id : null;

        if (!found.TryGetValue(AreaLevel.Grid, out var grid))
        {
            return null;
        }

        long? Id(AreaLevel level) => found.TryGetValue(level, out var area) ? area.Id : null;
        return new LocatedIds(grid.Id, Id(AreaLevel.MicroGrid), Id(AreaLevel.Community), Id(AreaLevel.Street),
            found.Values.ToDictionary(a => a.Id, a => a.Code), snapped) { DistrictId = district };
    }

    // Large batches: the points go into an indexed temporary table and every grid and micro-grid
    // polygon walks the point index once, which keeps PostGIS's prepared-polygon cache hot —
    // several times faster than probing per point (docs/benchmarks.md). Containment is computed
    // in the same pass so the tie-break sorts small rows, never geometries.
    private static readonly string PolygonWalkSql = $"""
        WITH grid_hits AS MATERIALIZED (
            SELECT p.ord, a.id, a.code, a.name, a.ancestor_ids, ST_Contains(a.boundary, p.g) AS inside
            FROM areas a JOIN locate_points p ON ST_Intersects(a.boundary, p.g)
            WHERE a.level = {Stored.As(AreaLevel.Grid)} AND a.retired_at IS NULL),
        grid AS (
            SELECT DISTINCT ON (ord) ord, id, code, name, ancestor_ids FROM grid_hits
            ORDER BY ord, inside DESC, code COLLATE "C"),
        micro_hits AS MATERIALIZED (
            SELECT p.ord, a.parent_id, a.code, a.name, ST_Contains(a.boundary, p.g) AS inside
            FROM areas a JOIN locate_points p ON ST_Intersects(a.boundary, p.g)
            WHERE a.level = {Stored.As(AreaLevel.MicroGrid)} AND a.retired_at IS NULL),
        micro AS (
            SELECT DISTINCT ON (m.ord) m.ord, m.code, m.name
            FROM micro_hits m JOIN grid ON grid.ord = m.ord AND grid.id = m.parent_id
            ORDER BY m.ord, m.inside DESC, m.code COLLATE "C")
        SELECT grid.ord, grid.code, grid.name, grid.ancestor_ids, micro.code, micro.name
        FROM grid LEFT JOIN micro ON micro.ord = grid.ord
        """;

    /// <summary>Below this many points the per-point probe wins: no table or index to build.</summary>
    private const int PolygonWalkThreshold = 2_000;

    /// <summary>Locations of many WGS-84 points, in input order; null where a point is in no grid.</summary>
    public Task<Location?[]> LocateManyAsync(IReadOnlyList<(double Lon, double Lat)> points, CancellationToken cancellationToken) =>
        points.Count >= PolygonWalkThreshold ? LocateByPolygonWalkAsync(points, cancellationToken) : LocateByPointProbeAsync(points, cancellationToken);

    internal Task<Location?[]> LocateByPointProbeAsync(IReadOnlyList<(double Lon, double Lat)> points, CancellationToken cancellationToken) =>
        LocateBatchAsync(points, walk: false, cancellationToken);

    internal Task<Location?[]> LocateByPolygonWalkAsync(IReadOnlyList<(double Lon, double Lat)> points, CancellationToken cancellationToken) =>
        LocateBatchAsync(points, walk: true, cancellationToken);

    private async Task<Location?[]> LocateBatchAsync(IReadOnlyList<(double Lon, double Lat)> points, bool walk, CancellationToken cancellationToken)
    {
        var results = new Location?[points.Count];
        if (points.Count == 0)
        {
            return results;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // One snapshot for both statements: a re-import committing in between must not remove the ancestors.
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        var found = new List<(int Index, AreaRef Grid, long[] Ancestors, AreaRef? Micro, double? Snapped)>(points.Count);
        var lons = points.Select(p => p.Lon).ToArray();
        var lats = points.Select(p => p.Lat).ToArray();
        if (walk)
        {
            await using (var load = new NpgsqlCommand("""
                CREATE TEMP TABLE locate_points ON COMMIT DROP AS
                    SELECT t.ord, ST_SetSRID(ST_MakePoint(t.x, t.y), 4326) AS g
                    FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS t (x, y, ord)
                """, connection, transaction))
            {
                load.Parameters.Add(new NpgsqlParameter<double[]> { TypedValue = lons });
                load.Parameters.Add(new NpgsqlParameter<double[]> { TypedValue = lats });
                await load.ExecuteNonQueryAsync(cancellationToken);
            }

            // Sorting 100k small rows must not spill to disk; the planner needs the temp table's size.
            await using var index = new NpgsqlCommand(
                "SET LOCAL work_mem = '64MB'; CREATE INDEX ON locate_points USING gist (g); ANALYZE locate_points;", connection, transaction);
            await index.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var command = new NpgsqlCommand(walk ? PolygonWalkSql : PointProbeSql, connection, transaction))
        {
            if (!walk)
            {
                command.Parameters.Add(new NpgsqlParameter<double[]> { TypedValue = lons });
                command.Parameters.Add(new NpgsqlParameter<double[]> { TypedValue = lats });
            }

            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var grid = new AreaRef(reader.GetString(1), reader.GetString(2), AreaLevel.Grid);
                var micro = reader.IsDBNull(4) ? null : new AreaRef(reader.GetString(4), reader.GetString(5), AreaLevel.MicroGrid);
                found.Add(((int)reader.GetInt64(0) - 1, grid, reader.GetFieldValue<long[]>(3), micro, null));
            }
        }

        await SnapUnlocatedAsync(connection, transaction, points, found, cancellationToken);

        var ancestors = await LoadAreasAsync(connection, found.SelectMany(f => f.Ancestors).Distinct().ToArray(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        foreach (var (index, grid, ancestorIds, micro, snapped) in found)
        {
            results[index] = Location.From(grid, micro, ancestorIds.Select(id => ancestors[id]), snapped);
        }

        return results;
    }

    // The points in no grid get their nearest grid within tolerance, as a single point would.
    private static async Task SnapUnlocatedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<(double Lon, double Lat)> points,
        List<(int Index, AreaRef Grid, long[] Ancestors, AreaRef? Micro, double? Snapped)> found, CancellationToken cancellationToken)
    {
        var located = found.Select(f => f.Index).ToHashSet();
        var missing = Enumerable.Range(0, points.Count).Where(i => !located.Contains(i)).ToArray();
        if (missing.Length == 0)
        {
            return;
        }

        await using var command = new NpgsqlCommand(SnapManySql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<double[]> { TypedValue = [.. missing.Select(i => points[i].Lon)] });
        command.Parameters.Add(new NpgsqlParameter<double[]> { TypedValue = [.. missing.Select(i => points[i].Lat)] });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. missing.Select(i => (long)i)] });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var grid = new AreaRef(reader.GetString(1), reader.GetString(2), AreaLevel.Grid);
            found.Add(((int)reader.GetInt64(0), grid, reader.GetFieldValue<long[]>(3), null, reader.GetDouble(4)));
        }
    }

    private static async Task<Dictionary<long, AreaRef>> LoadAreasAsync(NpgsqlConnection connection, long[] ids, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT id, level, code, name FROM areas WHERE id = ANY ($1)", connection);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = ids });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var areas = new Dictionary<long, AreaRef>(ids.Length);
        while (await reader.ReadAsync(cancellationToken))
        {
            areas[reader.GetInt64(0)] = new AreaRef(reader.GetString(2), reader.GetString(3), (AreaLevel)reader.GetInt16(1));
        }

        return areas;
    }
}
