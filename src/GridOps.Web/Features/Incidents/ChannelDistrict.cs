using GridOps.Web.Data;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Hierarchy;
using Npgsql;

namespace GridOps.Web.Features.Incidents;

/// <summary>
/// The district of a report that lies in no grid (issue 20): the district its reporter is bound to (a district's
/// hotline key, a street's worker), or for a reporter bound to everything the district whose boundary is nearest
/// the point. An incident is always some district's, so its district's people see it and its escalation stays there.
/// </summary>
internal static class ChannelDistrict
{
    private static readonly string Sql = $"""
        SELECT coalesce(
            (SELECT coalesce(a.ancestor_ids[1], a.id) FROM areas a WHERE a.id = $1),
            (SELECT d.id FROM areas d WHERE d.level = {Stored.As(AreaLevel.District)} AND d.retired_at IS NULL
             ORDER BY d.boundary <-> ST_SetSRID(ST_MakePoint($2, $3), 4326) NULLS LAST, d.id LIMIT 1))
        """;

    public static async Task<long?> OfAsync(NpgsqlDataSource dataSource, AccessScope scope, double? lon, double? lat, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)scope.AreaId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)lon ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Double });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)lat ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Double });
        return await command.ExecuteScalarAsync(cancellationToken) as long?;
    }
}
