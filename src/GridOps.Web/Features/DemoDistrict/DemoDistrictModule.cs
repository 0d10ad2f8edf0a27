namespace GridOps.Web.Features.DemoDistrict;

internal static class DemoDistrictModule
{
    public static WebApplicationBuilder AddDemoDistrict(this WebApplicationBuilder builder)
    {
        var options = new DemoDistrictOptions();
        builder.Configuration.GetSection("Demo").Bind(options);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<DemoDistrictSeeder>();
        builder.Services.AddSingleton<DemoNeeds>();
        // The demo's day is always at hand (a test can tick it on its own clock); it runs by itself
        // where the demo district does, unless switched off (Demo:Simulator:Enabled=false).
        builder.Services.AddSingleton<DemoPatrols>();
        builder.Services.AddSingleton<DemoDay>();
        if (DemoDistrictSeeder.IsEnabled(builder.Configuration) && builder.Configuration.GetValue("Demo:Simulator:Enabled", true))
        {
            builder.Services.AddHostedService<DemoSimulator>();
        }
        return builder;
    }
}
