namespace GridOps.Web.Features.Locate;

internal static class LocateModule
{
    public static WebApplicationBuilder AddLocate(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<LocateQueries>();
        return builder;
    }
}
