using GridOps.Web.Components.Charts;
using GridOps.Web.Components.Maps;
using GridOps.Web.Components.Shared;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.GridMap;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.Incidents;
using GridOps.Web.Features.Live;
using GridOps.Web.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.Extensions.Options;

namespace GridOps.Web.Features.Wall;

/// <summary>
/// The command centre's wall, left running for weeks: KPI tiles, charts, the live map (grids coloured by
/// open and overdue incidents, pins by tier, a pulse where something new happens), a ticker, and focus that
/// flies by itself to red and overdue incidents. Everything after the first picture arrives from the
/// in-process live stream and renders at most four times a second, whatever the storm.
/// </summary>
public sealed partial class WallPage
{
    /// <summary>How long the focus stays on one urgent incident before moving to the next.</summary>
    public static readonly TimeSpan FocusEvery = TimeSpan.FromSeconds(12);

    /// <summary>New incidents that pulse on the map per delivery: a storm pulses a few, not a thousand.</summary>
    private const int PulsesPerDelivery = 5;

    private readonly Dictionary<long, LiveIncident> _urgent = [];
    private Components.Maps.GridMap? _map;
    private string _group = "";
    private int _focusIndex;
    private IReadOnlyList<double>? _home;

    [Inject]
    private LiveKpiQueries KpiQueries { get; set; } = null!;

    [Inject]
    private LiveFeedReader Feed { get; set; } = null!;

    [Inject]
    private AreaQueries Areas { get; set; } = null!;

    [Inject]
    private IOptions<GridMapOptions> MapOptions { get; set; } = null!;

