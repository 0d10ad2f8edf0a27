using GridOps.Web.Data;
using GridOps.Web.Features.Access;
using GridOps.Web.Realtime;
using Npgsql;

namespace GridOps.Web.Features.Alerts;

/// <summary>What a supervisor's action on an alert came to: done, or refused with why and the alert as it now stands.</summary>
public sealed record AlertOutcome(bool Done, string? Error, LiveEvent? Alert);

/// <summary>
/// Acknowledge, reassign, escalate and comment. Each is one conditional UPDATE on the version the
/// supervisor saw, with its note and live event in the same statement: of two supervisors pressing
/// at once, exactly one update matches, and the other is answered with who acted and when.
/// </summary>
public sealed class AlertActions(NpgsqlDataSource dataSource, LiveFeedReader reader, LiveSignal signal, TimeProvider clock,
    Microsoft.Extensions.Options.IOptions<AlertOptions> options, Platform.Telemetry.GridOpsMetrics metrics)
{
    public const string NotFound = "not-found";
    public const string Conflict = "conflict";
    public const string Invalid = "invalid";

    public Task<AlertOutcome> AcknowledgeAsync(Viewer viewer, long alertId, int version, CancellationToken cancellationToken) =>
        ActAsync(viewer, alertId, version, AlertAction.Acknowledged, $"state = {Stored.As(AlertState.Acknowledged)}", $"a.state = {Stored.As(AlertState.Open)}", null, cancellationToken);

    public async Task<AlertOutcome> ReassignAsync(Viewer viewer, long alertId, int version, string assignee, CancellationToken cancellationToken)
    {
        var name = await SupervisorNameAsync(assignee, cancellationToken);
        return name is null
            ? new AlertOutcome(false, Invalid, null)
            : await ActAsync(viewer, alertId, version, AlertAction.Reassigned, "assignee = $8", "true", name, cancellationToken, name);
    }

    public Task<AlertOutcome> EscalateAsync(Viewer viewer, long alertId, int version, string reason, CancellationToken cancellationToken) =>
        // Text from the console arrives over the circuit, past the HTTP guard: control characters are refused here.
        string.IsNullOrWhiteSpace(reason) || reason.Length > 500 || Platform.Requests.StorableText.Problem(reason) is not null
            ? Task.FromResult(new AlertOutcome(false, Invalid, null))
            // Up one level of the tree (grid → community → street → district); an escalated alert is open again.
            // Open again, it re-notifies and climbs on its own clocks from now.
            : ActAsync(viewer, alertId, version, AlertAction.Escalated,
                $"level = greatest(a.level - 1, {Stored.As(Hierarchy.AreaLevel.District)}), escalations = a.escalations + 1, state = {Stored.As(AlertState.Open)}, next_notify_at = $4 + $9, escalate_at = $4 + $10",
                "true", reason.Trim(), cancellationToken);

    /// <summary>A comment changes nothing another supervisor could be acting on, so it needs no version.</summary>
    public Task<AlertOutcome> CommentAsync(Viewer viewer, long alertId, string text, CancellationToken cancellationToken) =>
        string.IsNullOrWhiteSpace(text) || text.Length > 1000 || Platform.Requests.StorableText.Problem(text) is not null
            ? Task.FromResult(new AlertOutcome(false, Invalid, null))
            : ActAsync(viewer, alertId, null, AlertAction.Commented, "acted_by = a.acted_by", "true", text.Trim(), cancellationToken);

    private async Task<AlertOutcome> ActAsync(Viewer viewer, long alertId, int? version, AlertAction action, string set, string condition,
        string? text, CancellationToken cancellationToken, string? assignee = null)
    {
        var group = LiveGroups.For(viewer.Scope);
        var (scope, parameter) = LiveGroups.Condition(group);
        var stamp = action == AlertAction.Commented ? "" : ", version = a.version + 1, acted_by = $3, acted_at = $4, last_action = $5";
        var sql = $"""
            WITH changed AS (
                UPDATE alerts a SET {set}{stamp}
                WHERE a.id = $1 AND ($2 = 0 OR a.version = $2) AND {condition}
                    AND EXISTS (SELECT 1 FROM incidents i WHERE i.id = a.incident_id AND {scope.Replace("$P", "$7", StringComparison.Ordinal)})
                RETURNING a.id, a.incident_id),
            noted AS (INSERT INTO alert_notes (alert_id, at, actor, action, text) SELECT id, $4, $3, $5, $6 FROM changed)
            INSERT INTO live_events (kind, incident_id, alert_id, action, recorded_at) SELECT {Stored.As(LiveEventKind.Alert)}, incident_id, id, $5, $4 FROM changed
            """;
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = alertId });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version ?? 0 });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = viewer.ActorName });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        command.Parameters.Add(new NpgsqlParameter<short> { TypedValue = (short)action });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)text ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = parameter ?? DBNull.Value, NpgsqlDbType = parameter is long ? NpgsqlTypes.NpgsqlDbType.Bigint : NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter { Value = (object?)assignee ?? DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = options.Value.Renotify });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = options.Value.EscalateUnacknowledged });
        var changed = await command.ExecuteNonQueryAsync(cancellationToken) > 0;
        if (changed)
        {
            signal.Committed();
        }

        var found = await reader.AlertsAsync(group, alertId, includeAcknowledged: true, 1, cancellationToken);
        var current = found.Count > 0 ? found[0] : null;
        if (changed && action == AlertAction.Acknowledged && current?.Alert is { } acknowledged)
        {
            metrics.AlertAcknowledged((acknowledged.ActedAt ?? clock.GetUtcNow()) - acknowledged.RaisedAt);
        }

        return current is null ? new AlertOutcome(false, NotFound, null)
            : changed ? new AlertOutcome(true, null, current)
            : new AlertOutcome(false, Conflict, current);
    }

    /// <summary>Everyone an alert can be reassigned to: active people whose role works the inbox.</summary>
    public async Task<IReadOnlyList<(string Name, string Display)>> SupervisorsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT user_name, display_name FROM users WHERE NOT disabled AND role = ANY($1) ORDER BY user_name");
        command.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = SuperviseRoles });
        var people = new List<(string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            people.Add((reader.GetString(0), reader.GetString(1)));
        }

        return people;
    }

    private static readonly short[] SuperviseRoles =
        [.. RolePermissions.PersonRoles.Where(r => RolePermissions.Has(r, Capability.Supervise)).Select(r => (short)r)];

    /// <summary>The exact user name of an active person who may work the alert inbox, or null.</summary>
    private async Task<string?> SupervisorNameAsync(string userName, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT user_name FROM users WHERE lower(user_name) = lower($1) AND NOT disabled AND role = ANY($2)");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = userName.Trim() });
        command.Parameters.Add(new NpgsqlParameter<short[]> { TypedValue = SuperviseRoles });
        return await command.ExecuteScalarAsync(cancellationToken) as string;
    }
}
