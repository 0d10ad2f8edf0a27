namespace GridOps.Web.Features.WorkingTime;

internal static class WorkingTimeModule
{
    public static WebApplicationBuilder AddWorkingTime(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<WorkingTimeOptions>(builder.Configuration.GetSection("WorkingTime"));
        builder.Services.AddSingleton<WorkingCalendarProvider>();
        return builder;
    }
}
