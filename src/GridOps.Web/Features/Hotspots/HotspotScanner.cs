using GridOps.Web.Data;
using GridOps.Web.Features.Alerts;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.Jobs;
using GridOps.Web.Realtime;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridOps.Web.Features.Hotspots;

/// <summary>
/// Finds hotspots: per category, DBSCAN over the window's reports (in metres, Web Mercator scaled to
/// the district's latitude). A new cluster becomes a hotspot and raises one early-warning alert; a
/// cluster that shares reports with an existing hotspot grows it instead, silently — so a hotspot
/// alerts once however many scans see it.
/// </summary>
public sealed class HotspotScanner(NpgsqlDataSource dataSource, IOptions<HotspotOptions> options, IOptions<AlertOptions> alerts,
    LiveSignal signal, TimeProvider clock)
{
    private static readonly string ScanSql = $"""
        WITH recent AS (
            SELECT i.id, i.category_id, i.grid_id, i.reported_at, i.location, ST_Transform(i.location, 3857) AS m
            FROM incidents i
            WHERE i.reported_at >= $1 AND i.reported_at <= $2 AND i.location IS NOT NULL
              -- Web Mercator holds latitudes within ±85.05°: one stored row beyond it must not fail every scan.
              AND ST_Y(i.location) BETWEEN -85 AND 85 AND ST_X(i.location) BETWEEN -180 AND 180
              AND i.state NOT IN ({(int)Incidents.IncidentState.Voided}, {(int)Incidents.IncidentState.Merged})),
        clustered AS (
            SELECT r.*, ST_ClusterDBSCAN(r.m, eps := $3, minpoints := $4) OVER (PARTITION BY r.category_id) AS cluster FROM recent r),
        clusters AS (
            SELECT category_id, array_agg(id ORDER BY id) AS ids, min(reported_at) AS first_at, max(reported_at) AS last_at,
                   ST_Buffer(ST_ConvexHull(ST_Collect(location))::geography, 40)::geometry AS hull, ST_Centroid(ST_Collect(location)) AS centre,
                   mode() WITHIN GROUP (ORDER BY grid_id) AS grid_id
            FROM clustered WHERE cluster IS NOT NULL
            GROUP BY category_id, cluster),
        matched AS (
            SELECT c.*, (SELECT h.id FROM hotspots h WHERE h.category_id = c.category_id AND h.incident_ids && c.ids ORDER BY h.id DESC LIMIT 1) AS hotspot_id
            FROM clusters c),
        grown AS (
            UPDATE hotspots h SET incident_ids = (SELECT array_agg(DISTINCT x ORDER BY x) FROM unnest(h.incident_ids || m.ids) x),
                hull = ST_Multi(ST_Union(h.hull, m.hull)), centre = m.centre, last_reported_at = greatest(h.last_reported_at, m.last_at), updated_at = $2
            FROM matched m WHERE h.id = m.hotspot_id AND NOT (h.incident_ids @> m.ids)
            RETURNING h.id),
        found AS (
            INSERT INTO hotspots (category_id, grid_id, hull, centre, incident_ids, first_reported_at, last_reported_at, detected_at, updated_at)
            SELECT category_id, grid_id, hull, centre, ids, first_at, last_at, $2, $2 FROM matched WHERE hotspot_id IS NULL
            RETURNING id, incident_ids, grid_id),
        raised AS (
            INSERT INTO alerts (incident_id, kind, cause, raised_at, level, next_notify_at, escalate_at)
            SELECT f.incident_ids[array_length(f.incident_ids, 1)], {Stored.As(AlertKind.Hotspot)}, 'hotspot:' || f.id, $2,
                   coalesce((SELECT level FROM areas WHERE id = f.grid_id), {Stored.As(AreaLevel.District)}), $2 + $5, $2 + $6
            FROM found f
            ON CONFLICT (incident_id, kind, cause) DO NOTHING
            RETURNING id, incident_id),
        noted AS (INSERT INTO alert_notes (alert_id, at, actor, action, text) SELECT id, $2, 'system', {Stored.As(AlertAction.Raised)}, 'hotspot' FROM raised)
        INSERT INTO live_events (kind, incident_id, alert_id, action, recorded_at) SELECT {Stored.As(LiveEventKind.Alert)}, incident_id, id, {Stored.As(AlertAction.Raised)}, $2 FROM raised
        """;

    /// <summary>One scan up to now; answers how many hotspot alerts it raised.</summary>
    public async Task<int> ScanAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // One scan at a time across nodes: two overlapping scans could both see a cluster as new.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtext('gridops:hotspots'))", connection, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync(cancellationToken);
        }

        // Web Mercator stretches distances by 1/cos(latitude); the district's latitude scales eps back to metres.
        double latitude;
        await using (var centre = new NpgsqlCommand($"SELECT coalesce((SELECT ST_Y(label_point) FROM areas WHERE level = {Stored.As(AreaLevel.District)} ORDER BY id LIMIT 1), 0)", connection, transaction))
        {
            latitude = (double)(await centre.ExecuteScalarAsync(cancellationToken))!;
        }

        await using var command = new NpgsqlCommand(ScanSql, connection, transaction);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now - TimeSpan.FromHours(o.WindowHours) });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = now });
        command.Parameters.Add(new NpgsqlParameter<double> { TypedValue = o.RadiusMeters / Math.Cos(latitude * Math.PI / 180) });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = o.MinReports });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = alerts.Value.Renotify });
        command.Parameters.Add(new NpgsqlParameter<TimeSpan> { TypedValue = alerts.Value.EscalateUnacknowledged });
        var raised = await command.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (raised > 0)
        {
            signal.Committed();
        }

        return raised;
    }
}

/// <summary>Every few minutes: repeat reports clustered into hotspots, each raising one early warning.</summary>
/// Two scans at once wait on each other (the scanner's advisory lock), and each warning's cause is unique.
public sealed class HotspotScanJob(HotspotScanner scanner) : IScheduledJob
{
    public const string Name = "hotspot-scan";

    public Task RunAsync(CancellationToken cancellationToken) => scanner.ScanAsync(cancellationToken);
}
