using GridOps.Web.Data;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Alerts;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.Incidents;
using Npgsql;

namespace GridOps.Web.Features.DemoDistrict;

/// <summary>
/// The demo district's day, one tick at a time: residents, grid workers and the hotline report at
/// the district's daily rhythm and the centre works incidents through the closed loop with the same
/// handlers people use; one in ten is left alone so deadlines, warnings and alerts happen too. The
/// simulator ticks it on the wall clock; the README's screenshot scenario ticks it on a test clock.
/// Seeded, so the same ticks on the same clock tell the same story.
/// </summary>
public sealed class DemoDay(
    ReportIncidentHandler reports,
    ChangeIncidentHandler changes,
    AlertActions alerts,
    DemoPatrols patrols,
    NpgsqlDataSource dataSource,
    TimeProvider clock,
    WorkingTime.WorkingCalendarProvider calendar,
    DemoDistrictOptions demo,
    ILogger<DemoDay> logger)
{
    /// <summary>Reports per hour of the district's day, relative to the configured rate. Nights are
    /// quiet but not still (a floor of 0.25), so a demo opened at any hour of Shanghai's day moves.</summary>
    private static readonly double[] HourWeights =
        [0.25, 0.25, 0.25, 0.25, 0.25, 0.25, 0.4, 0.8, 1.3, 1.6, 1.5, 1.2, 0.8, 0.9, 1.3, 1.4, 1.3, 1.0, 0.8, 0.7, 0.6, 0.4, 0.3, 0.25];

    /// <summary>The simulated staff who work incidents: they sign their actions so the log says who. Bound to the demo
    /// district (set by <see cref="LoadAsync"/>), so the handlers themselves keep them out of every imported district (issue 20).</summary>
    private Viewer Staff = new(PrincipalKind.User, -1, "simulator", "演示值班员", AccessRole.CommandCentre, AccessScope.Everything);

    /// <summary>The demo district's id: the only incidents and alerts the simulator touches.</summary>
    private long districtId;

    private static Viewer GridWorker(long gridId) =>
        new(PrincipalKind.User, -2, "simulator-grid", "演示网格员", AccessRole.GridWorker, new AccessScope(gridId, Hierarchy.AreaLevel.Grid, null));

    private readonly Random random = new(20261123);
    private List<(string Code, double Lon, double Lat)> grids = [];

    /// <summary>Reads the district's grids and patrolling workers; call before the first tick.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        districtId = await Districts.DistrictIds.OfCodeAsync(dataSource, demo.DistrictCode, cancellationToken) ?? -1;

        Staff = Staff with { Scope = new AccessScope(districtId, AreaLevel.District, null) };
        grids = await GridsAsync(cancellationToken);
        await patrols.LoadAsync(districtId, cancellationToken);
    }

    /// <summary>One tick of the day: new reports, a step along the loop for some open incidents,
    /// old alerts acknowledged, patrol check-ins.</summary>
    /// <param name="perHour">Reports an hour at the busiest hour's weight of 1.</param>
    public async Task TickAsync(TimeSpan tick, double perHour, CancellationToken cancellationToken)
    {
        await ReportAsync(perHour * tick.TotalHours, cancellationToken);
        await WorkAsync(tick / BaseTick, cancellationToken);
        await AcknowledgeOldAlertsAsync(cancellationToken);
        await patrols.TickAsync(tick, random, cancellationToken);
    }

    /// <summary>
    /// A demo that starts with (nearly) nothing open gets a busy hour at once: about thirty reports
    /// and five minutes of work on them, so a newcomer's wall screen is full and moving within its
    /// first seconds instead of waiting for the simulated day to fill it.
    /// </summary>
    public async Task WarmStartAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"SELECT count(*) FROM incidents i WHERE i.district_id = $1 AND {IncidentStates.OpenSql}");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = districtId });
        if ((long)(await command.ExecuteScalarAsync(cancellationToken))! >= 10)
        {
            return;
        }

        await ReportAsync(30 / HourWeights[LocalHour()], cancellationToken);
        // Five minutes of the centre's work, twenty seconds at a time: most accepted, some on their way, a few closed.
        for (var round = 0; round < 15; round++)
        {
            await WorkAsync(4, cancellationToken);
        }
    }

    private int LocalHour() => TimeZoneInfo.ConvertTime(clock.GetUtcNow(), calendar.Zone).Hour;

    /// <param name="perTick">Reports expected per tick at the busiest hour's weight of 1.</param>
    private async Task ReportAsync(double perTick, CancellationToken cancellationToken)
    {
        if (grids.Count == 0)
        {
            return;
        }

        var expected = perTick * HourWeights[LocalHour()];
        for (var n = Poisson(expected); n > 0; n--)
        {
            var (category, description) = DemoScripts.Reports[random.Next(DemoScripts.Reports.Length)];
            var grid = grids[random.Next(grids.Count)];
            var source = random.NextDouble() switch { < 0.55 => IncidentSource.GridWorker, < 0.8 => IncidentSource.Hotline, _ => IncidentSource.Resident };
            // Within about 150 m of the grid's label point: inside the grid or a neighbour, as real reports are.
            await reports.HandleAsync(new ReportIncidentCommand
            {
                Source = source,
                Actor = "演示上报",
                Category = category,
                Description = description,
                Lon = grid.Lon + (random.NextDouble() - 0.5) * 0.003,
                Lat = grid.Lat + (random.NextDouble() - 0.5) * 0.0025,
            }, cancellationToken);
        }
    }

    /// <summary>The tick the step chances below are written for.</summary>
    private static readonly TimeSpan BaseTick = TimeSpan.FromSeconds(5);

    /// <summary>Moves open incidents one step along the loop, each with a small chance per tick (a few minutes per step on average).</summary>
    /// <param name="ticks">How many base ticks of 5 s this call stands for: a longer tick gives each step more chance.</param>
    private async Task WorkAsync(double ticks, CancellationToken cancellationToken)
    {
        // States 0–4 are steps of the loop; 5 (closed) still waits for the resident's evaluation.
        await using var command = dataSource.CreateCommand($"""
            SELECT i.ticket_no, i.version, i.state, i.id, g.code, g.id
            FROM incidents i LEFT JOIN areas g ON g.id = i.grid_id
            WHERE i.state IN ({Stored.List(IncidentState.Reported, IncidentState.Accepted, IncidentState.Dispatched, IncidentState.Handling, IncidentState.ReportedBack, IncidentState.Closed)}) AND i.id % 10 <> 0
                AND i.district_id = $1
            ORDER BY i.updated_at LIMIT 300
            """);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = districtId });
        var open = new List<(string Ticket, int Version, IncidentState State, long Id, string? Grid, long? GridId)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                open.Add((reader.GetString(0), reader.GetInt32(1), (IncidentState)reader.GetInt16(2), reader.GetInt64(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetInt64(5)));
            }
        }

        // One in ten is left untouched (not read above): its deadline passes and the centre sees a
        // warning, then an alert; they stay out of the 300 so they never crowd the rest out.
        foreach (var (ticket, version, state, id, grid, gridId) in open)
        {
            var (action, chance) = state switch
            {
                IncidentState.Reported => ("accept", 0.05),
                IncidentState.Accepted => ("dispatch", 0.05),
                IncidentState.Dispatched => ("startHandling", 0.03),
                IncidentState.Handling => ("reportBack", 0.015),
                IncidentState.ReportedBack => ("close", 0.04),
                _ => ("evaluate", 0.02),
            };
            if (random.NextDouble() >= 1 - Math.Pow(1 - chance, ticks))
            {
                continue;
            }

            if (action == "accept" && id % 25 == 3)
            {
                await changes.HandleAsync(ticket, "retier", Request(version, tier: "red", reason: "演示：涉及多户居民安全，升为红色挂牌督办"), [], Staff, cancellationToken);
                continue;
            }

            // The grid's worker handles and reports back what the centre dispatched to the grid; the centre does the rest.
            var actor = action is "startHandling" or "reportBack" && gridId is { } handlerGrid ? GridWorker(handlerGrid) : Staff;
            var outcome = await changes.HandleAsync(ticket, action, Request(version, areaCode: action == "dispatch" ? grid : null,
                text: action == "reportBack" ? "已到场处置完毕，现场照片已留存" : null,
                evaluation: action == "evaluate" ? (random.NextDouble() < 0.9 ? "satisfied" : "basicallySatisfied") : null), [], actor, cancellationToken);
            if (outcome.Status is not (ChangeStatus.Changed or ChangeStatus.Stale))
            {
                // Stale is normal (a person or the sweep moved it first); anything else means the demo's script is wrong.
                logger.LogWarning("Demo step {Action} on {Ticket} not done: {Status} {Code} {Errors}", action, ticket, outcome.Status,
                    outcome.Refusal?.Code, string.Join("; ", outcome.Errors.Select(e => $"{e.Key}: {string.Join(" ", e.Value)}")));
            }
        }
    }

    private async Task AcknowledgeOldAlertsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            SELECT a.id, a.version FROM alerts a JOIN incidents i ON i.id = a.incident_id
            WHERE a.state = {Stored.As(Alerts.AlertState.Open)} AND a.raised_at < $1 AND i.district_id = $2 ORDER BY a.raised_at LIMIT 5
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() - TimeSpan.FromMinutes(20) });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = districtId });
        var stale = new List<(long, int)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                stale.Add((reader.GetInt64(0), reader.GetInt32(1)));
            }
        }

        foreach (var (alertId, version) in stale)
        {
            await alerts.AcknowledgeAsync(Staff, alertId, version, cancellationToken);
        }
    }

    private static IncidentActionRequest Request(int version, string? areaCode = null, string? text = null, string? evaluation = null, string? tier = null, string? reason = null) =>
        new(version, null, reason, areaCode, null, null, null, text, null, evaluation, tier, null);

    private async Task<List<(string Code, double Lon, double Lat)>> GridsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            $"SELECT code, ST_X(label_point), ST_Y(label_point) FROM areas WHERE level = {Stored.As(AreaLevel.Grid)} AND retired_at IS NULL AND ancestor_ids[1] = $1");
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = districtId });
        var found = new List<(string, double, double)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add((reader.GetString(0), reader.GetDouble(1), reader.GetDouble(2)));
        }

        return found;
    }

    private int Poisson(double mean)
    {
        // Knuth's method: fine for the small means a 5-second tick has.
        var limit = Math.Exp(-mean);
        var product = random.NextDouble();
        var n = 0;
        while (product > limit)
        {
            n++;
            product *= random.NextDouble();
        }

        return n;
    }
}
