using Hangfire;
using Hangfire.Storage;

namespace GridOps.Web.Features.Jobs;

/// <summary>A recurring job as the Jobs page shows it, from Hangfire's storage.</summary>
public sealed record JobView(string Name, string Description, string Schedule, DateTimeOffset? NextRun, DateTimeOffset? LastRun,
    string? LastJobId, string? LastState, string? Error);

public sealed class JobQueries(JobStorage storage, JobCatalog catalog)
{
    public IReadOnlyList<JobView> All()
    {
        using var connection = storage.GetConnection();
        var stored = connection.GetRecurringJobs().ToDictionary(r => r.Id);
        return [.. catalog.Jobs.Select(job => stored.TryGetValue(job.Name, out var r)
            ? new JobView(job.Name, job.Description, $"{r.Cron} ({r.TimeZoneId ?? "UTC"})", Utc(r.NextExecution), Utc(r.LastExecution), r.LastJobId, r.LastJobState, r.Error)
            : new JobView(job.Name, job.Description, $"{job.Cron} ({job.TimeZone.Id})", null, null, null, null, null))];
    }

    private static DateTimeOffset? Utc(DateTime? at) => at is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t, DateTimeKind.Utc)) : null;
}
