using Microsoft.AspNetCore.RateLimiting;

namespace GridOps.Web.Features.Incidents;

internal static class IncidentsModule
{
    public const string IntakePolicy = "intake";

    public static WebApplicationBuilder AddIncidents(this WebApplicationBuilder builder)
    {
        // Admission control for intake: a burst waits in a queue in arrival order instead of
        // becoming hundreds of concurrent requests that cost more CPU each (docs/benchmarks.md).
        builder.Services.AddRateLimiter(options =>
        {
            options.RejectionStatusCode = StatusCodes.Status503ServiceUnavailable;
            options.AddConcurrencyLimiter(IntakePolicy, limiter =>
            {
                limiter.PermitLimit = builder.Configuration.GetValue("Intake:MaxConcurrent", Math.Max(8, 4 * Environment.ProcessorCount));
                limiter.QueueLimit = 20_000;
                limiter.QueueProcessingOrder = System.Threading.RateLimiting.QueueProcessingOrder.OldestFirst;
            });
        });
        builder.Services.AddSingleton<IncidentClock>();
        builder.Services.AddSingleton<IncidentQueries>();
        builder.Services.AddSingleton<ReportIncidentHandler>();
        builder.Services.AddSingleton<ChangeIncidentHandler>();
        return builder;
    }
}
