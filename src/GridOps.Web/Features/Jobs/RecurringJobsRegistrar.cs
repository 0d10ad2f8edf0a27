using Hangfire;

namespace GridOps.Web.Features.Jobs;

/// <summary>
/// At start, writes every job this node's settings switch on into Hangfire's storage (an unchanged
/// schedule keeps its next run, so an occurrence missed while every node was down still runs once)
/// and removes those its settings switch off (hotspots disabled, say). A stored job this node does
/// not know is left alone: a newer node may run it (a rolling deploy); a job retired from the code
/// shows on the dashboard as not loadable, where an administrator deletes it.
/// </summary>
internal sealed class RecurringJobsRegistrar(JobCatalog catalog, IRecurringJobManager manager) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var job in catalog.All)
        {
            if (job.Enabled)
            {
                job.Register(manager, job);
            }
            else
            {
                manager.RemoveIfExists(job.Name);
            }
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
