using System.Text.Json;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.Locate;
using NetTopologySuite.Geometries;
using Npgsql;

namespace GridOps.Web.Features.HierarchyImport;

/// <summary>An edit of one area: any of its name, counts and boundary, always with a reason.</summary>
public sealed record AreaEdit(string? Name, int? Households, int? Population, JsonElement? Boundary, string? Crs, string? Reason);

/// <summary>
/// Edits one area by hand (PUT /api/hierarchy/areas/{code}): the earlier state goes to
/// <c>area_versions</c> with the reason, then the row changes — in one transaction under the
/// hierarchy lock, like an import. Bad input is refused field by field and nothing is stored.
/// </summary>
public sealed class AreaEditor(NpgsqlDataSource dataSource, AuditTrail audit, TimeProvider clock)
{
    public const int MaxReason = 500;

    public async Task<(bool Found, IDictionary<string, string[]> Errors)> EditAsync(string code, AreaEdit edit, Viewer actor, CancellationToken cancellationToken)
    {
        var (boundary, errors) = Validate(edit);
        if (errors.Count > 0)
        {
            return (true, errors);
        }

        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await HierarchyWriter.LockAsync(connection, transaction, cancellationToken);
        // The code in the editor's district (codes are unique per district); the whole database names one of several with its district.
        var lookup = await AreaCodes.FindAsync(connection, transaction, code, actor.Scope, null, cancellationToken);
        if (lookup.IsAmbiguous)
        {
            errors["code"] = [lookup.Problem(code)];
            return (true, errors);
        }

        // An area outside the editor's scope answers as one that does not exist.
        await using (var snapshot = new NpgsqlCommand(AreaVersions.SnapshotSql($"a.id = $4 AND a.retired_at IS NULL AND {AreaScopeSql.Inside(actor.Scope, "a", "$5")}"), connection, transaction))
        {
            AreaVersions.Bind(snapshot, now, actor.ActorName, edit.Reason!.Trim());
            snapshot.Parameters.Add(new NpgsqlParameter<long> { TypedValue = lookup.Area?.Id ?? 0 });
            snapshot.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AreaScopeSql.ParameterValue(actor.Scope) });
            if (await snapshot.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return (false, errors);
            }
        }

        await using (var update = new NpgsqlCommand("""
            UPDATE areas SET name = coalesce($2, name), households = coalesce($3, households), population = coalesce($4, population),
                boundary = coalesce($5, boundary), label_point = CASE WHEN $5 IS NULL THEN label_point ELSE ST_PointOnSurface($5) END, valid_from = $6
            WHERE id = $1
            """, connection, transaction))
        {
            update.Parameters.Add(new NpgsqlParameter<long> { TypedValue = lookup.Area!.Id });
            update.Parameters.Add(new NpgsqlParameter { Value = (object?)edit.Name?.Trim() ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            update.Parameters.Add(new NpgsqlParameter { Value = (object?)edit.Households ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
            update.Parameters.Add(new NpgsqlParameter { Value = (object?)edit.Population ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Integer });
            update.Parameters.Add(new NpgsqlParameter { Value = (object?)boundary ?? DBNull.Value, DataTypeName = "geometry" });
            update.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
            await update.ExecuteNonQueryAsync(cancellationToken);
        }

        await audit.WriteAsync(connection, transaction, actor.ActorName, "area.edited", code, edit.Reason!.Trim(), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (true, errors);
    }

    private static (MultiPolygon? Boundary, Dictionary<string, string[]> Errors) Validate(AreaEdit edit)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(edit.Reason) || edit.Reason.Length > MaxReason)
        {
            errors["reason"] = [$"Say why, in at most {MaxReason} characters: the reason is kept with the earlier boundary."];
        }

        if (edit.Name is not null && (string.IsNullOrWhiteSpace(edit.Name) || edit.Name.Length > 200))
        {
            errors["name"] = ["A name is 1 to 200 characters."];
        }

        if (edit.Households is < 0)
        {
            errors["households"] = ["Households are a whole number ≥ 0."];
        }

        if (edit.Population is < 0)
        {
            errors["population"] = ["Population is a whole number ≥ 0."];
        }

        if (!CoordinateSystemNames.TryParse(edit.Crs, out var crs))
        {
            errors["crs"] = ["crs must be wgs84, gcj02 or bd09."];
        }

        MultiPolygon? boundary = null;
        if (edit.Boundary is { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } geometry && !errors.ContainsKey("crs"))
        {
            try
            {
                boundary = GeoJsonGeometryReader.Read(geometry, crs, repair: false, out _);
            }
            catch (FormatException e)
            {
                errors["boundary"] = [e.Message];
            }
        }

        return (boundary, errors);
    }
}
