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

    private const string SingleSql = """
        WITH p AS (SELECT ST_SetSRID(ST_MakePoint($1, $2), 4326) AS g),
        grid AS (
            SELECT a.id, a.code, a.name, a.ancestor_ids FROM areas a, p
            WHERE a.level = 3 AND ST_Intersects(a.boundary, p.g)
            ORDER BY ST_Contains(a.boundary, p.g) DESC, a.code COLLATE "C"
            LIMIT 1),
        micro AS (
            SELECT a.code, a.name FROM areas a, p, grid
            WHERE a.level = 4 AND a.parent_id = grid.id AND ST_Intersects(a.boundary, p.g)
            ORDER BY ST_Contains(a.boundary, p.g) DESC, a.code COLLATE "C"
            LIMIT 1)
        SELECT 3::smallint, code, name FROM grid
        UNION ALL SELECT 4::smallint, code, name FROM micro
        UNION ALL SELECT a.level, a.code, a.name FROM areas a, grid WHERE a.id = ANY (grid.ancestor_ids)
        """;

    // Each point probes the per-level GiST index once; measured against the alternatives in bench/.
    private const string BatchSql = """
        SELECT pts.ord, grid.code, grid.name, grid.ancestor_ids, micro.code, micro.name
        FROM (
            SELECT t.ord, ST_SetSRID(ST_MakePoint(t.x, t.y), 4326) AS g
            FROM unnest($1::float8[], $2::float8[]) WITH ORDINALITY AS t (x, y, ord)) pts
        CROSS JOIN LATERAL (
            SELECT a.id, a.code, a.name, a.ancestor_ids FROM areas a
            WHERE a.level = 3 AND ST_Intersects(a.boundary, pts.g)
            ORDER BY ST_Contains(a.boundary, pts.g) DESC, a.code COLLATE "C"
            LIMIT 1) grid
        LEFT JOIN LATERAL (
            SELECT a.code, a.name FROM areas a
            WHERE a.level = 4 AND a.parent_id = grid.id AND ST_Intersects(a.boundary, pts.g)
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
        var ancestors = new List<AreaRef>(3);
        while (await reader.ReadAsync(cancellationToken))
        {
            var area = new AreaRef(reader.GetString(1), reader.GetString(2), (AreaLevel)reader.GetInt16(0));
            switch (area.Level)
            {
                case AreaLevel.Grid: grid = area; break;
                case AreaLevel.MicroGrid: micro = area; break;
                default: ancestors.Add(area); break;
            }
        }

        return grid is null ? null : Location.From(grid, micro, ancestors);
    }

    /// <summary>Locations of many WGS-84 points, in input order; null where a point is in no grid.</summary>
    public async Task<Location?[]> LocateManyAsync(IReadOnlyList<(double Lon, double Lat)> points, CancellationToken cancellationToken)
    {
        var results = new Location?[points.Count];
        if (points.Count == 0)
        {
            return results;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var found = new List<(int Index, AreaRef Grid, long[] Ancestors, AreaRef? Micro)>(points.Count);
        await using (var command = new NpgsqlCommand(BatchSql, connection))
        {
            command.Parameters.Add(new NpgsqlParameter<double[]> { TypedValue = points.Select(p => p.Lon).ToArray() });
            command.Parameters.Add(new NpgsqlParameter<double[]> { TypedValue = points.Select(p => p.Lat).ToArray() });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var grid = new AreaRef(reader.GetString(1), reader.GetString(2), AreaLevel.Grid);
                var micro = reader.IsDBNull(4) ? null : new AreaRef(reader.GetString(4), reader.GetString(5), AreaLevel.MicroGrid);
                found.Add(((int)reader.GetInt64(0) - 1, grid, reader.GetFieldValue<long[]>(3), micro));
            }
        }

        var ancestors = await LoadAreasAsync(connection, found.SelectMany(f => f.Ancestors).Distinct().ToArray(), cancellationToken);
        foreach (var (index, grid, ancestorIds, micro) in found)
        {
            results[index] = Location.From(grid, micro, ancestorIds.Select(id => ancestors[id]));
        }

        return results;
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
