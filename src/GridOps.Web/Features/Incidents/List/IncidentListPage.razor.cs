using GridOps.Web.Features.Access;
using GridOps.Web.Features.Catalogue;
using GridOps.Web.Features.Live;
using GridOps.Web.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Routing;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using MudBlazor;

namespace GridOps.Web.Features.Incidents.List;

/// <summary>
/// Every incident the viewer may see, filtered, sorted and paged by the database, with the rows on
/// screen kept current by the live stream. The address carries the filter and the order, so a list
/// can be bookmarked, sent, and exported to CSV exactly as shown.
/// </summary>
public sealed partial class IncidentListPage
{
    private static readonly int[] PageSizes = [25, 50, 100, 200];
    private static readonly Dictionary<string, object> Download = new() { ["download"] = "" };

    private MudDataGrid<IncidentRow>? _grid;
    private Viewer _viewer = Viewer.Anonymous;
    private bool _loadedOnce;

    [Inject]
    private IncidentQueries Queries { get; set; } = null!;

    [Inject]
    private CatalogueQueries Catalogue { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = null!;

    [Inject]
    private Districts.DistrictZones Zones { get; set; } = null!;

    private Districts.DistrictZones.Snapshot? _zones;

    /// <summary>Each row in its own district's clock (several districts may share the list of an administrator of everything).</summary>
    private TimeZoneInfo? ZoneOf(IncidentRow row) => _zones?.Of(row.DistrictId);

    internal IncidentListRows Rows { get; } = new(new IncidentFilter());

    [Inject]
    private Districts.ReaderZone Reader { get; set; } = null!;

    private Dictionary<string, string[]> Errors { get; set; } = [];

    private IReadOnlyList<Category> Categories { get; set; } = [];

    private int Total { get; set; }

    private bool Ready { get; set; }

    private string ExportHref => "/incidents/export.csv" + IncidentFilterQuery.ToQuery(Rows.Filter);

    protected override async Task OnInitializedAsync()
    {
        _viewer = Viewer.From((await Authentication).User);
        Rows.Load(AddressFilter(), []);
        Navigation.LocationChanged += AddressChanged;
        Follow(LiveGroups.For(_viewer.Scope), LiveNames.Camel(_viewer.Role.ToString()));
        Categories = (await Catalogue.GetAsync(Stopping)).Categories;
        _zones = await Zones.CurrentAsync(Stopping);
        Rows.Zone = await Reader.ZoneAsync(Stopping);
    }

    /// <summary>The address changed (a filter chosen, back, forward, a link): the list follows it.</summary>
    private void AddressChanged(object? sender, LocationChangedEventArgs e) => _ = InvokeAsync(FollowAddressAsync);

    private async Task FollowAddressAsync()
    {
        var wanted = AddressFilter();
        StateHasChanged();
        if (_grid is null || !_loadedOnce || Same(wanted, Rows.Filter))
        {
            return;
        }

        var sortChanged = wanted.Sort != Rows.Filter.Sort;
        Rows.Load(wanted, [.. Rows.Rows]);
        if (sortChanged)
        {
            var (column, direction) = IncidentListSort.Of(wanted.Sort);
            await _grid.SetSortAsync(column, direction, IncidentListSort.ValueOf(column));
        }
        else if (_grid.CurrentPage != 0)
        {
            // Another filter starts at its first page (the grid reads again when its page changes).
            _grid.NavigateTo(Page.First);
        }
        else
        {
            await _grid.ReloadServerData();
        }
    }

    public override async ValueTask DisposeAsync()
    {
        Navigation.LocationChanged -= AddressChanged;
        await base.DisposeAsync();
    }

    private IncidentFilter AddressFilter()
    {
        var query = new QueryCollection(QueryHelpers.ParseQuery(Navigation.ToAbsoluteUri(Navigation.Uri).Query));
        (var filter, Errors) = IncidentFilterQuery.Parse(query);
        return Errors.Count > 0 ? new IncidentFilter { Sort = filter.Sort } : filter;
    }

    private static bool Same(IncidentFilter a, IncidentFilter b) => a with { Page = 1, PageSize = 50 } == b with { Page = 1, PageSize = 50 };

    private SortDirection Direction(string column) =>
        IncidentListSort.Of(Rows.Filter.Sort) is var (shown, direction) && shown == column ? direction : SortDirection.None;

    private async Task<GridData<IncidentRow>> LoadAsync(GridState<IncidentRow> state, CancellationToken cancellationToken)
    {
        var filter = Rows.Filter with { Sort = IncidentListSort.KeyOf(state.SortDefinitions), Page = state.Page + 1, PageSize = state.PageSize };
        var page = await Queries.ListAsync(filter, _viewer, cancellationToken);
        var sortChanged = filter.Sort != Rows.Filter.Sort;
        Rows.Load(filter, page.Rows);
        Total = page.Total;
        _loadedOnce = true;
        _ = RenderAfterTheGridAsync();
        if (sortChanged)
        {
            // The order goes into the address too (replacing it: a header click is not a step to go back to).
            Navigation.NavigateTo("/incidents" + IncidentFilterQuery.ToQuery(filter), replace: true);
        }

        return new GridData<IncidentRow> { Items = Rows.Rows, TotalItems = page.Total };
    }

    /// <summary>The count, the "n new" button and the CSV link are the page's, not the grid's: they render once the
    /// grid has drawn the rows just read (the yield queues this behind the grid's own continuation on the renderer's thread).</summary>
    private async Task RenderAfterTheGridAsync()
    {
        await Task.Yield();
        StateHasChanged();
    }

    private void FilterChanged(IncidentFilter filter) => Navigation.NavigateTo("/incidents" + IncidentFilterQuery.ToQuery(filter));

    private async Task ShowArrivedAsync()
    {
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    protected override async Task ReloadAsync()
    {
        if (_grid is not null)
        {
            await _grid.ReloadServerData();
        }
    }

    protected override void Apply(IReadOnlyList<LiveEvent> batch) => Rows.Apply(batch);

    protected override void OnAfterRender(bool firstRender)
    {
        if (_loadedOnce && !Ready)
        {
            Ready = true;
            StateHasChanged();
        }
    }

    private string RowClass(IncidentRow row, int index) =>
        (Rows.Changed(row.TicketNo) ? "row-changed " : "") + (row.Timeliness == Timeliness.Overdue ? "row-overdue" : "");
}
