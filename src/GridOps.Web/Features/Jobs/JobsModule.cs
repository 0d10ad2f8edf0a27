using GridOps.Web.Data;
using GridOps.Web.Features.Access;
using Quartz;

namespace GridOps.Web.Features.Jobs;

/// <summary>
/// Scheduled work on Quartz.NET with its clustered ADO.NET store in GridOps' own database: a trigger
/// fires on exactly one node however many run, and a job a dead node was running is re-run by
/// another when the job asked for recovery (docs/decisions/014-scheduled-work.md).
/// </summary>
internal static class JobsModule
{
    /// <summary>Called last in Program.cs: every feature has registered its jobs by then.</summary>
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        var catalog = JobCatalogExtensions.Catalog(builder);
        var connectionString = DataModule.ConnectionString(builder.Configuration);
        builder.Services.AddSingleton<JobRunRecorder>();
        builder.Services.AddSingleton<JobQueries>();
        builder.Services.AddQuartz(q =>
        {
            q.ConfigureScheduler(o =>
            {
                o.InstanceName = "GridOps";
                // Every node needs its own id in the cluster (host name and a timestamp).
                o.GenerateInstanceId = true;
            });
            q.UsePersistentStore(store =>
            {
                store.UsePostgres(connectionString);
                store.UseSystemTextJsonSerializer();
                // A node that stops checking in for 15 s is presumed dead; its recoverable jobs run elsewhere.
                store.UseClustering(c =>
                {
                    c.CheckinInterval = TimeSpan.FromSeconds(5);
                    c.CheckinMisfireThreshold = TimeSpan.FromSeconds(15);
                });
                store.ProvisionSchema();
            });
            q.AddJobListener<JobRunRecorder>();
            foreach (var job in catalog.Jobs)
            {
                var key = new JobKey(job.Name, JobCatalogExtensions.Group);
                q.AddJob(job.JobType, j => j.WithIdentity(key).WithDescription(job.Description).RequestRecovery(job.RequestRecovery).StoreDurably());
                q.AddTrigger(t =>
                {
                    t.ForJob(key).WithIdentity(job.Name, JobCatalogExtensions.Group);
                    job.Schedule(t);
                });
            }
        });
        builder.Services.AddHostedService<SchedulerHost>();
        return builder;
    }

    public static WebApplication MapJobs(this WebApplication app)
    {
        app.MapPost("/admin/jobs/{name}/run", async (string name, JobCatalog catalog, ISchedulerFactory schedulers, HttpContext http, CancellationToken cancellationToken) =>
        {
            if (catalog.Find(name) is null)
            {
                return Results.NotFound();
            }

            var scheduler = await schedulers.GetScheduler(cancellationToken);
            await scheduler.TriggerJob(new JobKey(name, JobCatalogExtensions.Group), cancellationToken);
            return Results.Redirect("/admin/jobs?ran=" + Uri.EscapeDataString(name));
        }).RequireAuthorization(Can.ManageAccess).RequireAntiforgeryToken();
        return app;
    }
}
