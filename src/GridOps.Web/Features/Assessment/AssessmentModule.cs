using GridOps.Web.Features.Access;
using GridOps.Web.Features.Jobs;

namespace GridOps.Web.Features.Assessment;

/// <summary>The monthly rhythm: indicators per unit, the frozen month, the mid-month review, the month-end ranking.</summary>
internal static class AssessmentModule
{
    public static WebApplicationBuilder AddAssessment(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<AssessmentOptions>(builder.Configuration.GetSection("Assessment"));
        builder.Services.AddSingleton<AssessmentCalculator>();
        builder.Services.AddSingleton<AssessmentStore>();
        builder.Services.AddSingleton<AssessmentSnapshots>();
        builder.Services.AddSingleton<OpenIncidentsWeighing>();
        // Hourly on the 1st and 2nd: last month is frozen at the first run after it has ended in every district (a
        // district further west ends it up to a day later than GridOps' clock); every later run finds it frozen.
        builder.AddJob<FreezeLastMonthJob>(FreezeLastMonthJob.Name, "On the 1st: last month's assessment computed and frozen, once it is over in every district",
            builder.InDistrict("0 5 * 1,2 * *"));
        // Hourly, so that every district's own 08:00 on the 15th (20:00 on the last day), whatever its zone, is met within
        // the hour, and one missed while every node was down is taken at the next run; a run with nothing due reads a few rows.
        builder.AddJob<MidMonthReviewJob>(MidMonthReviewJob.Name, "On the 15th, 08:00 in each district: the mid-month review, month to date",
            builder.InDistrict("0 0 * * * *"));
        builder.AddJob<MonthEndSummaryJob>(MonthEndSummaryJob.Name, "On the month's last day, 20:00 in each district: summary and ranking",
            builder.InDistrict("0 0 * * * *"));
        return builder;
    }

    public static WebApplication MapAssessment(this WebApplication app)
    {
        app.MapGet("/assessment.csv", AssessmentCsv.ExportAsync).RequireAuthorization(Can.Supervise).WithTags("Assessment")
            .WithSummary("A month's assessment (indicators, scores, grades, ranks) as CSV").Produces(StatusCodes.Status200OK, contentType: "text/csv");
        return app;
    }
}
