namespace GridOps.Web.Features.Open311;

internal static class Open311Module
{
    public static WebApplicationBuilder AddOpen311(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<Open311Options>(builder.Configuration.GetSection("Open311"));
        return builder;
    }
}
