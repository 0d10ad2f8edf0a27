using Npgsql;

namespace GridOps.Web.Features.Alerts;

/// <summary>Runs the deadline sweep every second on every node (the sweep itself makes that exactly-once).</summary>
public sealed class DeadlineSweepService(DeadlineSweep sweep, IConfiguration configuration, ILogger<DeadlineSweepService> logger) : BackgroundService
{
    private static readonly TimeSpan PruneEvery = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromSeconds(configuration.GetValue("Alerts:SweepSeconds", 1.0));
        // Scheduling waits on the system clock; what is due is decided by the app's TimeProvider inside the sweep.
        using var timer = new PeriodicTimer(interval, TimeProvider.System);
        var lastPrune = DateTimeOffset.MinValue;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await sweep.SweepAsync(stoppingToken);
                if (TimeProvider.System.GetUtcNow() - lastPrune > PruneEvery)
                {
                    await sweep.PruneAsync(stoppingToken);
                    lastPrune = TimeProvider.System.GetUtcNow();
                }
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Deadline sweep failed; the next one covers the same interval");
            }
        }
    }
}
