using Npgsql;

namespace GridOps.Web.Features.Hierarchy;

/// <summary>
/// Merges an imported district (in <c>import_areas</c>) into <c>areas</c> by code within the district (codes are unique per
/// district, issue 20: another district's "1" is another area), level by level so
/// every parent is in place before its children: changed areas are versioned first, then updated;
/// new codes are inserted; codes the import no longer has are retired, not deleted, so incidents
/// and assessments keep the grid they happened in (docs/grid-health.md, "Boundary versions").
/// </summary>
internal static class HierarchyMerge
{
    public const string CreateImportTableSql = """
        CREATE TEMP TABLE import_areas (
            ord integer NOT NULL, code text PRIMARY KEY, name text NOT NULL, level smallint NOT NULL, kind smallint NOT NULL,
            parent_code text, households integer NOT NULL, population integer NOT NULL,
            boundary geometry(MultiPolygon, 4326) NOT NULL, label_point geometry(Point, 4326) NOT NULL
        ) ON COMMIT DROP
        """;

    private const string OrphansSql = """
        SELECT i.code, i.parent_code FROM import_areas i LEFT JOIN import_areas p ON p.code = i.parent_code
        WHERE i.parent_code IS NOT NULL AND (p.code IS NULL OR p.level >= i.level) ORDER BY i.ord LIMIT 1
        """;

    // The district's own areas ($3): itself and everything under it.
    private static string InDistrict(string alias) => $"coalesce({alias}.ancestor_ids[1], {alias}.id) = $3";

    private const string ChangedSql = """
        CREATE TEMP TABLE import_changed ON COMMIT DROP AS
        SELECT a.id FROM areas a JOIN import_areas i ON i.code = a.code LEFT JOIN areas p ON p.id = a.parent_id
        WHERE coalesce(a.ancestor_ids[1], a.id) = $1 AND (a.retired_at IS NOT NULL OR a.name <> i.name OR a.level <> i.level OR a.kind <> i.kind OR a.households <> i.households
           OR a.population <> i.population OR p.code IS DISTINCT FROM i.parent_code OR ST_AsEWKB(a.boundary) <> ST_AsEWKB(i.boundary))
        """;

    private static readonly string UpdateLevelSql = $$"""
        UPDATE areas a SET name = i.name, level = i.level, kind = i.kind, households = i.households, population = i.population,
            boundary = i.boundary, label_point = i.label_point, retired_at = NULL, parent_id = p.id,
            ancestor_ids = CASE WHEN p.id IS NULL THEN '{}'::bigint[] ELSE p.ancestor_ids || p.id END,
            valid_from = CASE WHEN a.id IN (SELECT id FROM import_changed) THEN $2 ELSE a.valid_from END
        FROM import_areas i LEFT JOIN areas p ON p.code = i.parent_code AND {{InDistrict("p")}}
        WHERE a.code = i.code AND i.level = $1 AND {{InDistrict("a")}}
          AND (a.id IN (SELECT id FROM import_changed)
               OR a.ancestor_ids IS DISTINCT FROM CASE WHEN p.id IS NULL THEN '{}'::bigint[] ELSE p.ancestor_ids || p.id END)
        """;

    private static readonly string InsertLevelSql = $$"""
        INSERT INTO areas (code, name, level, kind, parent_id, ancestor_ids, households, population, boundary, label_point, valid_from)
        SELECT i.code, i.name, i.level, i.kind, p.id, CASE WHEN p.id IS NULL THEN '{}'::bigint[] ELSE p.ancestor_ids || p.id END,
               i.households, i.population, i.boundary, i.label_point, $2
        FROM import_areas i LEFT JOIN areas p ON p.code = i.parent_code AND {{InDistrict("p")}}
        WHERE i.level = $1 AND NOT EXISTS (SELECT 1 FROM areas a WHERE a.code = i.code AND {{InDistrict("a")}})
        ORDER BY i.ord
        """;

    private const string RetireSql = """
        UPDATE areas a SET retired_at = $2
        WHERE a.retired_at IS NULL AND a.ancestor_ids[1] = $1 AND NOT EXISTS (SELECT 1 FROM import_areas i WHERE i.code = a.code)
        """;

    // Which streets a retirement would empty most: what the refusal names, so the administrator sees the damage.
    private const string RetiredByStreetSql = """
        SELECT coalesce(s.code, a.code), count(*)::int FROM areas a LEFT JOIN areas s ON s.id = a.ancestor_ids[2]
        WHERE a.retired_at = $2 AND a.ancestor_ids[1] = $1
        GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 10
        """;

