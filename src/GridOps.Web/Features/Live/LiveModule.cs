using GridOps.Web.Features.Jobs;

namespace GridOps.Web.Features.Live;

/// <summary>The live stream, its hub and KPI ticks (alerts and the deadline sweep are Alerts' own: AlertsModule).</summary>
internal static class LiveModule
{
    public static WebApplicationBuilder AddLive(this WebApplicationBuilder builder)
    {
        builder.Services.AddSignalR(o =>
        {
            // A wall screen idles for hours between events; pings keep proxies from closing it.
            o.KeepAliveInterval = TimeSpan.FromSeconds(15);
            o.ClientTimeoutInterval = TimeSpan.FromSeconds(40);
        }).AddJsonProtocol(o =>
        {
            o.PayloadSerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter());
            // Hub arguments (alert comments, reasons) obey the same storable-text rule as every other door.
            o.PayloadSerializerOptions.Converters.Add(new Platform.Requests.StorableTextJsonConverter());
        });
        builder.Services.AddSingleton<LiveSignal>();
        builder.Services.AddSingleton<LiveStreamState>();
        builder.Services.AddHealthChecks().AddCheck<LiveStreamHealthCheck>("live", Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Degraded,
            [Platform.Health.HealthModule.Ready], Platform.Health.HealthModule.CheckTimeout);
        builder.Services.AddSingleton<LiveFeedReader>();
        builder.Services.AddSingleton<LiveKpiQueries>();
        builder.Services.AddSingleton<LiveTicker>();
        builder.Services.AddHostedService(s => s.GetRequiredService<LiveTicker>());
        builder.Services.AddKeyedSingleton(LivePump.WaitClockKey, TimeProvider.System);
        builder.Services.AddHostedService<LivePump>();
        // Off only in tests and benchmarks that drive the scheduled work by hand.
        builder.AddJob<LivePruneJob>(LivePruneJob.Name, "Drops live-stream rows older than three days", JobCatalogExtensions.Every(TimeSpan.FromHours(1)),
            builder.Configuration.GetValue("Alerts:Sweep", true));

        return builder;
    }

    public static WebApplication MapLive(this WebApplication app)
    {
        app.MapHub<LiveHub>(LiveHub.Path);
        app.MapLiveSnapshot();
        return app;
    }
}
