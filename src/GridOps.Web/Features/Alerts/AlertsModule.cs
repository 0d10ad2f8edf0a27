using GridOps.Web.Features.Jobs;

namespace GridOps.Web.Features.Alerts;

/// <summary>Alerts: the deadline sweep that turns time into warnings, overdue and alerts, and the supervisors' actions on them.</summary>
internal static class AlertsModule
{
    public static WebApplicationBuilder AddAlerts(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<AlertOptions>(builder.Configuration.GetSection("Alerts"));
        builder.Services.AddSingleton<AlertActions>();
        builder.Services.AddSingleton<DeadlineSweep>();
        // Off only in tests and benchmarks that drive the sweep by hand.
        var sweeping = builder.Configuration.GetValue("Alerts:Sweep", true);
        var every = TimeSpan.FromSeconds(builder.Configuration.GetValue("Alerts:SweepSeconds", 1.0));
        // After downtime the job runs once at once (not once per missed second): that sweep covers the whole gap.
        builder.AddJob<DeadlineSweepJob>(DeadlineSweepJob.Name, "Warnings, overdue, escalation up the tree, alerts and re-notification",
            JobCatalogExtensions.Every(every), sweeping);
        return builder;
    }
}
