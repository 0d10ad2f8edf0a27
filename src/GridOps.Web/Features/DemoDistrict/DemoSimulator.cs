using GridOps.Web.Features.Access;
using GridOps.Web.Features.Alerts;
using GridOps.Web.Features.Incidents;
using GridOps.Web.Features.Live;
using Npgsql;

namespace GridOps.Web.Features.DemoDistrict;

/// <summary>
/// A living demo: grid workers, residents and the hotline report incidents at a district's daily
/// rhythm (busy mornings and afternoons, quiet nights), and the centre works them through the closed
/// loop — accept, dispatch, handle, report back, close, evaluate — through the same handlers people
/// use. One in ten is left alone so deadlines, warnings and alerts happen too; now and then one is
/// raised to red. One node runs it (a PostgreSQL advisory lock), only where the demo district is on.
/// </summary>
public sealed class DemoSimulator(
    ReportIncidentHandler reports,
    ChangeIncidentHandler changes,
    AlertActions alerts,
    DemoPatrols patrols,
    NpgsqlDataSource dataSource,
    TimeProvider clock,
    WorkingTime.WorkingCalendarProvider calendar,
    IConfiguration configuration,
    ILogger<DemoSimulator> logger) : BackgroundService
{
    private const long LockKey = 20_261_123_005;

    /// <summary>Reports per hour of the district's day, relative to the configured rate.</summary>
    private static readonly double[] HourWeights =
        [0.1, 0.05, 0.05, 0.05, 0.1, 0.2, 0.4, 0.8, 1.3, 1.6, 1.5, 1.2, 0.8, 0.9, 1.3, 1.4, 1.3, 1.0, 0.8, 0.7, 0.6, 0.4, 0.3, 0.2];

    /// <summary>The simulated staff who work incidents: they sign their actions so the log says who.</summary>
    private static readonly Viewer Staff = new(PrincipalKind.User, -1, "simulator", "演示值班员", AccessRole.CommandCentre, AccessScope.Everything);

    private readonly Random random = new(20261123);
    private List<(string Code, double Lon, double Lat)> grids = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var perHour = configuration.GetValue("Demo:Simulator:PerHour", 90.0);
        var tick = TimeSpan.FromSeconds(configuration.GetValue("Demo:Simulator:TickSeconds", 5.0));
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var holder = await dataSource.OpenConnectionAsync(stoppingToken);
                if (!await TryLockAsync(holder, stoppingToken))
                {
                    // Another node simulates; look again later in case it stops.
                    await Task.Delay(TimeSpan.FromSeconds(30), TimeProvider.System, stoppingToken);
                    continue;
                }

                grids = await GridsAsync(stoppingToken);
                await patrols.LoadAsync(stoppingToken);
                logger.LogInformation("Demo simulator running: about {PerHour} reports an hour at the busiest times", perHour);
                using var timer = new PeriodicTimer(tick, TimeProvider.System);
                while (await timer.WaitForNextTickAsync(stoppingToken))
                {
                    await ReportAsync(perHour * tick.TotalHours, stoppingToken);
                    await WorkAsync(stoppingToken);
                    await AcknowledgeOldAlertsAsync(stoppingToken);
                    await patrols.TickAsync(tick, random, stoppingToken);
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Demo simulator paused by a database error; resuming");
                await Task.Delay(TimeSpan.FromSeconds(5), TimeProvider.System, stoppingToken);
            }
        }
    }

    /// <param name="perTick">Reports expected per tick at the busiest hour's weight of 1.</param>
    private async Task ReportAsync(double perTick, CancellationToken cancellationToken)
    {
        if (grids.Count == 0)
        {
            return;
        }

        var hour = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), calendar.Zone).Hour;
        var expected = perTick * HourWeights[hour];
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

    /// <summary>Moves open incidents one step along the loop, each with a small chance per tick (a few minutes per step on average).</summary>
    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT i.ticket_no, i.version, i.state, i.id, g.code
            FROM incidents i LEFT JOIN areas g ON g.id = i.grid_id
            WHERE i.state IN (0, 1, 2, 3, 4, 5) ORDER BY i.updated_at LIMIT 300
            """);
        var open = new List<(string Ticket, int Version, IncidentState State, long Id, string? Grid)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                open.Add((reader.GetString(0), reader.GetInt32(1), (IncidentState)reader.GetInt16(2), reader.GetInt64(3), reader.IsDBNull(4) ? null : reader.GetString(4)));
            }
        }

        foreach (var (ticket, version, state, id, grid) in open)
        {
            // One in ten is left untouched: its deadline passes and the centre sees a warning, then an alert.
            if (id % 10 == 0)
            {
                continue;
            }

            var (action, chance) = state switch
            {
                IncidentState.Reported => ("accept", 0.05),
                IncidentState.Accepted => ("dispatch", 0.05),
                IncidentState.Dispatched => ("startHandling", 0.03),
                IncidentState.Handling => ("reportBack", 0.015),
                IncidentState.ReportedBack => ("close", 0.04),
                _ => ("evaluate", 0.02),
            };
            if (random.NextDouble() >= chance)
            {
                continue;
            }

            if (action == "accept" && id % 25 == 3)
            {
                await changes.HandleAsync(ticket, "retier", Request(version, tier: "red", reason: "演示：涉及多户居民安全，升为红色挂牌督办"), [], Staff, cancellationToken);
                continue;
            }

            await changes.HandleAsync(ticket, action, Request(version, areaCode: action == "dispatch" ? grid : null,
                text: action == "reportBack" ? "已到场处置完毕，现场照片已留存" : null,
                evaluation: action == "evaluate" ? (random.NextDouble() < 0.9 ? "satisfied" : "basicallySatisfied") : null), [], Staff, cancellationToken);
        }
    }

    private async Task AcknowledgeOldAlertsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT id, version FROM alerts WHERE state = 0 AND raised_at < $1 ORDER BY raised_at LIMIT 5");
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() - TimeSpan.FromMinutes(20) });
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
        await using var command = dataSource.CreateCommand("SELECT code, ST_X(label_point), ST_Y(label_point) FROM areas WHERE level = 3 AND retired_at IS NULL");
        var found = new List<(string, double, double)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add((reader.GetString(0), reader.GetDouble(1), reader.GetDouble(2)));
        }

        return found;
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = LockKey });
        return await command.ExecuteScalarAsync(cancellationToken) is true;
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
