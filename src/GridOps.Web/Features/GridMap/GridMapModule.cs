namespace GridOps.Web.Features.GridMap;

public sealed class GridMapOptions
{
    /// <summary>An XYZ raster tile URL for a basemap; empty draws the grids on a plain background.</summary>
    public string BasemapTileUrl { get; set; } = "";

    /// <summary>Attribution text shown under the basemap (its licence usually asks for it).</summary>
    public string BasemapAttribution { get; set; } = "";
}

internal static class GridMapModule
{
    public static WebApplicationBuilder AddGridMap(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<GridMapOptions>(builder.Configuration.GetSection("Map"));
        builder.Services.AddSingleton<MapTileQueries>();
        return builder;
    }
}
