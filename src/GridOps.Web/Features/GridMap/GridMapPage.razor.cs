using GridOps.Web.Features.Access;
using GridOps.Web.Features.Hierarchy;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace GridOps.Web.Features.GridMap;

public sealed partial class GridMapPage
{
    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = default!;

    [Inject]
    private AreaQueries Areas { get; set; } = default!;

    [Inject]
    private MapTileQueries Tiles { get; set; } = default!;

    [Inject]
    private IOptions<GridMapOptions> Options { get; set; } = default!;

    /// <summary>The selected area's code (?area=…); when absent, the viewer's own area (a grid worker's grid), or the first district for those who see it all.</summary>
    [SupplyParameterFromQuery(Name = "area")]
    public string? Area { get; set; }

    [SupplyParameterFromQuery(Name = "q")]
    public string? Q { get; set; }

    private AreaDetail? Detail { get; set; }

    private IReadOnlyList<AreaSummary> Districts { get; set; } = [];

    private IReadOnlyList<AreaSummary> Results { get; set; } = [];

    private string LevelWidths { get; set; } = "";

    /// <summary>Today's patrols and the active hotspots, each a layer the user can switch off.</summary>
    private string Overlays => System.Text.Json.JsonSerializer.Serialize(new[]
    {
        new { id = "patrols", label = L["Map.PatrolsToday"].Value, url = "/api/map/patrols", type = "circle", color = "#0b7a3e", on = true },
        new { id = "hotspots", label = L["Map.Hotspots"].Value, url = "/api/map/hotspots", type = "fill", color = "#c2185b", on = true },
    });

    protected override async Task OnInitializedAsync()
    {
        Districts = await Areas.GetDistrictsAsync(CancellationToken.None);
        var scope = HttpContext.Viewer().Scope;
        // Those who see it all start at the district already read above; the rest at their own area.
        var code = Area is { Length: > 0 } ? Area
            : scope.IsEverything ? (Districts.Count > 0 ? Districts[0].Code : null)
            : await Areas.ScopeAreaCodeAsync(scope, CancellationToken.None);
        if (code is not null)
        {
            Detail = await Areas.GetDetailAsync(code, scope, CancellationToken.None);
        }

        if (Q is { Length: > 0 })
        {
            Results = await Areas.SearchAsync(Q, 30, CancellationToken.None);
        }

        LevelWidths = await Tiles.LevelWidthsAsync(CancellationToken.None);
    }
}
