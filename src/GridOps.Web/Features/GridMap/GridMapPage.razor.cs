using GridOps.Web.Components.Maps;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Hierarchy;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace GridOps.Web.Features.GridMap;

/// <summary>
/// The grid map: every area on one map, its card beside it. Every state is an address (/map?area=CODE,
/// /map?q=…): a grid clicked, a link in the card or a search moves the address, the card follows, and the
/// map moves to the area — except after a click on the map itself, where the reader already looks.
/// </summary>
public sealed partial class GridMapPage
{
    private Components.Maps.GridMap? _map;
    private string? _query;
    private string? _shownArea;
    private bool _fitPending;
    private bool _fromMap;

    [Inject]
    private AreaQueries Areas { get; set; } = default!;

    [Inject]
    private MapTileQueries Tiles { get; set; } = default!;

    [Inject]
    private GridOps.Web.Features.Districts.DistrictZones Zones { get; set; } = default!;

    /// <summary>The shown area's district's clock and words for its levels, for its card.</summary>
    private TimeZoneInfo? _zone;
    private GridOps.Web.Features.Districts.DistrictLevelNames? _words;

    [Inject]
    private IOptions<GridMapOptions> Options { get; set; } = default!;

    [Inject]
    private NavigationManager Navigation { get; set; } = default!;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = null!;

    /// <summary>The selected area's code (?area=…); when absent, the viewer's own area (a grid worker's grid), or the first district for those who see it all.</summary>
    [SupplyParameterFromQuery(Name = "area")]
    public string? Area { get; set; }

    [SupplyParameterFromQuery(Name = "q")]
    public string? Q { get; set; }

    private AreaDetail? Detail { get; set; }

    /// <summary>The districts' areas a code shared by several names, for the whole database to choose from.</summary>
    private IReadOnlyList<AreaMatch> Choices { get; set; } = [];

    /// <summary>Whether links write codes with their district: the whole database with more than one.</summary>
    private bool Qualify { get; set; }

    private IReadOnlyList<AreaSummary> Districts { get; set; } = [];

    private IReadOnlyList<AreaSummary> Results { get; set; } = [];

    private MapSetup MapSetup { get; set; } = new();

    private bool Loaded { get; set; }

    private bool Ready { get; set; }

    protected override async Task OnInitializedAsync()
    {
        Districts = await Areas.GetDistrictsAsync(CancellationToken.None);
        MapSetup = new MapSetup
        {
            Fill = MapFill.Palette,
            Basemap = Options.Value.BasemapTileUrl is { Length: > 0 } basemap ? basemap : null,
            BasemapAttribution = Options.Value.BasemapAttribution is { Length: > 0 } attribution ? attribution : null,
            MicroGridMinZoom = MapTileQueries.MicroGridMinZoom,
            LevelWidths = await Tiles.LevelWidthsAsync(CancellationToken.None),
            LegendLabel = L["Map.Legend"],
            // Today's patrols and the active hotspots, each a layer the reader can switch off.
            Overlays =
            [
                new("patrols", L["Map.PatrolsToday"], "/api/map/patrols", "circle", "#0b7a3e"),
                new("hotspots", L["Map.Hotspots"], "/api/map/hotspots", "fill", "#c2185b"),
            ],
        };
    }

    protected override async Task OnParametersSetAsync()
    {
        var scope = Viewer.From((await Authentication).User).Scope;
        // Those who see it all start at the first district; the rest at their own area.
        var code = Area is { Length: > 0 } ? Area
            : scope.IsEverything ? (Districts.Count > 0 ? Districts[0].Code : null)
            : await Areas.ScopeAreaCodeAsync(scope, CancellationToken.None);
        if (code != _shownArea)
        {
            Detail = code is null ? null : await Areas.GetDetailAsync(code, scope, CancellationToken.None);
            // A code several districts have: the whole database chooses which (codes are unique per district, issue 20).
            Choices = Detail is null && code is not null && await Areas.FindAsync(code, scope, CancellationToken.None) is { IsAmbiguous: true } lookup
                ? lookup.Candidates : [];
            var locale = Detail is null ? null : await Zones.LocaleOfAreaAsync(Detail.Id, CancellationToken.None);
            (_zone, _words) = (locale?.Zone, locale?.Names);
            Qualify = scope.IsEverything && Districts.Count > 1;
            // The first picture starts fitted to the area; later ones fly there, unless the reader clicked the map.
            if (!Loaded)
            {
                MapSetup = MapSetup with { Bounds = Detail?.Bounds };
            }
            else
            {
                _fitPending = !_fromMap;
            }

            _shownArea = code;
            _fromMap = false;
        }

        _query = Q;
        Results = Q is { Length: > 0 } ? await Areas.SearchAsync(Q, 30, scope, CancellationToken.None) : [];
        Loaded = true;
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!Ready && Loaded && RendererInfo.IsInteractive)
        {
            Ready = true;
            StateHasChanged();
        }

        if (_fitPending && _map is not null && Detail is not null)
        {
            _fitPending = false;
            await _map.FitAsync(Detail.Bounds);
        }
    }

    private void ShowFromMap(string code)
    {
        _fromMap = true;
        Navigation.NavigateTo(AreaPanel.Link(code));
    }

    private void Search()
    {
        var q = _query?.Trim();
        Navigation.NavigateTo(q is { Length: > 0 } ? $"/map?q={Uri.EscapeDataString(q)}" : "/map");
    }
}
