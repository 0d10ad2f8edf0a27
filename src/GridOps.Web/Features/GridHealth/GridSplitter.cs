using GridOps.Web.Data;
using System.Security.Cryptography;
using System.Text;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Hierarchy;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridOps.Web.Features.GridHealth;

public enum SplitOutcome
{
    Applied,
    NotFound,
    NoMicroGrids,
    BadPartCount,
    Changed,
}

/// <summary>
/// Splits an overloaded grid along its micro-grid boundaries: a preview first (nothing stored), then,
/// from the preview, one transaction that versions the old boundary, shrinks the grid to the first
/// part, creates the other parts as new grids in the same community and moves their micro-grids.
/// Open and past incidents stay with the grid they were located in (docs/grid-health.md).
/// </summary>
public sealed class GridSplitter(NpgsqlDataSource dataSource, IOptions<GridHealthOptions> options, AuditTrail audit, TimeProvider clock)
{
    public const int MaxParts = 6;

    private static readonly string GridSql = $"""
        SELECT g.id, g.code, g.name, c.name, c.code, g.households, g.valid_from, ARRAY[ST_XMin(g.boundary), ST_YMin(g.boundary), ST_XMax(g.boundary), ST_YMax(g.boundary)],
               (SELECT count(*)::int FROM staff_assignments sa WHERE sa.area_id = g.id AND sa.role IN ({Stored.List(StaffRole.FullTimeWorker, StaffRole.PartTimeWorker)}))
        FROM areas g LEFT JOIN areas c ON c.id = g.parent_id
        WHERE g.id = $1 AND g.level = {Stored.As(AreaLevel.Grid)} AND g.retired_at IS NULL
        """;

    private static readonly string CellsSql = $"""
        SELECT m.id, m.code, m.name, m.households, m.population, ST_X(m.label_point), ST_Y(m.label_point), m.valid_from
        FROM areas m WHERE m.parent_id = $1 AND m.level = {Stored.As(AreaLevel.MicroGrid)} AND m.retired_at IS NULL ORDER BY m.code
        """;

    /// <summary>The suggested split, or null when the grid is unknown, out of scope or has fewer than two micro-grids.</summary>
    public async Task<(SplitOutcome Outcome, SplitPreview? Preview)> PreviewAsync(string code, int? parts, AccessScope scope, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        var (outcome, preview, _) = await PreviewAsync(connection, null, code, parts, scope, cancellationToken);
        return (outcome, preview);
    }

