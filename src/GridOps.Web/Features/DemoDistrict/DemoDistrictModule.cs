namespace GridOps.Web.Features.DemoDistrict;

internal static class DemoDistrictModule
{
    public static WebApplicationBuilder AddDemoDistrict(this WebApplicationBuilder builder)
    {
        var options = new DemoDistrictOptions();
        builder.Configuration.GetSection("Demo").Bind(options);
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton<DemoDistrictSeeder>();
        return builder;
    }
}
