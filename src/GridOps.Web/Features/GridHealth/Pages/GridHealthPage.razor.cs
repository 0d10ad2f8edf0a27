using System.Globalization;
using GridOps.Web.Components.Maps;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.GridMap;
using GridOps.Web.Features.Hierarchy;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace GridOps.Web.Features.GridHealth.Pages;

public sealed partial class GridHealthPage
{
    private const int EmptyShown = 200;

    [CascadingParameter]
    private Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState> Authentication { get; set; } = null!;

    [Inject]
    private GridHealthQueries Health { get; set; } = null!;

    [Inject]
    private AreaQueries Areas { get; set; } = null!;

    [Inject]
    private IOptions<GridHealthOptions> Options { get; set; } = null!;

    private GridHealthReport Report { get; set; } = new(0, [], [], [], [], []);

    private MapSetup MapSetup { get; set; } = new();

    protected override async Task OnInitializedAsync()
    {
        var viewer = Viewer.From((await Authentication).User);
        Report = await Health.ComputeAsync(viewer.Scope, CancellationToken.None);
        var home = await Areas.ScopeAreaCodeAsync(viewer.Scope, CancellationToken.None);
        var detail = home is null ? null : await Areas.GetDetailAsync(home, viewer.Scope, CancellationToken.None);
        MapSetup = new MapSetup
        {
            Fill = MapFill.Palette,
            Bounds = detail?.Bounds,
            MicroGridMinZoom = MapTileQueries.MicroGridMinZoom,
            LegendLabel = L["Map.Legend"],
            Overlays =
            [
            Layer("blind", "Health.BlindZones", "fill", "#d7263d"),
            Layer("overlaps", "Health.Overlaps", "fill", "#7b2cbf"),
            Layer("beyond", "Health.Beyond", "fill", "#00838f"),
            Layer("overloaded", "Health.Overloaded", "fill", "#f77f00"),
            // A district without staff data lists every grid as empty: outlining them all would hide the rest.
            Layer("empty", "Health.Empty", "line", "#495057", on: Report.Empty.Count <= 50),
            ],
        };
        Loaded = true;
    }

    private MapOverlay Layer(string id, string label, string type, string color, bool on = true) =>
        new(id, L[label], "/api/grid-health.geojson", type, color, Layer: id, On: on);

    private string Problems(GridLoad grid) => string.Join("、", grid.Problems.Select(p => L["Health.Problem." + p].Value));

    private static string SquareMeters(double value) => value >= 10_000
        ? string.Create(CultureInfo.CurrentCulture, $"{value / 10_000:N2} ha")
        : string.Create(CultureInfo.CurrentCulture, $"{value:N0} m²");

    private static string Coordinates(double lon, double lat) => string.Create(CultureInfo.InvariantCulture, $"{lon:F5}, {lat:F5}");
}
