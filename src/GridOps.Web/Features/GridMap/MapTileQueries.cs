using GridOps.Web.Data;
using System.Globalization;
using GridOps.Web.Features.Hierarchy;
using Npgsql;

namespace GridOps.Web.Features.GridMap;

/// <summary>A label the map may draw: where, what, and how wide its area is.</summary>
public sealed record MapLabel(string Code, string Name, double Lon, double Lat, double Width);

/// <summary>
/// Vector tiles of the hierarchy made by PostGIS (ST_AsMVT) and label points per viewport.
/// Tiles were chosen over GeoJSON per viewport by measurement: docs/decisions/004.
/// </summary>
public sealed class MapTileQueries(NpgsqlDataSource dataSource, TimeProvider time)
{
    /// <summary>Micro-grids are only worth drawing from this zoom on.</summary>
    public const int MicroGridMinZoom = 14;

    // Two layers: polygons clipped exactly at the tile edge for fills (a buffer would overlap the
    // neighbour's translucent fill and draw a dark seam), and boundaries as lines with a buffer
    // for the outlines (so no artificial clip edge is ever stroked).
    private static readonly string TileSql = $"""
        WITH bounds AS (SELECT ST_TileEnvelope($1, $2, $3) AS merc),
        box AS (SELECT merc, ST_Transform(merc, 4326) AS wgs FROM bounds),
        picked AS (
            SELECT a.id, a.code, a.name, a.level,
                   -- Colour by street: a street's own id, or its descendants' second ancestor.
                   (COALESCE(CASE WHEN a.level = {Stored.As(AreaLevel.Street)} THEN a.id END, a.ancestor_ids[2], a.id) % 10)::int AS palette,
                   COALESCE(CASE WHEN a.level = {Stored.As(AreaLevel.Street)} THEN a.id END, a.ancestor_ids[2], a.id) AS street_id,
                   ST_Transform(a.boundary, 3857) AS merc_boundary
            FROM areas a, box
            WHERE a.boundary && box.wgs AND a.level BETWEEN 1 AND $4 AND a.retired_at IS NULL),
        fills AS (
            SELECT picked.id AS area_id, picked.code, picked.name, picked.level, picked.palette, street.name AS street,
                   ST_AsMVTGeom(merc_boundary, box.merc, 4096, 0, true) AS geom
            FROM picked JOIN areas street ON street.id = picked.street_id, box WHERE picked.level = {Stored.As(AreaLevel.Grid)}),
        edges AS (
            SELECT id AS area_id, code, level, ST_AsMVTGeom(ST_Boundary(merc_boundary), box.merc, 4096, 16, true) AS geom
            FROM picked, box)
        SELECT (SELECT COALESCE(ST_AsMVT(fills, 'areas', 4096, 'geom'), ''::bytea) FROM fills WHERE geom IS NOT NULL)
            || (SELECT COALESCE(ST_AsMVT(edges, 'edges', 4096, 'geom'), ''::bytea) FROM edges WHERE geom IS NOT NULL)
        """;

    private const string LabelSql = """
        SELECT code, name, ST_X(label_point), ST_Y(label_point), ST_XMax(boundary) - ST_XMin(boundary)
        FROM areas
        WHERE level = $1 AND retired_at IS NULL AND label_point && ST_MakeEnvelope($2, $3, $4, $5, 4326)
        ORDER BY households DESC, code
        LIMIT 3000
        """;

    public async Task<byte[]> TileAsync(int z, int x, int y, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(TileSql);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = z });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = x });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = y });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)(z >= MicroGridMinZoom ? AreaLevel.MicroGrid : AreaLevel.Grid) });
        return await command.ExecuteScalarAsync(cancellationToken) as byte[] ?? [];
    }

    public async Task<IReadOnlyList<MapLabel>> LabelsAsync(AreaLevel level, double[] bbox, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(LabelSql);
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)level });
        foreach (var value in bbox)
        {
            command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = value });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var labels = new List<MapLabel>();
        while (await reader.ReadAsync(cancellationToken))
        {
            labels.Add(new MapLabel(reader.GetString(0), reader.GetString(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetDouble(4)));
        }

        return labels;
    }

    // Widths change only on import and cost a scan of every area: kept for a minute per node.
    private static readonly TimeSpan LevelWidthsLifetime = TimeSpan.FromMinutes(1);
    private CachedWidths? _levelWidths;

    /// <summary>The median width in degrees of each level, so the map knows at which zoom a level's labels fit.</summary>
    public async Task<string> LevelWidthsAsync(CancellationToken cancellationToken)
    {
        if (_levelWidths is { } cached && cached.Until > time.GetUtcNow())
        {
            return cached.Value;
        }

        var value = await ComputeLevelWidthsAsync(cancellationToken);
        _levelWidths = new CachedWidths(value, time.GetUtcNow() + LevelWidthsLifetime);
        return value;
    }

    private async Task<string> ComputeLevelWidthsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT level, percentile_cont(0.5) WITHIN GROUP (ORDER BY ST_XMax(boundary) - ST_XMin(boundary))
            FROM areas WHERE level > {Stored.As(AreaLevel.District)} AND retired_at IS NULL GROUP BY level ORDER BY level
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var parts = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"{reader.GetInt16(0)}:{reader.GetDouble(1):G6}"));
        }

        return string.Join(',', parts);
    }

    // A reference swap, so readers on other threads never see half an update.
    private sealed record CachedWidths(string Value, DateTimeOffset Until);
}
