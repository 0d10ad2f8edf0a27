namespace GridOps.Web.Features.WorkingTime;

/// <summary>
/// Reads the working calendar again every minute, so a year an administrator stored on one node counts on
/// every node soon after (the node that stored it reads it at once). The table is a few dozen rows a year.
/// </summary>
public sealed class CalendarRefresher(WorkingCalendarProvider calendars, TimeProvider time, ILogger<CalendarRefresher> logger) : BackgroundService
{
    public static readonly TimeSpan Every = TimeSpan.FromMinutes(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Every, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await calendars.LoadAsync(stoppingToken);
                }
                catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
                {
                    // The database is away: keep the calendar held, try again next minute.
                    logger.LogWarning(e, "Could not read the working calendar again; keeping the one held");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}
