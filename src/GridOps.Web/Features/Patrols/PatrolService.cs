using GridOps.Web.Data;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.Locate;
using GridOps.Web.Features.WorkingTime;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridOps.Web.Features.Patrols;

/// <summary>
/// Records patrol check-ins. The grid a check-in is for is the worker's own grid (from their
/// account's scope), never the grid the position happens to fall in: a check-in beyond the tolerance
/// outside it is kept, marked outside, and does not count as a patrol (docs/grid-health.md).
/// </summary>
public sealed class PatrolService(NpgsqlDataSource dataSource, IOptions<PatrolOptions> options, Districts.DistrictZones zones, TimeProvider clock)
{
    public const int MaxNote = 500;

    private static readonly string InsertSql = $"""
        WITH worker AS (
            SELECT CASE WHEN a.level = {Stored.As(AreaLevel.MicroGrid)} THEN a.parent_id ELSE a.id END AS grid_id
            FROM areas a WHERE a.id = $1 AND a.level IN ({Stored.List(AreaLevel.Grid, AreaLevel.MicroGrid)})),
        pt AS (SELECT ST_SetSRID(ST_MakePoint($2, $3), 4326) AS p),
        measured AS (
            SELECT g.id, ST_Distance(g.boundary::geography, pt.p::geography) AS distance,
                   (SELECT x.id FROM areas x WHERE x.level = {Stored.As(AreaLevel.Grid)} AND x.retired_at IS NULL AND ST_Intersects(x.boundary, pt.p)
                    ORDER BY x.id LIMIT 1) AS located
            FROM worker w JOIN areas g ON g.id = w.grid_id, pt)
        INSERT INTO patrols (user_id, actor, grid_id, located_grid_id, position, accuracy_m, distance_m, outside, checked_in_at, local_date, note, idempotency_key)
        SELECT $4, $5, m.id, m.located, pt.p, $6, m.distance, m.distance > $7, $8, $9, $10, $11 FROM measured m, pt
        ON CONFLICT (idempotency_key) WHERE idempotency_key IS NOT NULL DO NOTHING
        RETURNING id
        """;

    public async Task<PatrolResult> CheckInAsync(Viewer worker, PatrolCheckIn checkIn, CancellationToken cancellationToken)
    {
        if (worker.Scope.AreaId is not { } areaId || worker.Scope.AreaLevel is not (Hierarchy.AreaLevel.Grid or Hierarchy.AreaLevel.MicroGrid))
        {
            return new PatrolResult(PatrolOutcome.NoGrid, null, new Dictionary<string, string[]>
            {
                ["grid"] = ["This account is not assigned to a grid: patrols are checked in by a grid's own workers."],
            });
        }

        if (Validate(checkIn) is { } invalid)
        {
            return invalid;
        }

        var (lon, lat) = CoordinateConversion.ToWgs84(checkIn.Crs, checkIn.Lon!.Value, checkIn.Lat!.Value);
        var now = clock.GetUtcNow();
        var key = string.IsNullOrWhiteSpace(checkIn.IdempotencyKey) ? null : $"{worker.Name}:{checkIn.IdempotencyKey.Trim()}";
        await using var command = dataSource.CreateCommand(InsertSql);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = areaId });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lon });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lat });
        command.Parameters.Add(new NpgsqlParameter { Value = worker.Kind == PrincipalKind.User && worker.Id > 0 ? worker.Id : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = worker.ActorName });
        command.Parameters.Add(new NpgsqlParameter { Value = checkIn.AccuracyMeters is { } a ? (float)a : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Real });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = options.Value.ToleranceMeters });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = Components.Shared.LocalTime.DateOf(now, await zones.OfAreaAsync(areaId, cancellationToken)) });
        command.Parameters.Add(new NpgsqlParameter { Value = string.IsNullOrWhiteSpace(checkIn.Note) ? DBNull.Value : checkIn.Note.Trim(), NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)key ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        var id = await command.ExecuteScalarAsync(cancellationToken);
        var stored = id is long newId ? await ReadAsync("p.id = $1", newId, cancellationToken)
            : key is not null ? await ReadByKeyAsync(key, cancellationToken) : null;
        return stored is null
            ? new PatrolResult(PatrolOutcome.NoGrid, null, new Dictionary<string, string[]> { ["grid"] = ["The account's grid no longer exists."] })
            : new PatrolResult(PatrolOutcome.Recorded, stored, new Dictionary<string, string[]>());
    }

    private static PatrolResult? Validate(PatrolCheckIn checkIn)
    {
        if (checkIn.Lon is not { } lon || !double.IsFinite(lon) || lon is < -180 or > 180)
        {
            return PatrolResult.Invalid("lon", "Give the longitude as a number between -180 and 180.");
        }

        if (checkIn.Lat is not { } lat || !double.IsFinite(lat) || lat is < -90 or > 90)
        {
            return PatrolResult.Invalid("lat", "Give the latitude as a number between -90 and 90.");
        }

        if (CoordinateConversion.TryToWgs84(checkIn.Crs, lon, lat, out var problem) is null)
        {
            return PatrolResult.Invalid("lon", "The position is not on Earth: " + problem);
        }

        if (checkIn.AccuracyMeters is { } accuracy && (!double.IsFinite(accuracy) || accuracy < 0))
        {
            return PatrolResult.Invalid("accuracy", "The accuracy is a distance in metres, zero or more.");
        }

        return checkIn.Note is { Length: > MaxNote }
            ? PatrolResult.Invalid("note", $"The note is longer than {MaxNote} characters.")
            : null;
    }

    private Task<PatrolRecord?> ReadByKeyAsync(string key, CancellationToken cancellationToken) =>
        ReadAsync("p.idempotency_key = $1", key, cancellationToken);

    private async Task<PatrolRecord?> ReadAsync<T>(string condition, T value, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"{PatrolQueries.SelectSql} WHERE {condition}");
        command.Parameters.Add(new NpgsqlParameter<T> { TypedValue = value });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? PatrolQueries.Read(reader) : null;
    }
}
