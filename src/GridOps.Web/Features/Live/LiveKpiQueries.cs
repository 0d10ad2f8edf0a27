using GridOps.Web.Data;
using GridOps.Web.Features.WorkingTime;
using GridOps.Web.Realtime;
using Npgsql;

namespace GridOps.Web.Features.Live;

/// <summary>
/// The aggregates behind KPI tiles, charts and map colours, for one scope group. Plain SQL over
/// the incidents table in one round trip; "closed" means closed or evaluated (voided and merged
/// incidents were never solved), and an incident closed "on time" never raised an overdue alert.
/// </summary>
public sealed class LiveKpiQueries(NpgsqlDataSource dataSource, Districts.DistrictZones zones, TimeProvider clock)
{
    private static readonly string Open = Incidents.IncidentStates.OpenSql;

    public async Task<LiveKpis> KpisAsync(string group, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // "Today" and "this month" are the group's district's (issue 20).
        var (today, month) = Periods(now, await zones.OfAreaAsync(LiveGroups.AreaId(group), cancellationToken));
        var (condition, parameter) = LiveGroups.Condition(group);
        var scope = condition.Replace("$P", "$4", StringComparison.Ordinal);
        var child = ChildColumn(group);

        await using var batch = dataSource.CreateBatch();
        Add(batch, $"""
            SELECT count(*) FILTER (WHERE i.reported_at >= $2),
                   count(*) FILTER (WHERE i.closed_at >= $2),
                   count(*) FILTER (WHERE i.closed_at >= $2 AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.incident_id = i.id AND a.kind = {Stored.As(Alerts.AlertKind.Overdue)})),
                   count(*) FILTER (WHERE i.reported_at >= $3 AND i.closed_at IS NOT NULL),
                   count(*) FILTER (WHERE i.reported_at >= $3 AND (i.closed_at IS NOT NULL OR ({Open} AND i.due_at <= $1))),
                   count(*) FILTER (WHERE {Open}),
                   count(*) FILTER (WHERE {Open} AND i.warn_at <= $1 AND i.due_at > $1),
                   count(*) FILTER (WHERE {Open} AND i.due_at <= $1)
            FROM incidents i
            WHERE {scope} AND ({Open} OR i.reported_at >= least($2, $3) OR i.closed_at >= $2)
            """, now, today, month, parameter);
        Add(batch, $"""
            SELECT floor(extract(epoch FROM ($1 - i.reported_at)) / 3600)::int, count(*)
            FROM incidents i WHERE {scope} AND i.reported_at > $1 - interval '24 hours' AND i.reported_at <= $1
            GROUP BY 1
            """, now, today, month, parameter);
        Add(batch, $"SELECT i.tier, count(*) FROM incidents i WHERE {scope} AND {Open} GROUP BY i.tier", now, today, month, parameter);
        Add(batch, $"""
            SELECT c.name, c.name_en, count(*) FROM incidents i JOIN categories c ON c.id = i.category_id
            WHERE {scope} AND {Open}
            GROUP BY c.name, c.name_en ORDER BY count(*) DESC, c.name LIMIT 6
            """, now, today, month, parameter);
        Add(batch, $"""
            SELECT a.id, a.code, a.name, count(*) FILTER (WHERE {Open}), count(*) FILTER (WHERE {Open} AND i.due_at <= $1),
                   count(*) FILTER (WHERE i.closed_at >= $2)
            FROM incidents i JOIN areas a ON a.id = i.{child}
            WHERE {scope} AND ({Open} OR i.closed_at >= $2)
            GROUP BY a.id, a.code, a.name
            ORDER BY 4 DESC, 3 DESC, a.code LIMIT 12
            """, now, today, month, parameter);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        int Count(int ordinal) => (int)reader.GetInt64(ordinal);
        var tiles = (TodayReported: Count(0), TodayClosed: Count(1), OnTime: Count(2), MonthClosed: Count(3), MonthDue: Count(4),
            Open: Count(5), Warning: Count(6), Overdue: Count(7));

        await reader.NextResultAsync(cancellationToken);
        var trend = new int[24];
        while (await reader.ReadAsync(cancellationToken))
        {
            // Hours ago 0 is the newest bucket: the chart reads oldest to newest.
            var hoursAgo = reader.GetInt32(0);
            if (hoursAgo is >= 0 and < 24)
            {
                trend[23 - hoursAgo] = Count(1);
            }
        }

        await reader.NextResultAsync(cancellationToken);
        var tiers = new int[4];
        while (await reader.ReadAsync(cancellationToken))
        {
            tiers[reader.GetInt16(0)] = Count(1);
        }

        await reader.NextResultAsync(cancellationToken);
        var categories = new List<LiveCategoryCount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            categories.Add(new LiveCategoryCount(reader.GetString(0), reader.GetString(1), Count(2)));
        }

