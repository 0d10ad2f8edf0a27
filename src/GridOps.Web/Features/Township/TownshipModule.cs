namespace GridOps.Web.Features.Township;

/// <summary>The township view: a street's (or community's) numbers, counts, open incidents and approvals.</summary>
internal static class TownshipModule
{
    public static WebApplicationBuilder AddTownship(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<TownshipQueries>();
        return builder;
    }
}
