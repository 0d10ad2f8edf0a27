using GridOps.Web.Features.Jobs;

namespace GridOps.Web.Realtime;

/// <summary>
/// The floor the live screens stand on: the live stream (every writer's signal, the one pump per node that
/// reads it, its pruning) and the in-process subscriptions for circuits; features follow it as
/// <see cref="ILiveStreamListener"/>s (the hub relay, the KPI ticker).
/// Features publish into it and read from it; it registers nothing of theirs.
/// </summary>
internal static class RealtimeModule
{
    public static WebApplicationBuilder AddRealtime(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LiveSignal>();
        builder.Services.AddSingleton<LiveStreamState>();
        builder.Services.AddHealthChecks().AddCheck<LiveStreamHealthCheck>("live", Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded,
            [Platform.Health.HealthModule.Ready], Platform.Health.HealthModule.CheckTimeout);
        builder.Services.AddSingleton<LiveFeedReader>();
        builder.Services.AddKeyedSingleton(LivePump.WaitClockKey, TimeProvider.System);
        builder.Services.AddHostedService<LivePump>();
        builder.Services.AddSingleton<LiveSubscriptions>();
        builder.Services.AddSingleton<ILiveSubscriptions>(s => s.GetRequiredService<LiveSubscriptions>());
        // Off only in tests and benchmarks that drive the scheduled work by hand.
        builder.AddJob<LivePruneJob>(LivePruneJob.Name, "Drops live-stream rows older than three days", JobCatalogExtensions.Every(TimeSpan.FromHours(1)),
            builder.Configuration.GetValue("Alerts:Sweep", true));
        return builder;
    }
}
