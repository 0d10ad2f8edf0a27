namespace GridOps.Web.Features.WorkingTime;

internal static class WorkingTimeModule
{
    public static WebApplicationBuilder AddWorkingTime(this WebApplicationBuilder builder)
    {
        // A zone or office hours GridOps cannot read stop it at start, naming the setting — not at the first report.
        builder.Services.AddOptions<WorkingTimeOptions>().Bind(builder.Configuration.GetSection("WorkingTime"))
            .Validate(o => TryParse(() => WorkingHours.Parse(o.Hours)), "WorkingTime:Hours must be \"HH:mm-HH:mm\" spans in order, e.g. \"08:30-12:00,13:30-17:30\" (empty: the whole day).")
            .Validate(o => TryParse(() => TimeZoneInfo.FindSystemTimeZoneById(o.TimeZone)), "WorkingTime:TimeZone must be an IANA time zone, e.g. Asia/Shanghai or America/New_York.")
            .ValidateOnStart();
        builder.Services.AddSingleton<WorkingCalendarProvider>();
        builder.Services.AddSingleton<CalendarEditing>();
        builder.Services.AddSingleton<CalendarAccess>();
        builder.Services.AddHostedService<CalendarRefresher>();
        return builder;
    }

    private static bool TryParse(Func<object> parse)
    {
        try
        {
            parse();
            return true;
        }
        catch (Exception e) when (e is FormatException or TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            return false;
        }
    }
}
