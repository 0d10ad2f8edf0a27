using Hangfire;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.States;
using Hangfire.Storage;

namespace GridOps.Web.Features.Jobs;

/// <summary>
/// The filters every job runs through: Hangfire's own (statistics for the dashboard, continuations),
/// no automatic retry unless a job asks for one (a sweep's next run is a second away; monthly work
/// asks for three), each run's logs in a scope carrying its job id, and the job's own attributes.
/// </summary>
internal static class JobFilters
{
    private static readonly Lock Defaults = new();
    private static bool _configured;

    public static IJobFilterProvider For(IServiceProvider services)
    {
        var filters = new JobFilterCollection
        {
            new StatisticsHistoryAttribute(),
            new ContinuationsSupportAttribute(),
            new AutomaticRetryAttribute { Attempts = 0, OnAttemptsExceeded = AttemptsExceededAction.Fail },
            new JobLogScope(services.GetRequiredService<ILoggerFactory>().CreateLogger("GridOps.Jobs"), services.GetRequiredService<Platform.Telemetry.GridOpsMetrics>()),
        };
        return new JobFilterProviderCollection(filters, new JobFilterAttributeFilterProvider());
    }

    /// <summary>Hangfire's process-wide settings: the same for every app in the process, set once.</summary>
    public static void ConfigureDefaults()
    {
        lock (Defaults)
        {
            if (_configured)
            {
                return;
            }

            GlobalConfiguration.Configuration
                .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            _configured = true;
        }
    }
}

/// <summary>
/// Every run is a span (<c>job {name}</c>, its own trace: a schedule has no caller) and a count with
/// its duration and outcome; every log line written while it runs carries its job id and name — and,
/// through the span, its trace id.
/// </summary>
internal sealed class JobLogScope(ILogger logger, Platform.Telemetry.GridOpsMetrics metrics) : IServerFilter
{
    private const string ScopeKey = "gridops:log-scope";
    private const string StartedKey = "gridops:started";
    private const string ActivityKey = "gridops:activity";
    private const string NameKey = "gridops:job";

    public void OnPerforming(PerformingContext context)
    {
        var name = context.GetJobParameter<string>("RecurringJobId") ?? context.BackgroundJob.Job.Type.Name;
        context.Items[NameKey] = name;
        // Started before the scope, so the scope's lines carry this span's trace id (ActivityTrackingOptions).
        // Without a listener (telemetry off) a bare activity still gives the run's lines one trace id to search by.
        var activity = Platform.Telemetry.GridOpsTelemetry.Source.StartActivity("job " + name, System.Diagnostics.ActivityKind.Internal, parentContext: default)
            ?? new System.Diagnostics.Activity("job " + name).Start();
        activity.SetTag("gridops.job", name);
        activity.SetTag("gridops.job.id", context.BackgroundJob.Id);
        context.Items[ActivityKey] = activity;
        context.Items[ScopeKey] = logger.BeginScope(new Dictionary<string, object> { ["JobId"] = context.BackgroundJob.Id, ["Job"] = name });
        context.Items[StartedKey] = System.Diagnostics.Stopwatch.GetTimestamp();
    }

    public void OnPerformed(PerformedContext context)
    {
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime((long)context.Items[StartedKey]);
        var failed = context.Exception is not null && !context.ExceptionHandled;
        if (failed)
        {
            logger.LogWarning(context.Exception, "Job {JobId} failed after {ElapsedMs} ms", context.BackgroundJob.Id, (long)elapsed.TotalMilliseconds);
        }
        else
        {
            logger.LogDebug("Job {JobId} ran in {ElapsedMs} ms", context.BackgroundJob.Id, (long)elapsed.TotalMilliseconds);
        }

        metrics.JobRan((string)context.Items[NameKey], elapsed, failed);
        (context.Items[ScopeKey] as IDisposable)?.Dispose();
        if (context.Items[ActivityKey] is System.Diagnostics.Activity activity)
        {
            if (failed)
            {
                activity.SetStatus(System.Diagnostics.ActivityStatusCode.Error, context.Exception!.GetType().Name);
            }

            activity.Dispose();
        }
    }
}

/// <summary>
/// A job that runs every second keeps its successful runs for minutes, not Hangfire's default day
/// (86,400 rows of history a day for the sweep alone); how failures are kept is the job's retry policy's.
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
internal sealed class KeepSucceededForAttribute(int minutes) : JobFilterAttribute, IApplyStateFilter
{
    public void OnStateApplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
        if (context.NewState is SucceededState)
        {
            context.JobExpirationTimeout = TimeSpan.FromMinutes(minutes);
        }
    }

    public void OnStateUnapplied(ApplyStateContext context, IWriteOnlyTransaction transaction)
    {
    }
}