    [Inject(Key = Platform.WallClock.Key)]
    private TimeProvider WallClock { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = null!;

    private LiveKpis? Kpis { get; set; }

    private WallTicker Ticker { get; set; } = new([]);

    internal LiveMapPicture MapPicture { get; } = new();

    private MapSetup MapSetup { get; set; } = new();

    private string ScopeName { get; set; } = "";

    private LiveIncident? Focus { get; set; }

    private bool Ready { get; set; }

    /// <summary>The wall's district's clock (the centre's; GridOps' own for a wall of the whole database).</summary>
    private TimeZoneInfo? _zone;

    [Inject]
    private Districts.ReaderZone Reader { get; set; } = null!;

    protected override async Task OnInitializedAsync()
    {
        var viewer = Viewer.From((await Authentication).User);
        _group = LiveGroups.For(viewer.Scope);
        Follow(_group, LiveNames.Camel(viewer.Role.ToString()));
        _zone = await Reader.ZoneAsync(Stopping);
        var code = await Areas.ScopeAreaCodeAsync(viewer.Scope, Stopping);
        if (code is not null && await Areas.GetDetailAsync(code, viewer.Scope, Stopping) is { } area)
        {
            _home = area.Bounds;
            ScopeName = area.Area.Name;
        }

        MapSetup = new MapSetup
        {
            Theme = "dark", Fill = MapFill.Live, Bounds = _home, Padding = 30, Cluster = true, Navigation = false,
            UpdateGapMs = MapOptions.Value.WallUpdateGapMs,
            Basemap = MapOptions.Value.BasemapTileUrl is { Length: > 0 } basemap ? basemap : null,
        };
        await ReloadAsync();
    }

    protected override async Task ReloadAsync()
    {
        var open = await Feed.OpenIncidentsAsync(_group, LiveMapPicture.PinLimit, Stopping);
        MapPicture.Reset(open, await KpiQueries.AllAreaCountsAsync(_group, Stopping));
        _urgent.Clear();
        foreach (var incident in open)
        {
            Track(incident);
        }

        Ticker = new WallTicker(await Feed.LatestAsync(_group, 30, Stopping));
        // Last: the page renders once it is set.
        Kpis = await KpiQueries.KpisAsync(_group, Stopping);
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (Kpis is not null && !Ready && RendererInfo.IsInteractive)
        {
            Ready = true;
            _ = FocusLoopAsync(Stopping);
            StateHasChanged();
        }
    }

    protected override void Apply(IReadOnlyList<LiveEvent> batch)
    {
        MapPicture.Apply(batch);
        Ticker.Add(batch);
        foreach (var e in batch)
        {
            Track(e.Incident);
        }

        foreach (var e in batch.Where(e => e.Type == "incident.created").TakeLast(PulsesPerDelivery))
        {
            if (LiveMapPicture.PinOf(e.Incident) is { } pin && _map is not null)
            {
                _ = _map.PulseAsync(pin);
            }
        }

        if (batch.LastOrDefault(e => LiveTicker.IsAlarm(e) && e.Incident.Open) is { } urgent)
        {
            _ = FocusOnAsync(urgent.Incident);
        }
    }

    protected override void Apply(LiveKpis kpis) => Kpis = kpis;

    protected override void Apply(IReadOnlyList<LiveAreaCount> counts) => MapPicture.Apply(counts);

    protected override void BeforeLiveRender() => Ticker.Fold();

    // Red and overdue incidents with a place, as they stand now: what the focus wanders over.
    private void Track(LiveIncident incident)
    {
        if (incident is { Open: true, Lon: not null } && (incident.Tier == "red" || incident.Timeliness == "overdue"))
        {
            _urgent[incident.Id] = incident;
        }
        else
        {
            _urgent.Remove(incident.Id);
        }
    }

    private async Task FocusLoopAsync(CancellationToken stopping)
    {
        try
        {
            using var timer = new PeriodicTimer(FocusEvery, WallClock);
            while (await timer.WaitForNextTickAsync(stopping))
            {
                await InvokeAsync(FocusNextAsync);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // The wall went away.
        }
    }

    private async Task FocusNextAsync()
    {
        if (_urgent.Count == 0)
        {
            Focus = null;
            StateHasChanged();
            if (_home is not null && _map is not null)
            {
                await _map.FitAsync(_home);
            }

            return;
        }

        _focusIndex = (_focusIndex + 1) % _urgent.Count;
        await FocusOnAsync(_urgent.Values.ElementAt(_focusIndex));
    }

    private async Task FocusOnAsync(LiveIncident incident)
    {
        if (incident is not { Lon: { } lon, Lat: { } lat })
        {
            return;
        }

        Focus = incident;
        StateHasChanged();
        if (_map is not null)
        {
            await _map.FlyToAsync(lon, lat, 15);
        }
    }

    private ChartData Trend => new(
        [.. Enumerable.Range(0, Kpis!.Trend.Length).Select(i => $"{LocalTime.HourOf(Kpis.At.AddHours(i - Kpis.Trend.Length + 1), _zone):00}:00")],
        [.. Kpis.Trend.Select(v => (double)v)]);

    private ChartData Categories => new(
        [.. Kpis!.Categories.Select(c => UiCulture.IsChinese ? c.Name : c.NameEn)],
        [.. Kpis.Categories.Select(c => (double)c.Open)]);

    private ChartData TierMix => new(
        [.. Enum.GetValues<Tier>().Select(t => $"{Incidents.Pages.TierBadge.ShapeOf(t)} {EnumText.Of(L, t)}")],
        [.. Kpis!.Tiers.Select(v => (double)v)],
        Keys: [.. Enum.GetValues<Tier>().Select(LiveNames.Tier)]);

    private ChartData Ranking => new(
        [.. Kpis!.Ranking.Select(r => r.Name)],
        [.. Kpis.Ranking.Select(r => (double)r.Open)],
        Overdue: [.. Kpis.Ranking.Select(r => (double)r.Overdue)],
        Series: [L["Live.Overdue"], L["Live.Open"]]);

    private string TierName(string tier) => Enum.TryParse<Tier>(tier, true, out var t) ? EnumText.Of(L, t) : tier;

    private string FocusMeta(LiveIncident incident)
    {
        var state = Enum.TryParse<IncidentState>(incident.State, true, out var s) ? EnumText.Of(L, s) : incident.State;
        var timeliness = incident.Timeliness switch
        {
            "overdue" => L["Live.Overdue"].Value,
            "warning" => L["Live.Warning"].Value,
            _ => "",
        };
        var category = UiCulture.IsChinese ? incident.Category : incident.CategoryEn;
        return string.Join(" · ", new[] { category, state, timeliness }.Where(p => p.Length > 0));
    }

    public static string Shape(string tier) => Incidents.Pages.TierBadge.ShapeOf(Enum.Parse<Tier>(tier, ignoreCase: true));
}
