namespace GridOps.Web.Features.Incidents;

internal static class IncidentsModule
{
    public static WebApplicationBuilder AddIncidents(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IncidentClock>();
        builder.Services.AddSingleton<IncidentQueries>();
        builder.Services.AddSingleton<ReportIncidentHandler>();
        builder.Services.AddSingleton<ChangeIncidentHandler>();
        return builder;
    }
}
