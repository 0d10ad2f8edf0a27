namespace GridOps.Web.Realtime;

/// <summary>The floor the live screens stand on: in-process subscriptions to the live stream.</summary>
internal static class RealtimeModule
{
    public static WebApplicationBuilder AddRealtime(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LiveSubscriptions>();
        builder.Services.AddSingleton<ILiveSubscriptions>(s => s.GetRequiredService<LiveSubscriptions>());
        return builder;
    }
}
