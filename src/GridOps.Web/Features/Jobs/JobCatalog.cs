using Quartz;

namespace GridOps.Web.Features.Jobs;

/// <summary>One scheduled job a feature registers: its name, what it is for, and how it is triggered.</summary>
public sealed record JobRegistration(string Name, string Description, Type JobType, Action<ITriggerConfigurator<IJob>> Schedule, bool RequestRecovery);

/// <summary>
/// The jobs features register at start-up (each feature its own, in its Add method); the jobs
/// module hands them all to Quartz at the end. Also what the Jobs page lists.
/// </summary>
public sealed class JobCatalog
{
    private readonly List<JobRegistration> jobs = [];

    public IReadOnlyList<JobRegistration> Jobs => jobs;

    public void Add(JobRegistration job) => jobs.Add(job);

    public JobRegistration? Find(string name) => jobs.FirstOrDefault(j => j.Name == name);
}

public static class JobCatalogExtensions
{
    public const string Group = "gridops";

    /// <summary>
    /// A calendar schedule in the district's time zone (the working calendar's, its default
    /// included). After downtime a missed firing runs once, at once: monthly work is idempotent.
    /// </summary>
    public static Action<ITriggerConfigurator<IJob>> InDistrict(this WebApplicationBuilder builder, string cron)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(
            (builder.Configuration.GetSection("WorkingTime").Get<WorkingTime.WorkingTimeOptions>() ?? new WorkingTime.WorkingTimeOptions()).TimeZone);
        return t => t.WithCronSchedule(cron, c => c.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed));
    }

    /// <summary>Registers a job of this feature (called from the feature's Add method).</summary>
    public static WebApplicationBuilder AddJob<TJob>(this WebApplicationBuilder builder, string name, string description,
        Action<ITriggerConfigurator<IJob>> schedule, bool requestRecovery = false) where TJob : IJob
    {
        Catalog(builder).Add(new JobRegistration(name, description, typeof(TJob), schedule, requestRecovery));
        return builder;
    }

    internal static JobCatalog Catalog(WebApplicationBuilder builder)
    {
        if (builder.Services.FirstOrDefault(d => d.ServiceType == typeof(JobCatalog))?.ImplementationInstance is JobCatalog existing)
        {
            return existing;
        }

        var catalog = new JobCatalog();
        builder.Services.AddSingleton(catalog);
        return catalog;
    }
}
