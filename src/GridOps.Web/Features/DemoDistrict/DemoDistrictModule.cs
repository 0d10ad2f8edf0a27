namespace GridOps.Web.Features.DemoDistrict;

internal static class DemoDistrictModule
{
    public static WebApplicationBuilder AddDemoDistrict(this WebApplicationBuilder builder)
    {
        var options = new DemoDistrictOptions();
        builder.Configuration.GetSection("Demo").Bind(options);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<DemoDistrictSeeder>();
        // The living demo runs where the demo district does, unless switched off (Demo:Simulator:Enabled=false).
        if (DemoDistrictSeeder.IsEnabled(builder.Configuration) && builder.Configuration.GetValue("Demo:Simulator:Enabled", true))
        {
            builder.Services.AddSingleton<DemoPatrols>();
            builder.Services.AddHostedService<DemoSimulator>();
        }
        return builder;
    }
}
