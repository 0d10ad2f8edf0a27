using GridOps.Web.Features.Access;
using GridOps.Web.Features.Jobs;
using Quartz;

namespace GridOps.Web.Features.Assessment;

/// <summary>The monthly rhythm: indicators per unit, the frozen month, the mid-month review, the month-end ranking.</summary>
internal static class AssessmentModule
{
    public static WebApplicationBuilder AddAssessment(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<AssessmentOptions>(builder.Configuration.GetSection("Assessment"));
        builder.Services.AddSingleton<AssessmentCalculator>();
        builder.Services.AddSingleton<AssessmentStore>();
        builder.Services.AddSingleton<OpenIncidentsWeighing>();
        // The district's zone, as the working calendar reads it (its default included).
        var zone = TimeZoneInfo.FindSystemTimeZoneById(
            (builder.Configuration.GetSection("WorkingTime").Get<WorkingTime.WorkingTimeOptions>() ?? new WorkingTime.WorkingTimeOptions()).TimeZone);
        // After downtime a missed monthly firing runs once, at once (fire and proceed); freezing is idempotent besides.
        void Monthly(ITriggerConfigurator<IJob> t, string cron) =>
            t.WithCronSchedule(cron, c => c.InTimeZone(zone).WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed));
        builder.AddJob<FreezeLastMonthJob>(FreezeLastMonthJob.Name, "On the 1st: last month's assessment computed and frozen",
            t => Monthly(t, "0 5 0 1 * ?"), requestRecovery: true);
        builder.AddJob<MidMonthReviewJob>(MidMonthReviewJob.Name, "On the 15th: the mid-month review, month to date",
            t => Monthly(t, "0 0 8 15 * ?"), requestRecovery: true);
        builder.AddJob<MonthEndSummaryJob>(MonthEndSummaryJob.Name, "On the month's last day: summary and ranking",
            t => Monthly(t, "0 0 20 L * ?"), requestRecovery: true);
        return builder;
    }

    public static WebApplication MapAssessment(this WebApplication app)
    {
        app.MapGet("/assessment.csv", AssessmentCsv.ExportAsync).RequireAuthorization(Can.Supervise);
        return app;
    }
}
