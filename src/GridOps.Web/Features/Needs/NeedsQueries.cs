using GridOps.Web.Data;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.Access;
using Npgsql;

namespace GridOps.Web.Features.Needs;

/// <summary>Reads the demand and resource lists within a viewer's scope.</summary>
public sealed class NeedsQueries(NpgsqlDataSource dataSource)
{
    private const string NeedSelect = """
        SELECT n.id, c.code, c.name, s.name, n.kind, n.title, n.detail, n.listed_by, n.listed_at, n.claim_by, n.state, u.name, n.claimed_by,
               n.claimed_at, n.solved_at, n.outcome, n.version
        FROM needs n JOIN areas c ON c.id = n.community_id LEFT JOIN areas s ON s.id = n.street_id LEFT JOIN co_building_units u ON u.id = n.unit_id
        """;

    /// <summary>Needs in scope, open ones first (the soonest deadline first), then the solved.</summary>
    public async Task<IReadOnlyList<NeedRow>> NeedsAsync(AccessScope scope, NeedState? state, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            {NeedSelect}
            WHERE {AreaScopeSql.Inside(scope, "c", "$1")} AND ($2::smallint IS NULL OR n.state = $2)
            ORDER BY n.state, n.claim_by, n.id LIMIT 1000
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AreaScopeSql.ParameterValue(scope) });
        command.Parameters.Add(new NpgsqlParameter { Value = state is { } s ? (short)s : DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Smallint });
        return await ReadNeedsAsync(command, cancellationToken);
    }

    /// <summary>The joint-meeting list: needs unclaimed past a deadline that fell in the quarter (and before today), by street.</summary>
    public async Task<IReadOnlyList<NeedRow>> JointMeetingAsync(AccessScope scope, DateOnly quarterStart, DateOnly today, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            {NeedSelect}
            WHERE {AreaScopeSql.Inside(scope, "c", "$1")} AND n.state = {Stored.As(NeedState.Listed)} AND n.claim_by >= $2 AND n.claim_by < $3 AND n.claim_by < $4
            ORDER BY s.name, c.code, n.claim_by
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AreaScopeSql.ParameterValue(scope) });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = quarterStart });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = quarterStart.AddMonths(3) });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = today });
        return await ReadNeedsAsync(command, cancellationToken);
    }

    /// <summary>Per community in scope: listed, claimed, solved, and gone to the joint meeting.</summary>
    public async Task<IReadOnlyList<NeedCounts>> CountsAsync(AccessScope scope, DateOnly today, CancellationToken cancellationToken)
    {
        // Two districts may both have a community "1": one row each, written with its district for the whole database.
        var qualify = await AreaCodes.QualifiesAsync(dataSource, scope, cancellationToken);
        await using var command = dataSource.CreateCommand($"""
            SELECT {AreaCodes.ShownSql("c", qualify)}, c.name, count(n.id)::int, count(n.id) FILTER (WHERE n.state IN ({Stored.List(NeedState.Claimed, NeedState.Solved)}))::int, count(n.id) FILTER (WHERE n.state = {Stored.As(NeedState.Solved)})::int,
                   count(n.id) FILTER (WHERE n.state = {Stored.As(NeedState.Listed)} AND n.claim_by < $2)::int
            FROM areas c LEFT JOIN needs n ON n.community_id = c.id
            WHERE c.level = {Stored.As(AreaLevel.Community)} AND c.retired_at IS NULL AND {AreaScopeSql.Inside(scope, "c", "$1")}
            GROUP BY c.id HAVING count(n.id) > 0
            ORDER BY c.code
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AreaScopeSql.ParameterValue(scope) });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = today });
        var rows = new List<NeedCounts>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new NeedCounts(reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetInt32(3), reader.GetInt32(4), reader.GetInt32(5)));
        }

        return rows;
    }

    /// <summary>Communities the viewer may list needs for.</summary>
    public async Task<IReadOnlyList<(string Code, string Name)>> CommunitiesAsync(AccessScope scope, CancellationToken cancellationToken)
    {
        var qualify = await AreaCodes.QualifiesAsync(dataSource, scope, cancellationToken);
        await using var command = dataSource.CreateCommand(
            $"SELECT {AreaCodes.ShownSql("c", qualify)}, c.name FROM areas c WHERE c.level = {Stored.As(AreaLevel.Community)} AND c.retired_at IS NULL AND {AreaScopeSql.Inside(scope, "c", "$1")} ORDER BY c.code");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AreaScopeSql.ParameterValue(scope) });
        var rows = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add((reader.GetString(0), reader.GetString(1)));
        }

        return rows;
    }

    /// <summary>The co-building units this scope works with (its district's and the shared ones), with what each offers and has taken on.</summary>
    public async Task<IReadOnlyList<UnitRow>> UnitsAsync(AccessScope scope, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT u.id, u.name, s.name, u.contact,
                   coalesce((SELECT jsonb_agg(jsonb_build_array(r.kind, r.title, r.detail) ORDER BY r.id) FROM unit_resources r WHERE r.unit_id = u.id), '[]'),
                   (SELECT count(*)::int FROM needs n WHERE n.unit_id = u.id), (SELECT count(*)::int FROM needs n WHERE n.unit_id = u.id AND n.state = {Stored.As(NeedState.Solved)})
            FROM co_building_units u LEFT JOIN areas s ON s.id = u.street_id
            WHERE {UnitScopeSql.Visible(scope, "u", "$1")} ORDER BY u.name
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AreaScopeSql.ParameterValue(scope) });
        var rows = new List<UnitRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            using var offers = System.Text.Json.JsonDocument.Parse(reader.GetString(4));
            var resources = offers.RootElement.EnumerateArray()
                .Select(o => new ResourceRow((ResourceKind)o[0].GetInt16(), o[1].GetString()!, o[2].ValueKind == System.Text.Json.JsonValueKind.Null ? null : o[2].GetString()))
                .ToList();
            rows.Add(new UnitRow(reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetString(2), reader.IsDBNull(3) ? null : reader.GetString(3),
                resources, reader.GetInt32(5), reader.GetInt32(6)));
        }

        return rows;
    }

    private static async Task<IReadOnlyList<NeedRow>> ReadNeedsAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var rows = new List<NeedRow>();
        await using (command)
        {
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                string? Text(int i) => reader.IsDBNull(i) ? null : reader.GetString(i);
                DateTimeOffset? At(int i) => reader.IsDBNull(i) ? null : reader.GetFieldValue<DateTimeOffset>(i);
                rows.Add(new NeedRow(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), Text(3), (NeedKind)reader.GetInt16(4), reader.GetString(5), Text(6),
                    reader.GetString(7), reader.GetFieldValue<DateTimeOffset>(8), reader.GetFieldValue<DateOnly>(9), (NeedState)reader.GetInt16(10), Text(11), Text(12),
                    At(13), At(14), Text(15), reader.GetInt32(16)));
            }
        }

        return rows;
    }
}
