using Quartz;

namespace GridOps.Web.Features.Jobs;

/// <summary>
/// Starts the scheduler with the app and stops it with the app — within the host's shutdown timeout,
/// whatever the database does. Quartz's own hosted service waited on its store, so with PostgreSQL
/// down a SIGTERM left the process running for over a minute until it was killed (issue 15). A job cut
/// short here is recovered elsewhere or on the next start (<see cref="JobRegistration.RequestRecovery"/>);
/// exactly once is the data's promise, not the scheduler's (decision 014).
/// </summary>
internal sealed class SchedulerHost(ISchedulerFactory schedulers, ILogger<SchedulerHost> logger) : IHostedService
{
    private IScheduler? _scheduler;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _scheduler = await schedulers.GetScheduler(cancellationToken);
        await _scheduler.Start(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_scheduler is null)
        {
            return;
        }

        // Running jobs get the rest of the shutdown time to finish; the scheduler is then left behind.
        var shutdown = _scheduler.Shutdown(waitForJobsToComplete: true, CancellationToken.None).AsTask();
        var deadline = Task.Delay(Timeout.Infinite, cancellationToken);
        if (await Task.WhenAny(shutdown, deadline) != shutdown)
        {
            logger.LogWarning("The scheduler did not stop within the shutdown timeout (is the database reachable?); stopping without it");
        }
    }
}
