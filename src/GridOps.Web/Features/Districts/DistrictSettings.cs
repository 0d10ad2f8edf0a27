using System.Globalization;
using GridOps.Web.Data;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.Locate;
using Npgsql;

namespace GridOps.Web.Features.Districts;

/// <summary>What a district sets for itself; a district that never set anything has the defaults.</summary>
public sealed record DistrictSettings(string District, double SnapToleranceMetres);

/// <summary>A change of a district's settings (PUT /api/districts/{code}/settings); fields left out stay as they are.</summary>
public sealed record DistrictSettingsEdit(double? SnapToleranceMetres);

/// <summary>
/// Reads and writes district_settings (M0014). Only an administrator of the whole district — or of every
/// district — may change it; the change and the audit entry stand or fall together.
/// </summary>
public sealed class DistrictSettingsStore(NpgsqlDataSource dataSource, AuditTrail audit)
{
    /// <summary>The district's settings, or null when there is no current district with that code or the viewer may not see it.</summary>
    public async Task<DistrictSettings?> GetAsync(string code, Viewer viewer, CancellationToken cancellationToken) =>
        await MayChangeAsync(code, viewer, cancellationToken) ? new DistrictSettings(code, await StoredToleranceAsync(code, cancellationToken)) : null;

    /// <summary>Applies an edit; answers the settings as they now are, or the fields refused (nothing stored then).</summary>
    public async Task<(DistrictSettings? Settings, Dictionary<string, string[]> Errors)> EditAsync(string code, DistrictSettingsEdit edit, Viewer viewer,
        CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!await MayChangeAsync(code, viewer, cancellationToken))
        {
            return (null, errors);
        }

        if (edit.SnapToleranceMetres is not { } tolerance)
        {
            return (new DistrictSettings(code, await StoredToleranceAsync(code, cancellationToken)), errors);
        }

        if (!double.IsFinite(tolerance) || tolerance < 0 || tolerance > LocateQueries.MaxSnapMetres)
        {
            errors["snapToleranceMetres"] = [string.Create(CultureInfo.InvariantCulture,
                $"The snap tolerance is metres from 0 (never snap) to {LocateQueries.MaxSnapMetres}; got {tolerance}.")];
            return (null, errors);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var upsert = new NpgsqlCommand("""
            INSERT INTO district_settings (district_code, snap_tolerance_m) VALUES ($1, $2)
            ON CONFLICT (district_code) DO UPDATE SET snap_tolerance_m = EXCLUDED.snap_tolerance_m, updated_at = now()
            """, connection, transaction))
        {
            upsert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
            upsert.Parameters.Add(new NpgsqlParameter<double> { TypedValue = tolerance });
            await upsert.ExecuteNonQueryAsync(cancellationToken);
        }

        await audit.WriteAsync(connection, transaction, viewer.ActorName, "district.settings", code,
            string.Create(CultureInfo.InvariantCulture, $"snap tolerance {tolerance} m"), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (new DistrictSettings(code, tolerance), errors);
    }

    private async Task<double> StoredToleranceAsync(string code, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT snap_tolerance_m FROM district_settings WHERE district_code = $1");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
        return await command.ExecuteScalarAsync(cancellationToken) is double stored ? stored : LocateQueries.DefaultSnapMetres;
    }

    private async Task<bool> MayChangeAsync(string code, Viewer viewer, CancellationToken cancellationToken) =>
        // The whole database, or this district as the viewer's scope: a street's administrator does not set the district's rules.
        await DistrictIdAsync(code, cancellationToken) is { } id && viewer.Scope.CoversDistrict(id);

    private async Task<long?> DistrictIdAsync(string code, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT id FROM areas WHERE code = $1 AND level = {Stored.As(AreaLevel.District)} AND retired_at IS NULL");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = code });
        return await command.ExecuteScalarAsync(cancellationToken) as long?;
    }
}
