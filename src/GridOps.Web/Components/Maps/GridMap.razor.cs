using GridOps.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace GridOps.Web.Components.Maps;

/// <summary>
/// The grids, live pins and overlays on a MapLibre map (wwwroot-assets/src/components/grid-map.js). The page
/// hands over what should be on the map — pins, area counts, a selection — and after each render the
/// component sends only what changed since it last sent: a storm that moves ten pins crosses the circuit
/// as ten pins, however many the map holds. A grid clicked opens its card on the map page and a pin its
/// incident, unless the page says otherwise.
/// </summary>
public sealed partial class GridMap
{
    private readonly Dictionary<long, MapPin> _sentPins = [];
    private readonly Dictionary<long, MapAreaState> _sentStates = [];
    private readonly Dictionary<string, bool> _overlayVisible = new(StringComparer.Ordinal);
    private ElementReference _canvas;
    private readonly JsView _view = new();
    private DotNetObjectReference<GridMap>? _self;
    private long? _sentSelected;
    private bool _ready;

    [Inject]
    private IJSRuntime Js { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [Inject]
    private GridOps.Web.Features.Hierarchy.AreaQueries Areas { get; set; } = null!;

    [CascadingParameter]
    private Task<Microsoft.AspNetCore.Components.Authorization.AuthenticationState>? Authentication { get; set; }

    [Parameter, EditorRequired]
    public MapSetup Setup { get; set; } = new();

    /// <summary>What the map is, for screen readers (the region's name).</summary>
    [Parameter, EditorRequired]
    public string Label { get; set; } = "";

    [Parameter]
    public string? Class { get; set; }

    [Parameter]
    public IReadOnlyCollection<MapPin>? Pins { get; set; }

    [Parameter]
    public IReadOnlyCollection<MapAreaState>? States { get; set; }

    [Parameter]
    public long? Selected { get; set; }

    /// <summary>A grid clicked; without it the grid's card opens on the map page.</summary>
    [Parameter]
    public EventCallback<string> OnAreaClick { get; set; }

    /// <summary>A pin clicked; without it the incident's page opens.</summary>
    [Parameter]
    public EventCallback<MapPin> OnPinClick { get; set; }

    /// <summary>Raised once the map has drawn its first picture.</summary>
    [Parameter]
    public EventCallback OnReady { get; set; }

    [Parameter]
    public RenderFragment? ChildContent { get; set; }

    /// <summary>How many pins the browser holds (what the component last sent).</summary>
    public int SentPinCount => _sentPins.Count;

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
        {
            _self = DotNetObjectReference.Create(this);
            _sentSelected = Selected;
            var setup = Setup with { Selected = Selected, ClickAreas = true, ClickPins = true };
            await _view.OpenAsync(Js, "./assets/grid-map.js", _canvas, setup, _self);
        }

        await SendChangesAsync();
    }

    // Diffs are taken and marked sent before the first await: two renders in quick succession never send the same change twice.
    private async Task SendChangesAsync()
    {
        if (!_view.IsOpen)
        {
            return;
        }

        var (upserts, removes) = PinChanges();
        var states = StateChanges();
        var selectionChanged = _sentSelected != Selected;
        _sentSelected = Selected;
        if (upserts.Count > 0 || removes.Count > 0)
        {
            await _view.CallAsync("pins", upserts, removes);
        }

        if (states.Count > 0)
        {
            await _view.CallAsync("states", states);
        }

        if (selectionChanged)
        {
            await _view.CallAsync("select", Selected);
        }
    }

    private (List<MapPin> Upserts, List<long> Removes) PinChanges()
    {
        var upserts = new List<MapPin>();
        var removes = new List<long>();
        var current = new HashSet<long>();
        foreach (var pin in Pins ?? [])
        {
            current.Add(pin.Id);
            if (!_sentPins.TryGetValue(pin.Id, out var sent) || sent != pin)
            {
                _sentPins[pin.Id] = pin;
                upserts.Add(pin);
            }
        }

        foreach (var id in _sentPins.Keys)
        {
            if (!current.Contains(id))
            {
                removes.Add(id);
            }
        }

        foreach (var id in removes)
        {
            _sentPins.Remove(id);
        }

        return (upserts, removes);
    }

    private List<MapAreaState> StateChanges()
    {
        var changed = new List<MapAreaState>();
        foreach (var state in States ?? [])
        {
            if (!_sentStates.TryGetValue(state.Id, out var sent) || sent != state)
            {
                _sentStates[state.Id] = state;
                changed.Add(state);
            }
        }

        return changed;
    }

    /// <summary>Moves the map to a place (the wall's focus).</summary>
    public Task FlyToAsync(double lon, double lat, double? zoom = null) => _view.CallAsync("flyTo", lon, lat, zoom);

    /// <summary>Fits the map to west, south, east, north.</summary>
    public Task FitAsync(IReadOnlyList<double> bounds) => _view.CallAsync("fit", bounds);

    /// <summary>A fading ring where something new happened.</summary>
    public Task PulseAsync(MapPin pin) => _view.CallAsync("pulse", pin.Lon, pin.Lat, pin.Tier);

    private bool IsVisible(MapOverlay overlay) => _overlayVisible.TryGetValue(overlay.Id, out var visible) ? visible : overlay.On;

    private Task ShowOverlayAsync(MapOverlay overlay, bool visible)
    {
        _overlayVisible[overlay.Id] = visible;
        return _view.CallAsync("layerVisible", overlay.Id, visible);
    }

    [JSInvokable]
    public async Task MapLoaded()
    {
        _ready = true;
        StateHasChanged();
        await OnReady.InvokeAsync();
    }

    [JSInvokable]
    public async Task AreaClicked(long id)
    {
        // Another district's polygon (the map's boundaries are everyone's picture) opens nothing for a district's reader.
        var scope = Authentication is null ? GridOps.Web.Features.Access.AccessScope.Everything
            : GridOps.Web.Features.Access.Viewer.From((await Authentication).User).Scope;
        if (await Areas.LinkCodeAsync(id, scope, CancellationToken.None) is not { } code)
        {
            return;
        }

        if (OnAreaClick.HasDelegate)
        {
            await OnAreaClick.InvokeAsync(code);
        }
        else
        {
            Navigation.NavigateTo($"/map?area={Uri.EscapeDataString(code)}");
        }
    }

    [JSInvokable]
    public async Task PinClicked(long id)
    {
        if (!_sentPins.TryGetValue(id, out var pin))
        {
            return;
        }

        if (OnPinClick.HasDelegate)
        {
            await OnPinClick.InvokeAsync(pin);
        }
        else if (pin.Ticket.Length > 0)
        {
            Navigation.NavigateTo($"/incidents/{Uri.EscapeDataString(pin.Ticket)}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _view.DisposeAsync();
        _self?.Dispose();
    }
}
