using System.Globalization;
using GridOps.Web.Data;
using GridOps.Web.Features.Alerts;
using GridOps.Web.Features.Incidents;
using Npgsql;

namespace GridOps.Web.Realtime;

/// <summary>
/// Reads the live stream in commit-safe order: rows sorted by (transaction id, seq), and only those
/// below the oldest transaction still running. A transaction that is still open may hold a smaller
/// seq than one already committed; reading below that horizon means no row is ever passed over and
/// found later, so "everything after my last event" is exact (docs/decisions/013-live-feed.md).
/// </summary>
public sealed class LiveFeedReader(NpgsqlDataSource dataSource, TimeProvider clock)
{
    /// <summary>The incident and alert columns <see cref="Row"/> reads, after five stream columns.</summary>
    private const string SubjectColumns = """
        i.id, i.ticket_no, i.title, i.tier, i.state, c.name, c.name_en, ST_X(i.location), ST_Y(i.location),
        i.street_id, i.community_id, i.grid_id, i.micro_grid_id, i.involved_department_codes, i.warn_at, i.due_at, i.reported_at,
        a.id, a.kind, a.state, a.level, a.raised_at, a.assignee, a.escalations, a.acted_by, a.acted_at, a.last_action, a.version, i.district_id
        """;

    private const string Head = "SELECT e.seq, e.tx::text, e.recorded_at, e.kind, e.action, ";

    private const string StreamFrom = """

        FROM live_events e
        JOIN incidents i ON i.id = e.incident_id
        JOIN categories c ON c.id = i.category_id
        LEFT JOIN alerts a ON a.id = e.alert_id
        WHERE (e.tx, e.seq) > ($1::text::xid8, $2) AND e.tx < live_horizon()
        """;

    private const string Columns = Head + SubjectColumns + StreamFrom;

    /// <summary>The pump's read adds, after the subject, who wrote each row (its span, for a trace link) and how long ago
    /// (both ends on the database's clock, so nodes' clocks never skew the lag).</summary>
    private const string PumpColumns = Head + SubjectColumns
        + ", e.trace_parent, extract(epoch FROM clock_timestamp() - e.written_at)::float8" + StreamFrom;

    private const string AlertColumns = "SELECT 0::bigint, '0', a.raised_at, 2::smallint, a.last_action, " + SubjectColumns + """

        FROM alerts a
        JOIN incidents i ON i.id = a.incident_id
        JOIN categories c ON c.id = i.category_id
        """;

    /// <summary>The open incidents a group may see (the pins a live map starts from), newest first.</summary>
    public async Task<IReadOnlyList<LiveIncident>> OpenIncidentsAsync(string group, int limit, CancellationToken cancellationToken)
    {
        var (condition, parameter) = LiveGroups.Condition(group);
        var sql = "SELECT 0::bigint, '0', i.reported_at, 0::smallint, 0::smallint, " + SubjectColumns + """

            FROM incidents i
            JOIN categories c ON c.id = i.category_id
            LEFT JOIN alerts a ON false
            WHERE
            """ + " " + IncidentStates.OpenSql + " AND " + condition.Replace("$P", "$2", StringComparison.Ordinal) + " ORDER BY i.reported_at DESC LIMIT $1";
        return [.. (await QueryAsync(sql, cancellationToken, limit, parameter)).Select(r => r.Event.Incident)];
    }

    /// <summary>The newest events a group may see, newest first (an alarm ticker's first lines).</summary>
    public async Task<IReadOnlyList<LiveEvent>> LatestAsync(string group, int limit, CancellationToken cancellationToken)
    {
        var (condition, parameter) = LiveGroups.Condition(group);
        var sql = Columns + " AND " + condition.Replace("$P", "$4", StringComparison.Ordinal) + " ORDER BY e.tx DESC, e.seq DESC LIMIT $3";
        return [.. (await QueryAsync(sql, cancellationToken, "0", 0L, limit, parameter)).Select(r => r.Event)];
    }

