using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace GridOps.Web.Features.Hierarchy;

/// <summary>Raised when drafts cannot be stored; nothing was written.</summary>
public sealed class HierarchyWriteException(string message) : Exception(message);

/// <summary>
/// Stores a district's drafts in one transaction with binary COPY: the whole district or nothing.
/// Ids are taken from the sequence first so parents and ancestor paths are known before writing.
/// </summary>
public sealed class HierarchyWriter(NpgsqlDataSource dataSource)
{
    /// <summary>
    /// Stores the district, replacing one with the same code; with <paramref name="onlyIfMissing"/>
    /// an existing district is left alone and false is returned.
    /// </summary>
    public async Task<bool> WriteAsync(IReadOnlyList<AreaDraft> areas, IReadOnlyList<StaffDraft> staff, IProgress<string>? progress,
        CancellationToken cancellationToken, bool onlyIfMissing = false)
    {
        try
        {
            return await WriteLockedAsync(areas, staff, progress, onlyIfMissing, cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new HierarchyWriteException($"A code is already taken: {e.ConstraintName} ({e.Detail ?? e.MessageText}).");
        }
    }

    private async Task<bool> WriteLockedAsync(IReadOnlyList<AreaDraft> areas, IReadOnlyList<StaffDraft> staff, IProgress<string>? progress,
        bool onlyIfMissing, CancellationToken cancellationToken)
    {
        var district = areas.SingleOrDefault(a => a.Level == AreaLevel.District)
            ?? throw new HierarchyWriteException("Exactly one area must be the district.");
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        // Hierarchy writes are rare and whole-district: one at a time across every node, so two
        // imports (or two nodes seeding the demo) cannot interleave their checks and inserts.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('gridops:hierarchy'))", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        if (onlyIfMissing)
        {
            await using var exists = new NpgsqlCommand("SELECT EXISTS (SELECT 1 FROM areas WHERE code = $1 AND level = 0)", connection, transaction);
            exists.Parameters.Add(new NpgsqlParameter<string> { TypedValue = district.Code });
            if ((bool)(await exists.ExecuteScalarAsync(cancellationToken))!)
            {
                return false;
            }
        }

        // Re-importing a district replaces it whole.
        await using (var delete = new NpgsqlCommand("""
            WITH d AS (SELECT id FROM areas WHERE code = $1 AND level = 0),
            gone_staff AS (
                DELETE FROM staff WHERE id IN (
                    SELECT sa.staff_id FROM staff_assignments sa JOIN areas a ON a.id = sa.area_id, d
                    WHERE a.ancestor_ids[1] = d.id OR a.id = d.id))
            DELETE FROM areas WHERE id IN (SELECT id FROM d)
            """, connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter<string> { TypedValue = district.Code });
            if (await delete.ExecuteNonQueryAsync(cancellationToken) > 0)
            {
                progress?.Report($"Replacing the existing district {district.Code}.");
            }
        }

        await EnsureCodesAreFreeAsync(connection, transaction, areas, cancellationToken);
        var ids = await TakeIdsAsync(connection, transaction, "areas", areas.Count, cancellationToken);
        var idByCode = new Dictionary<string, long>(areas.Count, StringComparer.Ordinal);
        var ancestorsByCode = new Dictionary<string, long[]>(areas.Count, StringComparer.Ordinal);
        await using (var importer = await connection.BeginBinaryImportAsync(
            "COPY areas (id, code, name, level, kind, parent_id, ancestor_ids, households, population, boundary, label_point) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            for (var i = 0; i < areas.Count; i++)
            {
                var area = areas[i];
                long? parentId = null;
                long[] ancestors = [];
                if (area.ParentCode is not null)
                {
                    parentId = idByCode.TryGetValue(area.ParentCode, out var pid) ? pid
                        : throw new HierarchyWriteException($"{area.Code}: its parent {area.ParentCode} is missing or comes after it.");
                    ancestors = [.. ancestorsByCode[area.ParentCode], pid];
                }

                idByCode[area.Code] = ids[i];
                ancestorsByCode[area.Code] = ancestors;
                await importer.StartRowAsync(cancellationToken);
                await importer.WriteAsync(ids[i], NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(area.Code, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync(area.Name, NpgsqlDbType.Text, cancellationToken);
                await importer.WriteAsync((short)area.Level, NpgsqlDbType.Smallint, cancellationToken);
                await importer.WriteAsync((short)area.Kind, NpgsqlDbType.Smallint, cancellationToken);
                if (parentId is { } p)
                {
                    await importer.WriteAsync(p, NpgsqlDbType.Bigint, cancellationToken);
                }
                else
                {
                    await importer.WriteNullAsync(cancellationToken);
                }

                await importer.WriteAsync(ancestors, NpgsqlDbType.Array | NpgsqlDbType.Bigint, cancellationToken);
                await importer.WriteAsync(area.Households, NpgsqlDbType.Integer, cancellationToken);
                await importer.WriteAsync(area.Population, NpgsqlDbType.Integer, cancellationToken);
                await importer.WriteAsync(area.Boundary, "geometry", cancellationToken);
                await importer.WriteAsync(LabelPoint(area.Boundary), "geometry", cancellationToken);
                if ((i + 1) % 20_000 == 0)
                {
                    progress?.Report($"Stored {i + 1:N0} of {areas.Count:N0} areas.");
                }
            }

            await importer.CompleteAsync(cancellationToken);
        }

        progress?.Report($"Stored {areas.Count:N0} areas.");
        await WriteStaffAsync(connection, transaction, staff, idByCode, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        progress?.Report($"Committed district {district.Code}: {areas.Count:N0} areas, {staff.Count:N0} staff.");
        return true;
    }

    /// <summary>The label point: inside the polygon even for crescents, centred on the largest part.</summary>
    public static Point LabelPoint(MultiPolygon boundary)
    {
        var largest = Enumerable.Range(0, boundary.NumGeometries).Select(boundary.GetGeometryN).MaxBy(g => g.Area) ?? boundary;
        var point = (Point)largest.InteriorPoint.Copy();
        point.SRID = boundary.SRID;
        return point;
    }

    private static async Task EnsureCodesAreFreeAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<AreaDraft> areas, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            "SELECT a.code, d.code FROM areas a JOIN areas d ON d.id = COALESCE(a.ancestor_ids[1], a.id) WHERE a.code = ANY ($1) LIMIT 10",
            connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<string[]> { TypedValue = areas.Select(a => a.Code).ToArray() });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var clashes = new List<string>();
        while (await reader.ReadAsync(cancellationToken))
        {
            clashes.Add($"{reader.GetString(0)} (in district {reader.GetString(1)})");
        }

        if (clashes.Count > 0)
        {
            throw new HierarchyWriteException($"These codes already belong to another district: {string.Join(", ", clashes)}.");
        }
    }

    private static async Task<long[]> TakeIdsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string table, int count, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"SELECT array_agg(nextval(pg_get_serial_sequence('{table}', 'id'))) FROM generate_series(1, $1)", connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = count });
        return count == 0 ? [] : (long[])(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    private static async Task WriteStaffAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, IReadOnlyList<StaffDraft> staff,
        Dictionary<string, long> areaIds, CancellationToken cancellationToken)
    {
        if (staff.Count == 0)
        {
            return;
        }

        var ids = await TakeIdsAsync(connection, transaction, "staff", staff.Count, cancellationToken);
        await using (var importer = await connection.BeginBinaryImportAsync("COPY staff (id, real_name_code, name) FROM STDIN (FORMAT BINARY)", cancellationToken))
        {
            for (var i = 0; i < staff.Count; i++)
            {
                await importer.WriteRowAsync(cancellationToken, ids[i], staff[i].RealNameCode, staff[i].Name);
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
                    await importer.WriteRowAsync(cancellationToken, ids[i], areaId, (short)role);
                }
            }

            await importer.CompleteAsync(cancellationToken);
        }
    }
}