        await reader.NextResultAsync(cancellationToken);
        var ranking = new List<LiveAreaCount>();
        while (await reader.ReadAsync(cancellationToken))
        {
            ranking.Add(new LiveAreaCount(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), Count(3), Count(4), Count(5)));
        }

        return new LiveKpis(group, now, tiles.TodayReported, tiles.TodayClosed, tiles.OnTime, tiles.MonthClosed, tiles.MonthDue,
            tiles.Open, tiles.Warning, tiles.Overdue, trend, tiers, categories, ranking);
    }

    /// <summary>Open and overdue incidents per grid, community and street among <paramref name="areaIds"/>: the map's colours.</summary>
    public async Task<IReadOnlyList<LiveAreaCount>> AreaCountsAsync(IReadOnlyCollection<long> areaIds, string? group, CancellationToken cancellationToken)
    {
        var (condition, parameter) = group is null ? ("true", null) : LiveGroups.Condition(group);
        var scope = condition.Replace("$P", "$3", StringComparison.Ordinal);
        string Level(int level, string column) => $"""
            SELECT a.id, a.code, a.name, count(i.id) FILTER (WHERE {Open}), count(i.id) FILTER (WHERE {Open} AND i.due_at <= $2)
            FROM areas a LEFT JOIN incidents i ON i.{column} = a.id AND {scope}
            WHERE a.id = ANY($1) AND a.level = {level} GROUP BY a.id, a.code, a.name
            """;
        await using var command = dataSource.CreateCommand(
            Level(1, "street_id") + " UNION ALL " + Level(2, "community_id") + " UNION ALL " + Level(3, "grid_id"));
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. areaIds] });
        return await ReadCountsAsync(command, parameter, cancellationToken);
    }

    /// <summary>Open and overdue incidents of every grid, community and street that has any, in a group's scope (a map's first colours).</summary>
    public async Task<IReadOnlyList<LiveAreaCount>> AllAreaCountsAsync(string group, CancellationToken cancellationToken)
    {
        var (condition, parameter) = LiveGroups.Condition(group);
        await using var command = dataSource.CreateCommand($"""
            WITH open_incidents AS (
                SELECT i.street_id, i.community_id, i.grid_id, (i.due_at <= $1) AS overdue
                FROM incidents i WHERE {Open} AND {condition.Replace("$P", "$2", StringComparison.Ordinal)}),
            per_area AS (
                SELECT unnest(ARRAY[street_id, community_id, grid_id]) AS area_id, overdue FROM open_incidents)
            SELECT a.id, a.code, a.name, count(*), count(*) FILTER (WHERE p.overdue)
            FROM per_area p JOIN areas a ON a.id = p.area_id
            GROUP BY a.id, a.code, a.name
            """);
        return await ReadCountsAsync(command, parameter, cancellationToken);
    }

    /// <summary>Adds "now" and the scope's parameter after the command's own, and reads (code, name, open, overdue) rows.</summary>
    private async Task<IReadOnlyList<LiveAreaCount>> ReadCountsAsync(NpgsqlCommand command, object? scopeParameter, CancellationToken cancellationToken)
    {
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        if (scopeParameter is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = scopeParameter });
        }

        var counts = new List<LiveAreaCount>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            counts.Add(new LiveAreaCount(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), (int)reader.GetInt64(3), (int)reader.GetInt64(4), 0));
        }

        return counts;
    }

    /// <summary>The start of the district's day and month containing <paramref name="now"/>.</summary>
    public static (DateTimeOffset Today, DateTimeOffset Month) Periods(DateTimeOffset now, TimeZoneInfo zone)
    {
        var today = Components.Shared.LocalTime.DateOf(now, zone);
        return (Components.Shared.LocalTime.StartOfDay(today, zone), Components.Shared.LocalTime.StartOfDay(new DateOnly(today.Year, today.Month, 1), zone));
    }

    /// <summary>The ranking's rows are the scope's children: streets for the district, communities for a street, grids below.</summary>
    private static string ChildColumn(string group) => group.Split(':')[0] switch
    {
        "street" => "community_id",
        "community" or "grid" or "micro" => "grid_id",
        _ => "street_id",
    };

    private static void Add(NpgsqlBatch batch, string sql, DateTimeOffset now, DateTimeOffset today, DateTimeOffset month, object? parameter)
    {
        var command = new NpgsqlBatchCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = today });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = month });
        if (parameter is not null)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }
        batch.BatchCommands.Add(command);
    }
}
