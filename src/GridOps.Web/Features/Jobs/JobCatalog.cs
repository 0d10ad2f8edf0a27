using System.Globalization;
using Hangfire;

namespace GridOps.Web.Features.Jobs;

/// <summary>Work a feature schedules: one method, given the job's cancellation (the host stopping).</summary>
public interface IScheduledJob
{
    Task RunAsync(CancellationToken cancellationToken);
}

/// <summary>
/// One recurring job a feature registers: its name (the Hangfire recurring-job id), what it is for,
/// its cron (6 fields: seconds first), the zone the cron is read in, and whether this node's settings
/// switch it on (a job switched off is removed from the schedule every node shares: set it alike on all).
/// </summary>
public sealed record JobRegistration(string Name, string Description, Type JobType, string Cron, TimeZoneInfo TimeZone,
    Action<IRecurringJobManager, JobRegistration> Register, bool Enabled = true);

/// <summary>
/// The jobs features register at start-up (each feature its own, in its Add method); the jobs
/// module hands them all to Hangfire when the app starts. Also what the Jobs page lists.
/// </summary>
public sealed class JobCatalog
{
    private readonly List<JobRegistration> jobs = [];

    /// <summary>Every job a feature registered, switched on or off.</summary>
    public IReadOnlyList<JobRegistration> All => jobs;

    /// <summary>The jobs this node schedules.</summary>
    public IReadOnlyList<JobRegistration> Jobs => [.. jobs.Where(j => j.Enabled)];

    public void Add(JobRegistration job) => jobs.Add(job);

    /// <summary>A job that is switched on, by name.</summary>
    public JobRegistration? Find(string name) => jobs.FirstOrDefault(j => j.Name == name && j.Enabled);
}

public static class JobCatalogExtensions
{
    /// <summary>
    /// A calendar schedule in the district's time zone (the working calendar's, its default included).
    /// After downtime a missed occurrence runs once, at once (Hangfire's relaxed misfire handling):
    /// monthly work is idempotent.
    /// </summary>
    public static JobSchedule InDistrict(this WebApplicationBuilder builder, string cron) => new(cron,
        TimeZoneInfo.FindSystemTimeZoneById(
            (builder.Configuration.GetSection("WorkingTime").Get<WorkingTime.WorkingTimeOptions>() ?? new WorkingTime.WorkingTimeOptions()).TimeZone));

    /// <summary>
    /// Every <paramref name="interval"/>: whole seconds below a minute, whole minutes below an hour, whole hours
    /// (a cron step, so an interval that does not divide the minute or hour restarts at each one).
    /// </summary>
    public static JobSchedule Every(TimeSpan interval)
    {
        var seconds = Math.Max(1, (int)Math.Round(interval.TotalSeconds));
        static string Step(int n) => n == 1 ? "*" : $"*/{n}";
        var cron = seconds switch
        {
            < 60 => $"{Step(seconds)} * * * * *",
            < 3600 => $"0 {Step(seconds / 60)} * * * *",
            _ => $"0 0 {Step(Math.Min(23, seconds / 3600))} * * *",
        };
        return new JobSchedule(cron, TimeZoneInfo.Utc);
    }

    /// <summary>Registers a job of this feature (called from the feature's Add method).</summary>
    public static WebApplicationBuilder AddJob<TJob>(this WebApplicationBuilder builder, string name, string description, JobSchedule schedule,
        bool enabled = true) where TJob : IScheduledJob
    {
        Catalog(builder).Add(Registration<TJob>(name, description, schedule) with { Enabled = enabled });
        return builder;
    }

    /// <summary>A recurring job running <typeparamref name="TJob"/> (relaxed misfires: after downtime, once).</summary>
    public static JobRegistration Registration<TJob>(string name, string description, JobSchedule schedule) where TJob : IScheduledJob =>
        new(name, description, typeof(TJob), schedule.Cron, schedule.TimeZone, static (manager, job) =>
            manager.AddOrUpdate<TJob>(job.Name, j => j.RunAsync(CancellationToken.None), job.Cron,
                new RecurringJobOptions { TimeZone = job.TimeZone, MisfireHandling = MisfireHandlingMode.Relaxed }));

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

/// <summary>A cron (6 fields, seconds first) and the zone it is read in.</summary>
public sealed record JobSchedule(string Cron, TimeZoneInfo TimeZone)
{
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Cron} ({TimeZone.Id})");
}
