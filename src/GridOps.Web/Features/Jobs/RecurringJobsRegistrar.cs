using Hangfire;
using Hangfire.Storage;

namespace GridOps.Web.Features.Jobs;

/// <summary>
/// At start, writes every registered job's schedule into Hangfire's storage (an unchanged schedule
/// keeps its next run, so an occurrence missed while every node was down still runs once) and
/// removes recurring jobs the app no longer has (a feature switched off).
/// </summary>
internal sealed class RecurringJobsRegistrar(JobCatalog catalog, IRecurringJobManager manager, JobStorage storage, ILogger<RecurringJobsRegistrar> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var job in catalog.Jobs)
        {
            job.Register(manager, job);
        }

        using var connection = storage.GetConnection();
        foreach (var stale in connection.GetRecurringJobs().Where(r => catalog.Find(r.Id) is null))
        {
            manager.RemoveIfExists(stale.Id);
            logger.LogInformation("Removed the recurring job {Job}: no feature registers it any more", stale.Id);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
