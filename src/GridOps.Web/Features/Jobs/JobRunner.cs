using GridOps.Web.Features.Access;
using Hangfire;

namespace GridOps.Web.Features.Jobs;

public enum JobRunOutcome
{
    Queued,
    UnknownJob,

    /// <summary>The schedule every node shares lacks it: a node with the feature off removed it.</summary>
    NotScheduled,
}

/// <summary>"Run now" on the jobs page: a catalogued job triggered through Hangfire (so it runs once across nodes) and audited.</summary>
public sealed class JobRunner(JobCatalog catalog, IRecurringJobManagerV2 jobs, AuditTrail audit)
{
    public async Task<JobRunOutcome> RunNowAsync(string name, string actor, CancellationToken cancellationToken)
    {
        if (catalog.Find(name) is null)
        {
            return JobRunOutcome.UnknownJob;
        }

        if (jobs.TriggerJob(name) is not { } jobId)
        {
            return JobRunOutcome.NotScheduled;
        }

        await audit.WriteAsync(actor, "job-run", name, jobId, cancellationToken);
        return JobRunOutcome.Queued;
    }
}
