using Npgsql;

namespace GridOps.Web.Features.Hierarchy;

/// <summary>An earlier state of an area, valid during [From, To).</summary>
public sealed record AreaVersion(string Name, int Households, DateTimeOffset From, DateTimeOffset To, string ChangedBy, string Reason, string GeoJson);

/// <summary>
/// Boundary versions: before an area's row changes, its current state is copied into
/// <c>area_versions</c> with the time it was valid. Incidents keep the area id they were located in;
/// the version valid at the incident's time is the boundary it was located by.
/// </summary>
public static class AreaVersions
{
    /// <summary>Copies the areas selected by <paramref name="condition"/> (over <c>areas a</c>; parameters from $4) into the history.</summary>
    public static string SnapshotSql(string condition) => $"""
        INSERT INTO area_versions (area_id, code, name, parent_id, households, population, boundary, valid_from, valid_to, changed_by, reason)
        SELECT a.id, a.code, a.name, a.parent_id, a.households, a.population, a.boundary, least(a.valid_from, $1), $1, $2, $3
        FROM areas a WHERE {condition}
        """;

    public static void Bind(NpgsqlCommand command, DateTimeOffset at, string actor, string reason)
    {
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = at });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = actor });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = reason });
    }

    /// <summary>An area's earlier states, newest first.</summary>
    public static async Task<IReadOnlyList<AreaVersion>> ListAsync(NpgsqlDataSource dataSource, long areaId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT v.name, v.households, v.valid_from, v.valid_to, v.changed_by, v.reason, ST_AsGeoJSON(v.boundary, 6)
            FROM area_versions v WHERE v.area_id = $1 ORDER BY v.valid_to DESC, v.id DESC
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = areaId });
        var rows = new List<AreaVersion>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new AreaVersion(reader.GetString(0), reader.GetInt32(1), reader.GetFieldValue<DateTimeOffset>(2), reader.GetFieldValue<DateTimeOffset>(3),
                reader.GetString(4), reader.GetString(5), reader.GetString(6)));
        }

        return rows;
    }
}
