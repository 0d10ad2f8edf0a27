using Npgsql;

namespace GridOps.Web.Features.DemoDistrict;

/// <summary>
/// A living demo: ticks the <see cref="DemoDay"/> every few seconds of the wall clock, starting with a
/// warm start so the first minute is not empty. One node runs it (a PostgreSQL advisory lock), only
/// where the demo district is on.
/// </summary>
public sealed class DemoSimulator(DemoDay day, NpgsqlDataSource dataSource, IConfiguration configuration, ILogger<DemoSimulator> logger) : BackgroundService
{
    private const long LockKey = 20_261_123_005;

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

                await day.LoadAsync(stoppingToken);
                await day.WarmStartAsync(stoppingToken);
                logger.LogInformation("Demo simulator running: about {PerHour} reports an hour at the busiest times", perHour);
                using var timer = new PeriodicTimer(tick, TimeProvider.System);
                while (await timer.WaitForNextTickAsync(stoppingToken))
                {
                    await day.TickAsync(tick, perHour, stoppingToken);
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Demo simulator paused by a database error; resuming");
                await Task.Delay(TimeSpan.FromSeconds(5), TimeProvider.System, stoppingToken);
            }
        }
    }

    private static async Task<bool> TryLockAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1)", connection);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = LockKey });
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }
}
