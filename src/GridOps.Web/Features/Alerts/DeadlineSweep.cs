using GridOps.Web.Data;
using GridOps.Web.Features.Access;
using GridOps.Web.Realtime;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridOps.Web.Features.Alerts;

/// <summary>
/// The overdue engine: what time alone changes. An incident passing 80 % of its limit turns warning;
/// at 100 % it is overdue — it climbs one level up the tree (grid → community → street → district),
/// its tier rises one colour with the reason recorded, and the duty supervisor of its new level gets
/// an alert; still overdue an interval later, it climbs again. A whistled department missing its
/// report-in deadline and every red incident raise alerts; an alert nobody acknowledges is sent
/// again every few minutes and climbs a level after a while.
/// Each run looks at the interval since the last, recorded in the same transaction that acts, and
/// every act is conditional on the row's own due time, so however many nodes sweep and however long
/// all were down, every deadline is acted on once (docs/decisions/014-scheduled-work.md).
/// </summary>
public sealed class DeadlineSweep(NpgsqlDataSource dataSource, LiveSignal signal, TimeProvider clock, IOptions<AlertOptions> options,
    Platform.Telemetry.GridOpsMetrics metrics)
{
    public const string Name = "deadlines";
    private static readonly string Open = Incidents.IncidentStates.OpenSql;

    // The stored numbers the SQL below compares and writes, by name (Data/Stored; pinned by StoredNumbersTests).
    private static readonly string ClockRow = Stored.As(LiveEventKind.Clock), AlertRow = Stored.As(LiveEventKind.Alert);
    private static readonly string Warning = Stored.As(Incidents.Timeliness.Warning), Overdue = Stored.As(Incidents.Timeliness.Overdue);
    private static readonly string District = Stored.As(Hierarchy.AreaLevel.District), Red = Stored.As(Incidents.Tier.Red);
    private static readonly string EscalateAction = Stored.As(Incidents.IncidentAction.Escalate);
    private static readonly string OverdueKind = Stored.As(AlertKind.Overdue), EscalatedKind = Stored.As(AlertKind.Escalated);
    private static readonly string RedKind = Stored.As(AlertKind.RedTier), WhistleLateKind = Stored.As(AlertKind.WhistleLate);
    private static readonly string OpenAlert = Stored.As(AlertState.Open);
    private static readonly string Raised = Stored.As(AlertAction.Raised), Renotified = Stored.As(AlertAction.Renotified), Escalated = Stored.As(AlertAction.Escalated);

    /// <summary>
    /// At most this many incidents escalate per transaction; a full batch is followed at once by the rest
    /// (not a tick later), on two connections, so 50,000 falling due together commit in steps of ~1 s.
    /// </summary>
    public const int EscalationBatch = 10_000;

    // $1 from, $2 to: warnings and overdue turns in (from, to] become live events.
    private static readonly string ClockSql = $"""
        INSERT INTO live_events (kind, incident_id, action, recorded_at)
        SELECT {ClockRow}, i.id, {Overdue}, $2 FROM incidents i WHERE i.due_at > $1 AND i.due_at <= $2 AND {Open}
        UNION ALL
        SELECT {ClockRow}, i.id, {Warning}, $2 FROM incidents i WHERE i.warn_at > $1 AND i.warn_at <= $2 AND i.due_at > $2 AND {Open}
        """;

    // $2 now, $3 escalate-again interval, $4 actor, $5 re-notify interval, $6 escalate-unacknowledged interval.
    private static readonly string EscalateSql = $"""
        WITH due AS (
            SELECT i.id, (i.next_escalation_at = i.due_at) AS first FROM incidents i
            WHERE i.next_escalation_at <= $2 AND {Open}
            ORDER BY i.next_escalation_at LIMIT {EscalationBatch}
            FOR UPDATE SKIP LOCKED),
        target AS (
            -- An unlocated incident (or one already at the top) goes to its own district, never another's (issue 20).
            SELECT i.id, due.first, coalesce(up.id, i.district_id) AS area_id, coalesce(up.level, {District}) AS level
            FROM due JOIN incidents i ON i.id = due.id
            LEFT JOIN areas responsible ON responsible.id = coalesce(i.assignee_area_id, i.grid_id)
            LEFT JOIN areas up ON up.id = responsible.parent_id),
        escalated AS (
            UPDATE incidents i SET
                version = i.version + 1, tier = least(i.tier + 1, {Red}), tier_reason = 'escalation:' || (i.escalations + 1),
                assignee_area_id = t.area_id, escalations = i.escalations + 1, next_escalation_at = $2 + $3, updated_at = greatest(i.updated_at, $2)
            FROM target t WHERE i.id = t.id
            RETURNING i.id, i.version, i.tier, i.tier_reason, i.assignee_area_id, i.escalations, i.next_escalation_at, i.due_at, t.level, t.first),
        logged AS (
            INSERT INTO incident_events (incident_id, seq, occurred_at, recorded_at, actor, action, reason, payload)
            SELECT id, version, $2, $2, $4, {EscalateAction}, tier_reason, jsonb_build_object('areaId', assignee_area_id,
                'tier', (ARRAY['green', 'blue', 'yellow', 'red'])[tier + 1], 'tierReason', tier_reason, 'nextEscalationAt', next_escalation_at)
            FROM escalated),
        raised AS (
            INSERT INTO alerts (incident_id, kind, cause, raised_at, level, next_notify_at, escalate_at)
            SELECT id, CASE WHEN first THEN {OverdueKind} ELSE {EscalatedKind} END,
                   CASE WHEN first THEN 'due:' || to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') ELSE 'escalation:' || escalations END,
                   $2, level, $2 + $5, $2 + $6
            FROM escalated
            ON CONFLICT (incident_id, kind, cause) DO NOTHING
            RETURNING id, incident_id),
        noted AS (INSERT INTO alert_notes (alert_id, at, actor, action) SELECT id, $2, $4, {Raised} FROM raised)
        INSERT INTO live_events (kind, incident_id, alert_id, action, recorded_at) SELECT {AlertRow}, incident_id, id, {Raised}, $2 FROM raised
        """;

    // Red incidents and unanswered whistles raise alerts (once each: the unique key).
    private static readonly string RaiseSql = $"""
        WITH due AS (
            SELECT i.id, {RedKind}::smallint AS kind, 'red' AS cause, i.assignee_area_id
            FROM incidents i WHERE i.tier = {Red} AND {Open}
                AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.incident_id = i.id AND a.kind = {RedKind})
            UNION ALL
            SELECT i.id, {WhistleLateKind}::smallint, c->>'departmentCode', i.assignee_area_id
            FROM incidents i CROSS JOIN LATERAL jsonb_array_elements(i.whistle_calls) c
            WHERE i.whistle_calls <> '[]'::jsonb AND {Open} AND c->>'reportedInAt' IS NULL
                AND (c->>'reportInDueAt')::timestamptz > $1 AND (c->>'reportInDueAt')::timestamptz <= $2),
        raised AS (
            INSERT INTO alerts (incident_id, kind, cause, raised_at, level, next_notify_at, escalate_at)
            SELECT due.id, due.kind, due.cause, $2, coalesce((SELECT level FROM areas WHERE id = due.assignee_area_id), {District}), $2 + $5, $2 + $6
            FROM due
            ON CONFLICT (incident_id, kind, cause) DO NOTHING
            RETURNING id, incident_id),
        noted AS (INSERT INTO alert_notes (alert_id, at, actor, action) SELECT id, $2, $4, {Raised} FROM raised)
        INSERT INTO live_events (kind, incident_id, alert_id, action, recorded_at) SELECT {AlertRow}, incident_id, id, {Raised}, $2 FROM raised
        """;

    // Unacknowledged alerts: sent again, and after a while one level up.
    private static readonly string RenotifySql = $"""
        WITH due AS (
            UPDATE alerts a SET next_notify_at = $2 + $5, last_action = {Renotified}
            WHERE a.state = {OpenAlert} AND a.next_notify_at <= $2
            RETURNING a.id, a.incident_id),
        noted AS (INSERT INTO alert_notes (alert_id, at, actor, action) SELECT id, $2, $4, {Renotified} FROM due)
        INSERT INTO live_events (kind, incident_id, alert_id, action, recorded_at) SELECT {AlertRow}, incident_id, id, {Renotified}, $2 FROM due
        """;

    private static readonly string EscalateAlertSql = $"""
        WITH due AS (
            UPDATE alerts a SET level = greatest(a.level - 1, {District}), escalations = a.escalations + 1, escalate_at = $2 + $6,
                version = a.version + 1, last_action = {Escalated}, acted_by = $4, acted_at = $2
            WHERE a.state = {OpenAlert} AND a.escalate_at <= $2
            RETURNING a.id, a.incident_id),
        noted AS (INSERT INTO alert_notes (alert_id, at, actor, action, text) SELECT id, $2, $4, {Escalated}, 'unacknowledged' FROM due)
        INSERT INTO live_events (kind, incident_id, alert_id, action, recorded_at) SELECT {AlertRow}, incident_id, id, {Escalated}, $2 FROM due
        """;

    /// <summary>One sweep up to now; answers how many live rows (clock changes, escalations, alerts) it wrote.</summary>
    /// <param name="skipWhenBusy">Return at once when another sweep holds the row, rather than wait and sweep after it.</param>
    public async Task<int> SweepAsync(CancellationToken cancellationToken, bool skipWhenBusy = false)
    {
        var (written, escalated, now) = await SweepOnceAsync(skipWhenBusy, cancellationToken);
        if (escalated < EscalationBatch)
        {
            return written;
        }

        // A mass deadline: the rest of what was due by the same instant escalates at once, in batches on
        // two connections side by side. SKIP LOCKED hands each its own rows and each row's due time keeps
        // every escalation to one, as with two nodes sweeping.
        var more = await Task.WhenAll(Enumerable.Range(0, 2).Select(_ => EscalateRestAsync(now, cancellationToken)));
        return written + more.Sum();
    }

    private async Task<int> EscalateRestAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        var written = 0;
        while (true)
        {
            int rows;
            await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
            await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
            {
                rows = await ExecuteAsync(connection, transaction, EscalateSql, now, now, cancellationToken);
                await transaction.CommitAsync(cancellationToken);
            }

            metrics.Escalated(rows);
            metrics.AlertsRaised(rows);

            written += rows;
            if (rows > 0)
            {
                signal.Committed();
            }

            if (rows < EscalationBatch)
            {
                return written;
            }
        }
    }

    // Answers the live rows written and the incidents escalated (a full batch means more may be due).
    private async Task<(int Written, int Escalated, DateTimeOffset Now)> SweepOnceAsync(bool skipWhenBusy, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        int written;
        var escalated = 0;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            // The row lock makes a second node wait, then find the interval already swept.
            await using (var ensure = new NpgsqlCommand(
                "INSERT INTO deadline_sweeps (name, swept_until) VALUES ($1, '-infinity') ON CONFLICT DO NOTHING", connection, transaction))
            {
                ensure.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Name });
                await ensure.ExecuteNonQueryAsync(cancellationToken);
            }

            DateTimeOffset from;
            await using (var read = new NpgsqlCommand(
                "SELECT swept_until FROM deadline_sweeps WHERE name = $1 FOR UPDATE" + (skipWhenBusy ? " SKIP LOCKED" : ""), connection, transaction))
            {
                read.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Name });
                var found = await read.ExecuteScalarAsync(cancellationToken);
                if (found is null)
                {
                    return (0, 0, now); // skipped: another sweep is at work, and the next run starts where it ends
                }

                from = found is DateTime t ? new DateTimeOffset(t, TimeSpan.Zero) : DateTimeOffset.MinValue;
            }

            if (from >= now)
            {
                return (0, 0, now);
            }

            written = 0;
            var raised = 0;
            foreach (var sql in new[] { ClockSql, EscalateSql, RaiseSql, RenotifySql, EscalateAlertSql })
            {
                var rows = await ExecuteAsync(connection, transaction, sql, from, now, cancellationToken);
                // The escalation's count is its alerts' live rows: one per incident escalated (a cause already alerted adds none).
                escalated = ReferenceEquals(sql, EscalateSql) ? rows : escalated;
                raised += ReferenceEquals(sql, EscalateSql) || ReferenceEquals(sql, RaiseSql) ? rows : 0;
                written += rows;
            }

            await using (var advance = new NpgsqlCommand("UPDATE deadline_sweeps SET swept_until = $2 WHERE name = $1", connection, transaction))
            {
                advance.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Name });
                advance.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
                await advance.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
            metrics.Escalated(escalated);
            metrics.AlertsRaised(raised);
        }

        if (written > 0)
        {
            signal.Committed();
        }

        return (written, escalated, now);
    }

    private async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        // DateTimeOffset.MinValue travels as -infinity: the first sweep ever looks at all of the past.
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = to });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = options.Value.EscalateOverdueEvery });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Viewer.System.ActorName });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = options.Value.Renotify });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = options.Value.EscalateUnacknowledged });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
