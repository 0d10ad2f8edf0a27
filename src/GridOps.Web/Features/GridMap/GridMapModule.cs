namespace GridOps.Web.Features.GridMap;

public sealed class GridMapOptions
{
    /// <summary>An XYZ raster tile URL for a basemap; empty draws the grids on a plain background.</summary>
    public string BasemapTileUrl { get; set; } = "";

    /// <summary>Attribution text shown under the basemap (its licence usually asks for it).</summary>
    public string BasemapAttribution { get; set; } = "";

    /// <summary>
    /// How often, on average, the wall's map takes a change of pins (ms): each rebuilds the clustered pins and
    /// costs whole WebGL frames. A lone incident, or a steady one a second, shows at once; a storm's pins are
    /// gathered and drawn once per gap (grid colours still change at once). 0 takes every change as it comes.
    /// </summary>
    public int WallUpdateGapMs { get; set; } = 1000;
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
