using GridOps.Web.Data;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace GridOps.Web.Features.Hierarchy;

/// <summary>Raised when drafts cannot be stored; nothing was written.</summary>
public sealed class HierarchyWriteException(string message) : Exception(message);

/// <summary>Raised when the writer's scope does not cover the district the drafts name; nothing was written.</summary>
public sealed class HierarchyWriteForbiddenException(string districtCode)
    : Exception($"District {districtCode} is outside your scope; nothing was stored.")
{
    public string DistrictCode { get; } = districtCode;
}

/// <summary>How a write treats what the district already has.</summary>
/// <param name="RetireMissing">Retire every current area the drafts lack, however many (else more than a
/// small share is refused: a one-feature import once retired a whole district, issue 15).</param>
/// <param name="Preview">Do everything, report the counts, and roll back.</param>
/// <param name="MayWriteDistrict">Asked with the existing district's id (null for a new one) under the hierarchy
/// lock: false refuses the write. Null lets anything through (the command line, the demo).</param>
public sealed record HierarchyWriteOptions(bool RetireMissing = false, bool Preview = false, Func<long?, bool>? MayWriteDistrict = null);

/// <summary>
/// Stores a district's drafts in one transaction: binary COPY into a temporary table, then one
/// set-based merge by code (<see cref="HierarchyMerge"/>) — the whole district or nothing.
/// </summary>
public sealed class HierarchyWriter(NpgsqlDataSource dataSource, TimeProvider? clock = null)
{
    /// <summary>
    /// Stores the district; one with the same code is updated in place (changed areas versioned,
    /// missing ones retired); with <paramref name="onlyIfMissing"/> an existing district is left alone and false is returned.
    /// </summary>
    public async Task<bool> WriteAsync(IReadOnlyList<AreaDraft> areas, IReadOnlyList<StaffDraft> staff, IProgress<string>? progress,
        CancellationToken cancellationToken, bool onlyIfMissing = false) =>
        await WriteAsync(areas, staff, new HierarchyWriteOptions(), progress, cancellationToken, onlyIfMissing) is not null;

