using GridOps.Web.Realtime;

namespace GridOps.Web.Features.Live;

/// <summary>What live pages outside the circuit use: the hub for external clients (relayed from the pump), KPI queries and ticks, the snapshot a page starts from. The stream itself is Realtime's.</summary>
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
        builder.Services.AddSingleton<LiveKpiQueries>();
        builder.Services.AddSingleton<LiveTicker>();
        builder.Services.AddHostedService(s => s.GetRequiredService<LiveTicker>());
        // The pump's listeners, in this order: external clients get each group's batch, then the KPI ticks are marked.
        builder.Services.AddSingleton<LiveHubRelay>();
        builder.Services.AddSingleton<ILiveStreamListener>(s => s.GetRequiredService<LiveHubRelay>());
        builder.Services.AddSingleton<ILiveStreamListener>(s => s.GetRequiredService<LiveTicker>());
        return builder;
    }

    public static WebApplication MapLive(this WebApplication app)
    {
        app.MapHub<LiveHub>(LiveHub.Path);
        app.MapLiveSnapshot();
        return app;
    }
}
