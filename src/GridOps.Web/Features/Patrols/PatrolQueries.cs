using GridOps.Web.Data;
using GridOps.Web.Features.Hierarchy;
using System.Text.Json.Nodes;
using GridOps.Web.Features.Access;
using Npgsql;

namespace GridOps.Web.Features.Patrols;

/// <summary>A grid's month so far: patrols done (capped at the plan, as the assessment counts them) of those planned.</summary>
public sealed record PatrolProgress(string GridCode, string GridName, int Done, int Planned, int CheckIns, int Outside, int CarriedOver);

/// <summary>Reads patrols: today's for the map and the phone page, a grid's month for its worker.</summary>
public sealed class PatrolQueries(NpgsqlDataSource dataSource)
{
    internal const string SelectSql = """
        SELECT p.id, p.actor, g.code, g.name, l.code, ST_X(p.position), ST_Y(p.position), p.distance_m, p.outside, p.checked_in_at, p.note
        FROM patrols p JOIN areas g ON g.id = p.grid_id LEFT JOIN areas l ON l.id = p.located_grid_id
        """;

    internal static PatrolRecord Read(NpgsqlDataReader reader) => new(
        reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.GetDouble(5), reader.GetDouble(6), reader.GetFloat(7), reader.GetBoolean(8), reader.GetFieldValue<DateTimeOffset>(9),
        reader.IsDBNull(10) ? null : reader.GetString(10));

    /// <summary>The day's check-ins in the viewer's scope, newest first.</summary>
    public async Task<IReadOnlyList<PatrolRecord>> OnDayAsync(AccessScope scope, DateOnly day, int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"{SelectSql} WHERE p.local_date = $1 AND {AreaScopeSql.Inside(scope, "g", "$2")} ORDER BY p.checked_in_at DESC LIMIT $3");
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = day });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AreaScopeSql.ParameterValue(scope) });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var rows = new List<PatrolRecord>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Read(reader));
        }

        return rows;
    }

    /// <summary>The day's check-ins as GeoJSON points for the map's patrol layer.</summary>
    public async Task<JsonObject> OnDayGeoJsonAsync(AccessScope scope, DateOnly day, CancellationToken cancellationToken)
    {
        var features = new JsonArray();
        foreach (var p in await OnDayAsync(scope, day, 5_000, cancellationToken))
        {
            features.Add(new JsonObject
            {
                ["type"] = "Feature",
                ["geometry"] = new JsonObject { ["type"] = "Point", ["coordinates"] = new JsonArray(Math.Round(p.Lon, 6), Math.Round(p.Lat, 6)) },
                ["properties"] = new JsonObject
                {
                    ["id"] = p.Id, ["actor"] = p.Actor, ["grid"] = p.GridCode, ["outside"] = p.Outside,
                    ["distance"] = Math.Round(p.DistanceMeters), ["at"] = p.CheckedInAt.ToString("O"),
                },
            });
        }

        return new JsonObject { ["type"] = "FeatureCollection", ["features"] = features };
    }

    /// <summary>A grid's patrols this month against its plan (the plan is zero until published). A patrol's month is that
    /// of its local day, the day in its grid's district (issue 20): a New York evening stays in New York's month.</summary>
    public async Task<PatrolProgress?> MonthAsync(long gridId, DateOnly month, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT g.code, g.name,
                   (SELECT count(DISTINCT (p.actor, p.local_date)) FROM patrols p
                    WHERE p.grid_id = g.id AND p.local_date >= $2 AND p.local_date < ($2 + interval '1 month')::date AND NOT p.outside),
                   coalesce((SELECT planned FROM patrol_plans WHERE month = $2 AND grid_id = g.id), 0),
                   (SELECT count(*) FROM patrols p WHERE p.grid_id = g.id AND p.local_date >= $2 AND p.local_date < ($2 + interval '1 month')::date),
                   (SELECT count(*) FROM patrols p WHERE p.grid_id = g.id AND p.local_date >= $2 AND p.local_date < ($2 + interval '1 month')::date AND p.outside),
                   coalesce((SELECT carried_over FROM patrol_plans WHERE month = $2 AND grid_id = g.id), 0)
            FROM areas g WHERE g.id = (SELECT CASE WHEN a.level = {Stored.As(AreaLevel.MicroGrid)} THEN a.parent_id ELSE a.id END FROM areas a WHERE a.id = $1)
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = gridId });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = month });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }

        var planned = reader.GetInt32(3);
        return new PatrolProgress(reader.GetString(0), reader.GetString(1), (int)Math.Min(reader.GetInt64(2), planned), planned,
            (int)reader.GetInt64(4), (int)reader.GetInt64(5), reader.GetInt32(6));
    }
}