    /// <summary>Retiring at most this share of a district's current areas needs no confirmation; more is
    /// refused unless the request says <c>retireMissing</c> (a boundary file of one street would otherwise retire the rest).</summary>
    public const double RetireWithoutConfirmation = 0.05;

    /// <summary>Up to this many retirements are always allowed (a re-drawn street loses a grid or two).</summary>
    public const int RetireAlwaysAllowed = 5;

    /// <param name="retireMissing">Retire however many; a preview passes true too, to report the count it would need confirming.</param>
    public static async Task<int> ApplyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, long? existingDistrict, DateTimeOffset now, bool retireMissing,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        await using (var orphans = new NpgsqlCommand(OrphansSql, connection, transaction))
        await using (var reader = await orphans.ExecuteReaderAsync(cancellationToken))
        {
            if (await reader.ReadAsync(cancellationToken))
            {
                throw new HierarchyWriteException($"{reader.GetString(0)}: its parent {reader.GetString(1)} is missing or comes after it.");
            }
        }

        // A new district's row first: what it has is found by its id from here on.
        var districtId = existingDistrict ?? await InsertDistrictAsync(connection, transaction, now, cancellationToken);
        await using (var changed = new NpgsqlCommand(ChangedSql, connection, transaction))
        {
            changed.Parameters.Add(new NpgsqlParameter<long> { TypedValue = districtId });
            await changed.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var snapshot = new NpgsqlCommand(AreaVersions.SnapshotSql("a.id IN (SELECT id FROM import_changed)"), connection, transaction))
        {
            AreaVersions.Bind(snapshot, now, "import", "re-import");
            var versioned = await snapshot.ExecuteNonQueryAsync(cancellationToken);
            if (versioned > 0)
            {
                progress?.Report($"Kept the earlier state of {versioned:N0} changed areas.");
            }
        }

        for (short level = 0; level <= (short)AreaLevel.MicroGrid; level++)
        {
            foreach (var sql in new[] { UpdateLevelSql, InsertLevelSql })
            {
                await using var command = new NpgsqlCommand(sql, connection, transaction);
                command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = level });
                command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
                command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = districtId });
                await command.ExecuteNonQueryAsync(cancellationToken);
            }
        }

        if (existingDistrict is null)
        {
            return 0;
        }

        await using var current = new NpgsqlCommand("SELECT count(*)::int FROM areas WHERE retired_at IS NULL AND (id = $1 OR ancestor_ids[1] = $1)", connection, transaction);
        current.Parameters.Add(new NpgsqlParameter<long> { TypedValue = districtId });
        var before = (int)(await current.ExecuteScalarAsync(cancellationToken))!;
        await using var retire = new NpgsqlCommand(RetireSql, connection, transaction);
        retire.Parameters.Add(new NpgsqlParameter<long> { TypedValue = districtId });
        retire.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        var retired = await retire.ExecuteNonQueryAsync(cancellationToken);
        if (!retireMissing && retired > RetireAlwaysAllowed && retired > before * RetireWithoutConfirmation)
        {
            await using var byStreet = new NpgsqlCommand(RetiredByStreetSql, connection, transaction);
            byStreet.Parameters.Add(new NpgsqlParameter<long> { TypedValue = districtId });
            byStreet.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
            var streets = new List<string>();
            await using (var reader = await byStreet.ExecuteReaderAsync(cancellationToken))
            {
                while (await reader.ReadAsync(cancellationToken))
                {
                    streets.Add($"{reader.GetString(0)}: {reader.GetInt32(1):N0}");
                }
            }

            // Thrown inside the transaction: nothing of this import is kept.
            throw new HierarchyWriteException(
                $"This import would retire {retired:N0} of the district's {before:N0} current areas (most under {string.Join(", ", streets)}). "
                + "If that is meant, send it again with retireMissing set to true; to see the counts first, set preview to true.");
        }

        if (retired > 0)
        {
            progress?.Report($"Retired {retired:N0} areas the import no longer has (kept for their incidents).");
        }

        return retired;
    }

    private static readonly string InsertDistrictSql = $"""
        INSERT INTO areas (code, name, level, kind, parent_id, ancestor_ids, households, population, boundary, label_point, valid_from)
        SELECT i.code, i.name, i.level, i.kind, NULL, ARRAY[]::bigint[], i.households, i.population, i.boundary, i.label_point, $1
        FROM import_areas i WHERE i.level = {Data.Stored.As(AreaLevel.District)}
        RETURNING id
        """;

    private static async Task<long> InsertDistrictAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(InsertDistrictSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        return (long)(await command.ExecuteScalarAsync(cancellationToken))!;
    }
}
