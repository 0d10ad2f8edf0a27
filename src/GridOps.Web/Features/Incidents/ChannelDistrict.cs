using GridOps.Web.Data;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Hierarchy;
using Npgsql;

namespace GridOps.Web.Features.Incidents;

/// <summary>
/// Whose a report is (issue 20): the district of the grid its point lies in; else the district it names (Open311's
/// jurisdiction_id, the API's and the 12345 batch's <c>district</c>); else the district its reporter is bound to (a
/// district's hotline key, a street's worker); else, for a reporter bound to everything, the district whose boundary
/// is nearest its point — or the only district. A report with neither point nor district from a channel of several
/// districts is refused: guessing would hand it to a district whose people would never look for it.
/// </summary>
internal static class ChannelDistrict
{
    // $1 the named district's code (or null), $2 the reporter's area (or null), $3/$4 the point (or null).
    private static readonly string Sql = $"""
        SELECT (SELECT d.id FROM areas d WHERE d.code = $1 AND d.level = {Stored.As(AreaLevel.District)} AND d.retired_at IS NULL),
               (SELECT coalesce(a.ancestor_ids[1], a.id) FROM areas a WHERE a.id = $2),
               (SELECT d.id FROM areas d WHERE d.level = {Stored.As(AreaLevel.District)} AND d.retired_at IS NULL
                  AND ($3 IS NOT NULL OR (SELECT count(*) FROM areas c WHERE c.level = {Stored.As(AreaLevel.District)} AND c.retired_at IS NULL) = 1)
                ORDER BY d.boundary <-> ST_SetSRID(ST_MakePoint($3, $4), 4326) NULLS LAST, d.id LIMIT 1),
               EXISTS (SELECT 1 FROM areas e WHERE e.level = {Stored.As(AreaLevel.District)} AND e.retired_at IS NULL)
        """;

    /// <summary>The report's district, or why it cannot be told (said for the <c>district</c> field).</summary>
    public static async Task<(long? DistrictId, string? Problem)> DecideAsync(NpgsqlDataSource dataSource, AccessScope reporter, string? districtCode,
        long? locatedDistrict, double? lon, double? lat, CancellationToken cancellationToken)
    {
        var code = string.IsNullOrWhiteSpace(districtCode) ? null : districtCode.Trim();
        if (code is null && locatedDistrict is not null)
        {
            return (locatedDistrict, null); // the common case: no second round trip on the intake path
        }

        await using var command = dataSource.CreateCommand(Sql);
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)code ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)reporter.AreaId ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)lon ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Double });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)lat ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Double });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        long? named = reader.IsDBNull(0) ? null : reader.GetInt64(0);
        long? bound = reader.IsDBNull(1) ? null : reader.GetInt64(1);
        long? nearest = reader.IsDBNull(2) ? null : reader.GetInt64(2);
        if (!reader.GetBoolean(3) && code is null)
        {
            return (null, null); // no district imported yet: the report waits, unlocated, for the hierarchy
        }

        if (code is not null && named is null)
        {
            return (null, $"No district has the code '{code}'.");
        }

        // A reporter bound inside a district reports for that district only; a point in a grid is that grid's district.
        if (named is { } n && ((bound is { } b && b != n) || (locatedDistrict is { } l && l != n)))
        {
            return (null, bound is { } own && own != n ? "This channel reports for its own district only: leave district out."
                : "The point lies in another district's grid: correct the point or leave district out.");
        }

        return (locatedDistrict ?? named ?? bound ?? nearest) is { } district ? (district, null)
            : (null, "GridOps serves several districts and this channel every one: say which (district, its code) or give the report's point.");
    }
}