    /// <summary>As above, with options; answers how many areas were retired, or null when an existing district was left alone.</summary>
    public async Task<int?> WriteAsync(IReadOnlyList<AreaDraft> areas, IReadOnlyList<StaffDraft> staff, HierarchyWriteOptions options,
        IProgress<string>? progress, CancellationToken cancellationToken, bool onlyIfMissing = false)
    {
        try
        {
            return await WriteLockedAsync(areas, staff, options, progress, onlyIfMissing, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new HierarchyWriteException($"A code is already taken: {e.ConstraintName} ({e.Detail ?? e.MessageText}).");
        }
    }

    private async Task<int?> WriteLockedAsync(IReadOnlyList<AreaDraft> areas, IReadOnlyList<StaffDraft> staff, HierarchyWriteOptions options,
        IProgress<string>? progress, bool onlyIfMissing, CancellationToken cancellationToken)
    {
        var district = areas.SingleOrDefault(a => a.Level == AreaLevel.District)
            ?? throw new HierarchyWriteException("Exactly one area must be the district.");
        // The separator joins a district's code to an area's (SB:1): a code holding it could pass for another district's area.
        if (areas.Where(a => a.Code.Contains(AreaCodes.Separator, StringComparison.Ordinal)).Select(a => a.Code).Take(10).ToList() is { Count: > 0 } colons)
        {
            throw new HierarchyWriteException($"Codes may not contain '{AreaCodes.Separator}' (it joins a district's code to an area's, as in SB:1): {string.Join(", ", colons)}.");
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await LockAsync(connection, transaction, cancellationToken);

        if (onlyIfMissing)
        {
            await using var exists = new NpgsqlCommand($"SELECT EXISTS (SELECT 1 FROM areas WHERE code = $1 AND level = {Stored.As(AreaLevel.District)})", connection, transaction);
            exists.Parameters.Add(new NpgsqlParameter<string> { TypedValue = district.Code });
            if ((bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                return null;
            }
        }

        var existingDistrict = await ScalarAsync<long>(connection, transaction, $"SELECT id FROM areas WHERE code = $1 AND level = {Stored.As(AreaLevel.District)}", district.Code, cancellationToken) is var id and > 0 ? id : (long?)null;
        if (options.MayWriteDistrict is { } mayWrite && !mayWrite(existingDistrict))
        {
            throw new HierarchyWriteForbiddenException(district.Code);
        }

        await CopyDraftsAsync(connection, transaction, areas, progress, cancellationToken);
        var retired = await HierarchyMerge.ApplyAsync(connection, transaction, existingDistrict, (clock ?? TimeProvider.System).GetUtcNow(),
            options.RetireMissing || options.Preview, progress, cancellationToken);
        progress?.Report($"Stored {areas.Count:N0} areas.");
        if (staff.Count > 0 || existingDistrict is null)
        {
            // Staff come with the demo district; a boundary-only import leaves the people where they are.
            await ReplaceStaffAsync(connection, transaction, district.Code, staff, cancellationToken);
        }

        if (options.Preview)
        {
            await transaction.RollbackAsync(cancellationToken);
            progress?.Report($"Preview of district {district.Code}: {areas.Count:N0} areas, {retired:N0} would be retired; nothing was stored.");
            return retired;
        }

        await transaction.CommitAsync(cancellationToken);
        progress?.Report($"Committed district {district.Code}: {areas.Count:N0} areas, {staff.Count:N0} staff.");
        return retired;
    }

    /// <summary>The drafts into a temporary table, in order, for the set-based merge.</summary>
    private static async Task CopyDraftsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<AreaDraft> areas,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        await using (var create = new NpgsqlCommand(HierarchyMerge.CreateImportTableSql, connection, transaction))
        {
            await create.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var importer = await connection.BeginBinaryImportAsync(
            "COPY import_areas (ord, code, name, level, kind, parent_code, households, population, boundary, label_point) FROM STDIN (FORMAT BINARY)",
            cancellationToken);
        for (var i = 0; i < areas.Count; i++)
        {
            var area = areas[i];
            await importer.StartRowAsync(cancellationToken);
            await importer.WriteAsync(i, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(area.Code, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync(area.Name, NpgsqlDbType.Text, cancellationToken);
            await importer.WriteAsync((short)area.Level, NpgsqlDbType.Smallint, cancellationToken);
            await importer.WriteAsync((short)area.Kind, NpgsqlDbType.Smallint, cancellationToken);
            if (area.ParentCode is { } parent)
            {
                await importer.WriteAsync(parent, NpgsqlDbType.Text, cancellationToken);
            }
            else
            {
                await importer.WriteNullAsync(cancellationToken);
            }

            await importer.WriteAsync(area.Households, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(area.Population, NpgsqlDbType.Integer, cancellationToken);
            await importer.WriteAsync(area.Boundary, "geometry", cancellationToken);
            await importer.WriteAsync(LabelPoint(area.Boundary), "geometry", cancellationToken);
            if ((i + 1) % 20_000 == 0)
            {
                progress?.Report($"Read {i + 1:N0} of {areas.Count:N0} areas.");
            }
        }

        await importer.CompleteAsync(cancellationToken);
    }

    private static async Task<T?> ScalarAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, string value, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = value });
        return await command.ExecuteScalarAsync(cancellationToken) is T result ? result : default;
    }

    /// <summary>
    /// Hierarchy writes (imports, splits, edits) are rare: one at a time across every node, so two of
    /// them cannot interleave their checks and writes. Held until the transaction ends.
    /// </summary>
    public static async Task LockAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('gridops:hierarchy'))", connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The label point: inside the polygon even for crescents, centred on the largest part.</summary>
    public static Point LabelPoint(MultiPolygon boundary)
    {
        var largest = Enumerable.Range(0, boundary.NumGeometries).Select(boundary.GetGeometryN).MaxBy(g => g.Area) ?? boundary;
        var point = (Point)largest.InteriorPoint.Copy();
        point.SRID = boundary.SRID;
        return point;
    }

    private static async Task<long[]> TakeIdsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, int count, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT array_agg(nextval(pg_get_serial_sequence('{table}', 'id'))) FROM generate_series(1, $1)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        return count == 0 ? [] : (long[])(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    /// <summary>Replaces the district's staff: people assigned anywhere in it go, the drafts' people come.</summary>
    private static async Task ReplaceStaffAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string districtCode, IReadOnlyList<StaffDraft> staff,
        CancellationToken cancellationToken)
    {
        await using (var delete = new NpgsqlCommand($"""
            DELETE FROM staff WHERE id IN (
                SELECT sa.staff_id FROM staff_assignments sa JOIN areas a ON a.id = sa.area_id JOIN areas d ON d.code = $1 AND d.level = {Stored.As(AreaLevel.District)}
                WHERE a.ancestor_ids[1] = d.id OR a.id = d.id)
            """, connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter<string> { TypedValue = districtCode });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        if (staff.Count == 0)
        {
            return;
        }

        var areaIds = new Dictionary<string, long>(StringComparer.Ordinal);
        await using (var ids = new NpgsqlCommand($"SELECT i.code, a.id FROM import_areas i JOIN areas a ON a.code = i.code JOIN areas d ON d.id = coalesce(a.ancestor_ids[1], a.id) AND d.code = $1 AND d.level = {Stored.As(AreaLevel.District)}", connection, transaction))
        {
            ids.Parameters.Add(new NpgsqlParameter<string> { TypedValue = districtCode });
            await using var reader = await ids.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                areaIds[reader.GetString(0)] = reader.GetInt64(1);
            }
        }

        var staffIds = await TakeIdsAsync(connection, transaction, "staff", staff.Count, cancellationToken);
        await using (var importer = await connection.BeginBinaryImportAsync("COPY staff (id, real_name_code, name) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < staff.Count; i++)
            {
                await importer.WriteRowAsync(cancellationToken, staffIds[i], staff[i].RealNameCode, staff[i].Name);
            }

            await importer.CompleteAsync(cancellationToken);
        }

        await using (var importer = await connection.BeginBinaryImportAsync("COPY staff_assignments (staff_id, area_id, role) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < staff.Count; i++)
            {
                foreach (var (areaCode, role) in staff[i].Assignments)
                {
                    var areaId = areaIds.TryGetValue(areaCode, out var id) ? id
                        : throw new HierarchyWriteException($"Staff {staff[i].RealNameCode} is assigned to unknown area {areaCode}.");
                    await importer.WriteRowAsync(cancellationToken, staffIds[i], areaId, (short)role);
                }
            }

            await importer.CompleteAsync(cancellationToken);
        }
    }
}
