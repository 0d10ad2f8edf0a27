using GridOps.Web.Data;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.Incidents;
using GridOps.Web.Features.Live;
using GridOps.Web.Realtime;
using Npgsql;

namespace GridOps.Web.Features.Township;

/// <summary>Something waiting for a township leader: an extension to approve, an escalated alert.</summary>
/// <summary>Something waiting on the area's leader: an extension asked for (with the incident's version and the minutes),
/// or an escalated alert (with its id and version), each acted on with the version seen.</summary>
public sealed record TownshipApproval(string Ticket, string Title, string Kind, int IncidentVersion, int? Minutes, long? AlertId, int? AlertVersion);

/// <summary>What the township view reads besides the live stream: child counts, the approval queue, the streets to pick from.</summary>
public sealed class TownshipQueries(NpgsqlDataSource dataSource, TimeProvider clock)
{
    private static readonly string Open = Incidents.IncidentStates.OpenSql;

    /// <summary>Every child of an area (communities of a street, grids of a community) with its open, overdue and closed-today counts, zeros included.</summary>
    /// <param name="zone">The area's district's clock: "closed today" starts at its midnight.</param>
    public async Task<IReadOnlyList<LiveAreaCount>> ChildCountsAsync(long parentId, AreaLevel parentLevel, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var column = parentLevel == AreaLevel.Street ? "community_id" : "grid_id";
        await using var command = dataSource.CreateCommand($"""
            SELECT a.id, a.code, a.name, count(i.id) FILTER (WHERE {Open}), count(i.id) FILTER (WHERE {Open} AND i.due_at <= $2),
                   count(i.id) FILTER (WHERE i.closed_at >= $3)
            FROM areas a JOIN areas p ON p.id = a.parent_id AND p.id = $1 AND a.retired_at IS NULL
            LEFT JOIN incidents i ON i.{column} = a.id AND ({Open} OR i.closed_at >= $3)
            GROUP BY a.id, a.code, a.name ORDER BY length(a.code), a.code
            """);
        var now = clock.GetUtcNow();
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = parentId });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = LiveKpiQueries.Periods(now, zone).Today });
        var rows = new List<LiveAreaCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new LiveAreaCount(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), (int)reader.GetInt64(3), (int)reader.GetInt64(4), (int)reader.GetInt64(5)));
        }

        return rows;
    }

    /// <summary>Extensions asked for and alerts escalated, inside the area: what waits on its leader.</summary>
    public async Task<IReadOnlyList<TownshipApproval>> ApprovalsAsync(string group, CancellationToken cancellationToken)
    {
        var (condition, parameter) = LiveGroups.Condition(group);
        var scope = condition.Replace("$P", "$1", StringComparison.Ordinal);
        await using var command = dataSource.CreateCommand($"""
            SELECT i.ticket_no, i.title, 'Extension', i.version, i.extension_pending_minutes, NULL::bigint, NULL::int FROM incidents i
            WHERE {scope} AND {Open} AND i.extension_pending_minutes IS NOT NULL
            UNION ALL
            SELECT i.ticket_no, i.title, 'Escalation', i.version, NULL::int, a.id, a.version FROM alerts a JOIN incidents i ON i.id = a.incident_id
            WHERE {scope} AND a.state = {Stored.As(Alerts.AlertState.Open)} AND a.escalations > 0
            LIMIT 100
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = parameter! });
        var rows = new List<TownshipApproval>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new TownshipApproval(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetInt32(3),
                reader.IsDBNull(4) ? null : reader.GetInt32(4), reader.IsDBNull(5) ? null : reader.GetInt64(5), reader.IsDBNull(6) ? null : reader.GetInt32(6)));
        }

        return rows;
    }

    /// <summary>The streets a viewer may open a township view of.</summary>
    public async Task<IReadOnlyList<AreaSummary>> StreetsAsync(AccessScope scope, CancellationToken cancellationToken)
    {
        if (scope.DepartmentCode is not null)
        {
            // No area's page opens to a department's staff: listing every district's streets (as it once did, a department
            // being bound to no area) named what they could not open.
            return [];
        }

        // The whole database with several districts writes each street with its district (codes are unique per district).
        var qualify = await AreaCodes.QualifiesAsync(dataSource, scope, cancellationToken);
        await using var command = dataSource.CreateCommand($"""
            SELECT {AreaCodes.ShownSql("a", qualify)}, a.name FROM areas a
            WHERE a.level = {Stored.As(AreaLevel.Street)} AND a.retired_at IS NULL AND ($1::bigint IS NULL OR a.id = $1 OR $1 = ANY (a.ancestor_ids)) ORDER BY 1
            """);
        command.Parameters.Add(new NpgsqlParameter { Value = scope.IsEverything || scope.AreaId is null ? DBNull.Value : scope.AreaId, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Bigint });
        var streets = new List<AreaSummary>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            streets.Add(new AreaSummary(reader.GetString(0), reader.GetString(1), AreaLevel.Street, AreaKind.Regular, 0, 0));
        }

        return streets;
    }
}
