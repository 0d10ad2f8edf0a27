using GridOps.Web.Features.Live;
using Npgsql;

namespace GridOps.Web.Features.Alerts;

/// <summary>
/// Notices what time alone changes: an incident passing 80 % of its limit (warning) or 100 %
/// (overdue), a whistled department missing its report-in deadline, a red incident. Each run looks
/// at the interval since the last one, recorded in the same transaction that raises the alerts, so
/// however many nodes sweep and however long all were down, every instant is acted on once.
/// Raising is idempotent besides (one alert per incident, kind and cause).
/// </summary>
public sealed class DeadlineSweep(NpgsqlDataSource dataSource, LiveSignal signal, TimeProvider clock)
{
    public const string Name = "deadlines";
    private const string Open = "i.state NOT IN (5, 6, 9, 10)";

    /// <summary>Live rows are kept this long: a screen away longer than this reloads instead of replaying.</summary>
    public static readonly TimeSpan LiveRetention = TimeSpan.FromDays(3);

    private static readonly string RaiseSql = $"""
        WITH due AS (
            SELECT i.id, 0::smallint AS kind, to_char(i.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS cause, i.assignee_area_id
            FROM incidents i WHERE i.due_at > $1 AND i.due_at <= $2 AND {Open}
            UNION ALL
            SELECT i.id, 2::smallint, 'red', i.assignee_area_id
            FROM incidents i WHERE i.tier = 3 AND {Open}
                AND NOT EXISTS (SELECT 1 FROM alerts a WHERE a.incident_id = i.id AND a.kind = 2)
            UNION ALL
            SELECT i.id, 3::smallint, c->>'departmentCode', i.assignee_area_id
            FROM incidents i CROSS JOIN LATERAL jsonb_array_elements(i.whistle_calls) c
            WHERE i.whistle_calls <> '[]'::jsonb AND {Open} AND c->>'reportedInAt' IS NULL
                AND (c->>'reportInDueAt')::timestamptz > $1 AND (c->>'reportInDueAt')::timestamptz <= $2),
        raised AS (
            INSERT INTO alerts (incident_id, kind, cause, raised_at, level)
            SELECT due.id, due.kind, due.cause, $2, coalesce((SELECT level FROM areas WHERE id = due.assignee_area_id), 0)
            FROM due
            ON CONFLICT (incident_id, kind, cause) DO NOTHING
            RETURNING id, incident_id),
        noted AS (
            INSERT INTO alert_notes (alert_id, at, actor, action) SELECT id, $2, 'system', 0 FROM raised)
        INSERT INTO live_events (kind, incident_id, alert_id, action) SELECT 2, incident_id, id, 0 FROM raised
        """;

    private static readonly string ClockSql = $"""
        INSERT INTO live_events (kind, incident_id, action)
        SELECT 1, i.id, 3 FROM incidents i WHERE i.due_at > $1 AND i.due_at <= $2 AND {Open}
        UNION ALL
        SELECT 1, i.id, 2 FROM incidents i WHERE i.warn_at > $1 AND i.warn_at <= $2 AND i.due_at > $2 AND {Open}
        """;

    /// <summary>One sweep up to now; answers how many live rows (clock changes and alerts) it wrote.</summary>
    public async Task<int> SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        int written;
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
            await using (var read = new NpgsqlCommand("SELECT swept_until FROM deadline_sweeps WHERE name = $1 FOR UPDATE", connection, transaction))
            {
                read.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Name });
                from = await read.ExecuteScalarAsync(cancellationToken) is DateTime t ? new DateTimeOffset(t, TimeSpan.Zero) : DateTimeOffset.MinValue;
            }

            if (from >= now)
            {
                return 0;
            }

            written = await ExecuteAsync(connection, transaction, ClockSql, from, now, cancellationToken)
                + await ExecuteAsync(connection, transaction, RaiseSql, from, now, cancellationToken);
            await using (var advance = new NpgsqlCommand("UPDATE deadline_sweeps SET swept_until = $2 WHERE name = $1", connection, transaction))
            {
                advance.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Name });
                advance.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
                await advance.ExecuteNonQueryAsync(cancellationToken);
            }

            await transaction.CommitAsync(cancellationToken);
        }

        if (written > 0)
        {
            signal.Committed();
        }

        return written;
    }

    /// <summary>Drops live rows older than the retention; incidents and alerts keep their own history.</summary>
    public async Task PruneAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM live_events WHERE recorded_at < $1");
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() - LiveRetention });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        // DateTimeOffset.MinValue travels as -infinity: the first sweep ever looks at all of the past.
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = from });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = to });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