    private async Task<List<LiveRow>> QueryAsync(string sql, CancellationToken cancellationToken, params object?[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            if (parameter is not null)
            {
                command.Parameters.Add(new NpgsqlParameter { Value = parameter });
            }
        }

        var now = clock.GetUtcNow();
        var rows = new List<LiveRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Row(reader, now));
        }

        return rows;
    }

    /// <summary>Alerts a group may see: the open ones first, newest first; or one alert by id.</summary>
    public async Task<IReadOnlyList<LiveEvent>> AlertsAsync(string group, long? alertId, bool includeAcknowledged, int limit, CancellationToken cancellationToken)
    {
        var (condition, parameter) = LiveGroups.Condition(group);
        var sql = AlertColumns + " WHERE " + condition.Replace("$P", "$4", StringComparison.Ordinal)
            + $" AND ($1 = 0 OR a.id = $1) AND ($2 OR a.state = {Stored.As(AlertState.Open)})"
            + " ORDER BY a.state, a.raised_at DESC, a.id DESC LIMIT $3";
        return [.. (await QueryAsync(sql, cancellationToken, alertId ?? 0, includeAcknowledged, limit, parameter)).Select(r => r.Event)];
    }

    /// <summary>Up to <paramref name="limit"/> events after <paramref name="after"/>, optionally only those a group may see.</summary>
    public async Task<IReadOnlyList<LiveRow>> ReadAfterAsync(LivePosition after, int limit, string? group, CancellationToken cancellationToken)
    {
        var (condition, parameter) = group is null ? ("true", null) : LiveGroups.Condition(group);
        var sql = Columns + " AND " + condition.Replace("$P", "$4", StringComparison.Ordinal) + " ORDER BY e.tx, e.seq LIMIT $3";
        return await QueryAsync(sql, cancellationToken, after.Tx.ToString(CultureInfo.InvariantCulture), after.Seq, limit, parameter);
    }

    /// <summary>The stream position of a delivered event, or null when it is no longer kept.</summary>
    public async Task<LivePosition?> PositionOfAsync(long seq, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT tx::text FROM live_events WHERE seq = $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = seq });
        return await command.ExecuteScalarAsync(cancellationToken) is string tx ? new LivePosition(ulong.Parse(tx, CultureInfo.InvariantCulture), seq) : null;
    }

    /// <summary>The last position everything before which is committed: where a page rendered now starts listening.</summary>
    public async Task<LivePosition> HeadAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT tx::text, seq FROM live_events WHERE tx < live_horizon()
            ORDER BY tx DESC, seq DESC LIMIT 1
            """);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new LivePosition(ulong.Parse(reader.GetString(0), CultureInfo.InvariantCulture), reader.GetInt64(1))
            : LivePosition.Start;
    }

    /// <summary>
    /// The pump's read: the next batch after a position, and in the same round trip whether rows
    /// exist beyond the batch (committed behind a running transaction, or not yet read) — then the
    /// pump looks again soon instead of waiting for the next wake.
    /// </summary>
    public async Task<(IReadOnlyList<LiveRow> Rows, bool More)> ReadNextAsync(LivePosition after, int limit, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        var read = new NpgsqlBatchCommand(PumpColumns + " ORDER BY e.tx, e.seq LIMIT $3");
        read.Parameters.Add(new NpgsqlParameter<string> { TypedValue = after.Tx.ToString(CultureInfo.InvariantCulture) });
        read.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after.Seq });
        read.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        var beyond = new NpgsqlBatchCommand("SELECT count(*) FROM (SELECT 1 FROM live_events WHERE (tx, seq) > ($1::text::xid8, $2) LIMIT $3 + 1) n");
        beyond.Parameters.Add(new NpgsqlParameter<string> { TypedValue = after.Tx.ToString(CultureInfo.InvariantCulture) });
        beyond.Parameters.Add(new NpgsqlParameter<long> { TypedValue = after.Seq });
        beyond.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        batch.BatchCommands.Add(read);
        batch.BatchCommands.Add(beyond);

        var now = clock.GetUtcNow();
        var rows = new List<LiveRow>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(Row(reader, now));
        }

        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        // Everything after the old position, counted a moment after the read: more than was read means more to fetch.
        return (rows, reader.GetInt64(0) > rows.Count);
    }

    /// <summary>Where <see cref="PumpColumns"/> adds its two columns: after the five stream and 29 subject columns.</summary>
    private const int PumpOrdinal = 34;

    private static LiveRow Row(NpgsqlDataReader r, DateTimeOffset now)
    {
        var seq = r.GetInt64(0);
        var tx = ulong.Parse(r.GetString(1), CultureInfo.InvariantCulture);
        var kind = (LiveEventKind)r.GetInt16(3);
        var action = r.GetInt16(4);
        var state = (IncidentState)r.GetInt16(9);
        DateTimeOffset? warnAt = r.IsDBNull(19) ? null : r.GetFieldValue<DateTimeOffset>(19);
        DateTimeOffset? dueAt = r.IsDBNull(20) ? null : r.GetFieldValue<DateTimeOffset>(20);
        var incident = new LiveIncident(
            r.GetInt64(5), r.GetString(6), r.GetString(7), LiveNames.Tier((Tier)r.GetInt16(8)), LiveNames.Camel(state.ToString()),
            IncidentStates.IsOpen(state), LiveNames.Camel(TimelinessRule.At(warnAt, dueAt, now).ToString()),
            r.GetString(10), r.GetString(11), r.IsDBNull(12) ? null : r.GetDouble(12), r.IsDBNull(13) ? null : r.GetDouble(13),
            NullableId(r, 14), NullableId(r, 15), NullableId(r, 16), r.GetFieldValue<DateTimeOffset>(21), dueAt);
        var alert = r.IsDBNull(22) ? null : new LiveAlert(
            r.GetInt64(22), LiveNames.Camel(((AlertKind)r.GetInt16(23)).ToString()), LiveNames.Camel(((AlertState)r.GetInt16(24)).ToString()),
            r.GetInt16(25), r.GetFieldValue<DateTimeOffset>(26), r.IsDBNull(27) ? null : r.GetString(27), r.GetInt32(28),
            r.IsDBNull(29) ? null : r.GetString(29), r.IsDBNull(30) ? null : r.GetFieldValue<DateTimeOffset>(30),
            LiveNames.Camel(((AlertAction)r.GetInt16(31)).ToString()), r.GetInt32(32));
        var type = kind switch
        {
            LiveEventKind.Incident => (IncidentAction)action switch
            {
                IncidentAction.Report => "incident.created",
                IncidentAction.Retier => "incident.retiered",
                IncidentAction.Escalate => "incident.escalated",
                _ => "incident.changed",
            },
            LiveEventKind.Clock => action == (short)Timeliness.Overdue ? "incident.overdue" : "incident.warning",
            _ => "alert." + LiveNames.Camel(((AlertAction)action).ToString()),
        };
        var scope = new LiveIncidentScope(incident.StreetId, incident.CommunityId, incident.GridId, NullableId(r, 17), r.GetFieldValue<string[]>(18))
        {
            DistrictId = NullableId(r, 33),
        };
        var traced = r.FieldCount > PumpOrdinal;
        return new LiveRow(new LivePosition(tx, seq), new LiveEvent(seq, type, r.GetFieldValue<DateTimeOffset>(2), incident, alert), scope)
        {
            TraceParent = traced && !r.IsDBNull(PumpOrdinal) ? r.GetString(PumpOrdinal) : null,
            LagSeconds = traced ? r.GetDouble(PumpOrdinal + 1) : null,
        };
    }

    private static long? NullableId(NpgsqlDataReader r, int ordinal) => r.IsDBNull(ordinal) ? null : r.GetInt64(ordinal);
}

/// <summary>An event with where it sits in the stream and whom it concerns.</summary>
public sealed record LiveRow(LivePosition Position, LiveEvent Event, LiveIncidentScope Scope)
{
    /// <summary>The span that wrote the row (W3C traceparent), when it was traced; only the pump reads it.</summary>
    public string? TraceParent { get; init; }

    /// <summary>Seconds from the row being written to being read; only the pump reads it.</summary>
    public double? LagSeconds { get; init; }
}

/// <summary>Wire names: enums as camelCase words, tiers as their colour.</summary>
public static class LiveNames
{
    public static string Camel(string name) => string.Concat(char.ToLowerInvariant(name[0]).ToString(), name.AsSpan(1));

    public static string Tier(Tier tier) => Camel(tier.ToString());
}