    public async Task<(SplitOutcome Outcome, IReadOnlyList<string> Codes)> ApplyAsync(string code, int parts, string fingerprint, Viewer actor, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await HierarchyWriter.LockAsync(connection, transaction, cancellationToken);
        var (outcome, preview, gridId) = await PreviewAsync(connection, transaction, code, parts, actor.Scope, cancellationToken);
        if (outcome != SplitOutcome.Applied)
        {
            return (outcome, []);
        }

        if (!string.Equals(preview!.Fingerprint, fingerprint, StringComparison.Ordinal))
        {
            return (SplitOutcome.Changed, []);
        }

        var now = clock.GetUtcNow();
        var moved = preview.Parts.Skip(1).SelectMany(p => p.MicroGrids).Select(m => m.Id).ToArray();
        await using (var snapshot = new NpgsqlCommand(AreaVersions.SnapshotSql("a.id = $4 OR a.id = ANY ($5)"), connection, transaction))
        {
            AreaVersions.Bind(snapshot, now, actor.ActorName, $"split into {preview.Parts.Count}: {string.Join(", ", preview.Parts.Select(p => p.Code))}");
            snapshot.Parameters.Add(new NpgsqlParameter<long> { TypedValue = gridId });
            snapshot.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = moved });
            await snapshot.ExecuteNonQueryAsync(cancellationToken);
        }

        foreach (var part in preview.Parts.Skip(1))
        {
            await CreatePartAsync(connection, transaction, gridId, part, now, cancellationToken);
        }

        // The grid keeps what the new grids did not take, so the split leaves no gap where micro-grids fall short of the boundary.
        await using (var shrink = new NpgsqlCommand("""
            UPDATE areas g SET boundary = n.b, label_point = ST_PointOnSurface(n.b), households = $3, population = $4, valid_from = $5
            FROM (SELECT ST_Multi(ST_CollectionExtract(ST_Difference(o.boundary, coalesce(
                        (SELECT ST_Union(p.boundary) FROM areas p WHERE p.parent_id = o.parent_id AND p.code = ANY ($2)), 'SRID=4326;POLYGON EMPTY'::geometry)), 3)) AS b
                  FROM areas o WHERE o.id = $1) n
            WHERE g.id = $1
            """, connection, transaction))
        {
            shrink.Parameters.Add(new NpgsqlParameter<long> { TypedValue = gridId });
            shrink.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = [.. preview.Parts.Skip(1).Select(p => p.Code)] });
            shrink.Parameters.Add(new NpgsqlParameter<int> { TypedValue = preview.Parts[0].Households });
            shrink.Parameters.Add(new NpgsqlParameter<int> { TypedValue = preview.Parts[0].MicroGrids.Sum(m => m.Population) });
            shrink.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
            await shrink.ExecuteNonQueryAsync(cancellationToken);
        }

        await audit.WriteAsync(connection, transaction, actor.ActorName, "grid.split", code,
            string.Join("; ", preview.Parts.Select(p => $"{p.Code}: {p.Households} households, {p.MicroGrids.Count} micro-grids")), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (SplitOutcome.Applied, [.. preview.Parts.Select(p => p.Code)]);
    }

    private async Task<(SplitOutcome, SplitPreview?, long GridId)> PreviewAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string code, int? parts,
        AccessScope scope, CancellationToken cancellationToken)
    {
        // The code in the reader's district (codes are unique per district); one the whole database finds in several is no one grid.
        if ((await AreaCodes.FindAsync(connection, transaction, code, scope, null, cancellationToken)).Area is not { Level: AreaLevel.Grid } grid)
        {
            return (SplitOutcome.NotFound, null, 0);
        }

        long gridId;
        string name;
        double[] bounds;
        string? communityName, communityCode;
        int households, workers;
        DateTimeOffset validFrom;
        await using (var command = new NpgsqlCommand(GridSql + " AND " + AreaScopeSql.Inside(scope, "g", "$2"), connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = grid.Id });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AreaScopeSql.ParameterValue(scope) });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            if (!await reader.ReadAsync(cancellationToken))
            {
                return (SplitOutcome.NotFound, null, 0);
            }

            (gridId, name, communityName, communityCode) = (reader.GetInt64(0), reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4));
            (households, validFrom, bounds, workers) = (reader.GetInt32(5), reader.GetFieldValue<DateTimeOffset>(6), reader.GetFieldValue<double[]>(7), reader.GetInt32(8));
        }

        var cells = new List<SplitCell>();
        var stamp = new StringBuilder(FormattableString.Invariant($"{gridId}|{validFrom:O}"));
        await using (var command = new NpgsqlCommand(CellsSql, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = gridId });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                cells.Add(new SplitCell(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetDouble(5), reader.GetDouble(6)));
                stamp.Append(FormattableString.Invariant($"|{reader.GetInt64(0)}:{reader.GetInt32(3)}:{reader.GetFieldValue<DateTimeOffset>(7):O}"));
            }
        }

        if (cells.Count < 2)
        {
            return (SplitOutcome.NoMicroGrids, null, 0);
        }

        var count = parts ?? SuggestedParts(households, workers, cells.Count);
        if (count < 2 || count > Math.Min(MaxParts, cells.Count))
        {
            return (SplitOutcome.BadPartCount, null, 0);
        }

        var groups = GridPartition.Split(cells, count);
        code = grid.Code;
        var codes = await NewCodesAsync(connection, transaction, code, communityCode, grid.DistrictId, count - 1, cancellationToken);
        var result = new List<SplitPart>();
        for (var i = 0; i < groups.Count; i++)
        {
            var partCode = i == 0 ? code : codes[i - 1];
            var partName = i == 0 ? name : $"{name}-{i + 1}";
            result.Add(new SplitPart(i + 1, partCode, partName, groups[i], await OutlineAsync(connection, transaction, groups[i], cancellationToken)));
        }

        stamp.Append(FormattableString.Invariant($"|{count}"));
        var fingerprint = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(stamp.ToString())))[..16];
        return (SplitOutcome.Applied, new SplitPreview(code, name, communityName, households, workers, count, result, fingerprint, bounds), gridId);
    }

    /// <summary>Enough parts that each has no more than the threshold per worker, if the grid's workers stayed with each part.</summary>
    private int SuggestedParts(int households, int workers, int cells) =>
        Math.Clamp((int)Math.Ceiling(households / (options.Value.MaxHouseholdsPerWorker * Math.Max(workers, 1))), 2, Math.Min(MaxParts, cells));

    private static async Task<string> OutlineAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, IReadOnlyList<SplitCell> cells, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT ST_AsGeoJSON(ST_Union(boundary), 6) FROM areas WHERE id = ANY ($1)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. cells.Select(c => c.Id)] });
        return (string)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>The next free numbers in the community (<c>SQ-3-7</c>, <c>SQ-3-8</c>…), or the grid's own code with a suffix, in the grid's district.</summary>
    private static async Task<string[]> NewCodesAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string gridCode, string? communityCode,
        long districtId, int count, CancellationToken cancellationToken)
    {
        var prefix = communityCode is not null && gridCode.StartsWith(communityCode + "-", StringComparison.Ordinal) ? communityCode + "-" : gridCode + "-S";
        await using var command = new NpgsqlCommand("""
            SELECT coalesce(max(substr(code, length($1) + 1)::int), 0) FROM areas
            WHERE starts_with(code, $1) AND substr(code, length($1) + 1) ~ '^[0-9]{1,9}$' AND coalesce(ancestor_ids[1], id) = $2
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = prefix });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = districtId });
        var highest = (int)(await command.ExecuteScalarAsync(cancellationToken))!;
        return [.. Enumerable.Range(highest + 1, count).Select(n => FormattableString.Invariant($"{prefix}{n}"))];
    }

    private static async Task CreatePartAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long gridId, SplitPart part, DateTimeOffset now,
        CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("""
            WITH old AS (SELECT * FROM areas WHERE id = $1),
            outline AS (SELECT ST_Multi(ST_CollectionExtract(ST_Intersection(ST_Union(m.boundary), (SELECT boundary FROM old)), 3)) AS b
                        FROM areas m WHERE m.id = ANY ($4)),
            created AS (
                INSERT INTO areas (code, name, level, kind, parent_id, ancestor_ids, households, population, boundary, label_point, valid_from)
                SELECT $2, $3, 3, old.kind, old.parent_id, old.ancestor_ids, $5, $6, outline.b, ST_PointOnSurface(outline.b), $7
                FROM old, outline
                RETURNING id, ancestor_ids)
            UPDATE areas m SET parent_id = created.id, ancestor_ids = created.ancestor_ids || created.id, valid_from = $7
            FROM created WHERE m.id = ANY ($4)
            """, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = gridId });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = part.Code });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = part.Name });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. part.MicroGrids.Select(m => m.Id)] });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = part.Households });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = part.MicroGrids.Sum(m => m.Population) });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
