using GridOps.Web.Data;
using GridOps.Web.Features.Access;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Hangfire.Dashboard;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace GridOps.Web.Features.Jobs;

/// <summary>
/// Scheduled work on Hangfire with its PostgreSQL storage in GridOps' own database (schema
/// <c>hangfire</c>): each recurring job is enqueued once per occurrence however many nodes run, a
/// job a dead node was running becomes visible again and runs elsewhere, and the dashboard shows
/// every run (docs/decisions/018-hangfire.md).
/// </summary>
internal static class JobsModule
{
    public const string Schema = "hangfire";
    public const string DashboardPath = "/admin/hangfire";

    /// <summary>Called last in Program.cs: every feature has registered its jobs by then.</summary>
    public static WebApplicationBuilder AddJobs(this WebApplicationBuilder builder)
    {
        JobCatalogExtensions.Catalog(builder);
        var connectionString = new NpgsqlConnectionStringBuilder(DataModule.ConnectionString(builder.Configuration))
        {
            ApplicationName = "gridops-jobs",
            MaxPoolSize = 20,
        }.ConnectionString;

        // Hangfire keeps its defaults in statics; what is the app's own (storage, activator, filters
        // that log and record) is registered here first, so two apps in one process (the tests) stay apart.
        builder.Services.AddSingleton<JobStorage>(_ =>
        {
            var options = new PostgreSqlStorageOptions
            {
                SchemaName = Schema,
                PrepareSchemaIfNecessary = false, // installed with the migrations (DatabaseMigrator)
                QueuePollInterval = TimeSpan.FromSeconds(1),
                // A job a killed node was running is fetched again 30 s after its node's last keep-alive.
                InvisibilityTimeout = TimeSpan.FromSeconds(30),
                UseSlidingInvisibilityTimeout = true,
                DistributedLockTimeout = TimeSpan.FromSeconds(30),
                JobExpirationCheckInterval = TimeSpan.FromMinutes(10),
            };
            return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, options), options);
        });
        builder.Services.AddSingleton<JobActivator>(services => new AspNetCoreJobActivator(services.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddSingleton<IJobFilterProvider>(services => JobFilters.For(services));
        builder.Services.AddHangfire((services, configuration) =>
        {
            JobFilters.ConfigureDefaults();
            // After AddHangfire's own provider, which would tie every app in the process to this one's factory.
            HangfireLogBridge.Instance.Attach(services.GetRequiredService<ILoggerFactory>(), services.GetRequiredService<IHostApplicationLifetime>());
            configuration.UseLogProvider(HangfireLogBridge.Instance);
        });
        builder.Services.AddSingleton<JobQueries>();
        builder.Services.AddSingleton<JobRunner>();
        builder.Services.AddHealthChecks().AddCheck<JobServerHealthCheck>("jobs", HealthStatus.Degraded, [Platform.Health.HealthModule.Ready], Platform.Health.HealthModule.CheckTimeout);
        // Before the server: the recurring jobs are in storage when it first looks.
        builder.Services.AddHostedService<RecurringJobsRegistrar>();
        builder.Services.AddHangfireServer((_, server) =>
        {
            // The default 15 s made a job due at :00 start near :09; a second keeps the sweep on time.
            server.SchedulePollingInterval = TimeSpan.FromSeconds(1);
            server.WorkerCount = 4;
            // Within the host's own 10 s: a job still running then is cut short and runs again elsewhere.
            server.ShutdownTimeout = TimeSpan.FromSeconds(5);
            server.StopTimeout = TimeSpan.FromSeconds(2);
        });
        return builder;
    }

    public static WebApplication MapJobs(this WebApplication app)
    {
        app.UseMiddleware<DashboardAudit>();
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [],
            AsyncAuthorization = [new DashboardAccess()],
            // Jobs run for every district: a district's administrator reads the dashboard, only the whole database acts on it.
            IsReadOnlyFunc = context => context.GetHttpContext().Viewer() is var viewer && !(viewer.Can(Capability.ManageAccess) && viewer.Scope.IsEverything),
            AppPath = "/admin/jobs",
            DashboardTitle = "GridOps · Hangfire",
            DisplayStorageConnectionString = false,
        }, app.Services.GetRequiredService<JobStorage>()).RequireAuthorization(Can.ViewJobs);
        return app;
    }
}
