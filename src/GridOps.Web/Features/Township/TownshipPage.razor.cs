using GridOps.Web.Components.Maps;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Alerts;
using GridOps.Web.Features.Alerts.Console;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.Incidents;
using GridOps.Web.Features.Live;
using GridOps.Web.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace GridOps.Web.Features.Township;

/// <summary>
/// A leader's street (or a community inside it) as it changes: the numbers, each community's (or
/// grid's) counts, the open incidents, and what waits for the leader — extensions approved or
/// rejected and escalations acknowledged in place, each guarded by the version the leader saw.
/// </summary>
public sealed partial class TownshipPage
{
    private Viewer _viewer = Viewer.Anonymous;
    private string _group = "";
    private (long Id, AreaLevel Level) _area;
    private bool _qualify;
    private string _districtCode = "";
    private int _minutesPerDay = 24 * 60;
    private OneReadAtATime? _approvals;
    private string? _loadedCode;

    /// <summary>The shown area's district's clock and words for its levels.</summary>
    private TimeZoneInfo? _zone;
    private Districts.DistrictLevelNames? _words;

    [Inject]
    private Districts.DistrictZones Zones { get; set; } = null!;

    [Inject]
    private AreaQueries Areas { get; set; } = null!;

    [Inject]
    private TownshipQueries Township { get; set; } = null!;

    [Inject]
    private LiveKpiQueries KpiQueries { get; set; } = null!;

    [Inject]
    private LiveFeedReader Feed { get; set; } = null!;

    [Inject]
    private ChangeIncidentHandler Incidents { get; set; } = null!;

    [Inject]
    private AlertActions Alerts { get; set; } = null!;

    [Inject]
    private IDialogService Dialogs { get; set; } = null!;

    [Inject]
    private ISnackbar Snackbar { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [Inject]
    private ILogger<TownshipPage> Log { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = null!;

    [Parameter]
    public string? Code { get; set; }

    private AreaDetail? Detail { get; set; }

    private IReadOnlyList<AreaSummary> Streets { get; set; } = [];

    /// <summary>The districts' areas a code shared by several names, for the whole database to choose from.</summary>
    private IReadOnlyList<AreaMatch> Choices { get; set; } = [];

    internal TownshipBoard? Board { get; private set; }

    /// <summary>The street's (or community's) map: every open incident with a place, every area's counts.</summary>
    internal LiveMapPicture MapPicture { get; } = new();

    private MapSetup MapSetup { get; set; } = new();

    private IReadOnlyList<TownshipApproval> Approvals { get; set; } = [];

    /// <summary>What the leader's last action on an item came to, by ticket.</summary>
    private Dictionary<string, AlertOutcomeText> Outcomes { get; } = [];

    private List<BreadcrumbItem> Breadcrumbs { get; set; } = [];

    private bool Loaded { get; set; }

    private bool Ready { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        // Parameters are set again whenever a cascading value is (the sign-in state among them): only another
        // area is a reason to read again, and the picture on screen stays until the next one is ready.
        if (Loaded && Code == _loadedCode)
        {
            return;
        }

        _loadedCode = Code;
        _viewer = Viewer.From((await Authentication).User);
        var code = Code ?? await Areas.ScopeAreaCodeAsync(_viewer.Scope, Stopping);
        var detail = code is null ? null : await Areas.GetDetailAsync(code, _viewer.Scope, Stopping);
        Choices = [];
        if (detail is null && Code is not null)
        {
            // A code several districts have: the whole database chooses which (issue 20); outside the scope reads
            // exactly like an area that does not exist.
            var lookup = await Areas.FindAsync(Code, _viewer.Scope, Stopping);
            if (!lookup.IsAmbiguous)
            {
                Navigation.NotFound();
                return;
            }

            Choices = lookup.Candidates;
            Detail = null;
            Loaded = true;
            return;
        }

        var locale = await Zones.LocaleOfAreaAsync(detail?.Id ?? _viewer.Scope.AreaId, Stopping);
        (_zone, _words) = (locale.Zone, locale.Names);
        _qualify = _viewer.Scope.IsEverything && (await Areas.GetDistrictsAsync(Stopping)).Count > 1;
        _districtCode = detail?.DistrictCode ?? "";
        _minutesPerDay = Components.Shared.WorkingDuration.MinutesPerDay(await Zones.CalendarOfAsync(detail?.DistrictId, Stopping));

        if (detail is null || detail.Area.Level is not (AreaLevel.Street or AreaLevel.Community))
        {
            // A district-wide viewer (or one bound to a grid) picks a street first.
            Detail = null;
            Streets = await Township.StreetsAsync(_viewer.Scope, Stopping);
            Loaded = true;
            return;
        }

        _area = (detail.Id, detail.Area.Level);
        _group = LiveGroups.For(new AccessScope(detail.Id, detail.Area.Level, null));
        Follow(_group, LiveNames.Camel(_viewer.Role.ToString()));
        await ReloadAsync();
        Breadcrumbs = [.. detail.Ancestors.Where(a => a.Level >= AreaLevel.Street).Select(a => new BreadcrumbItem(a.Name, "/township/" + Ref(a.Code))),
            new BreadcrumbItem(detail.Area.Name, null, disabled: true)];
        MapSetup = new MapSetup { Fill = MapFill.Live, Bounds = detail.Bounds, Outline = detail.Id, Cluster = true, PinSize = 22 };
        Detail = detail;
        Loaded = true;
    }

    protected override async Task ReloadAsync()
    {
        // One read of the open incidents: the list shows the newest, the map all that have a place.
        var open = await Feed.OpenIncidentsAsync(_group, LiveMapPicture.PinLimit, Stopping);
        Board = new TownshipBoard(await KpiQueries.KpisAsync(_group, Stopping),
            await Township.ChildCountsAsync(_area.Id, _area.Level, _zone ?? Zones.Default, Stopping), open);
        MapPicture.Reset(open, await KpiQueries.AllAreaCountsAsync(_group, Stopping));
        Approvals = await Township.ApprovalsAsync(_group, Stopping);
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (Loaded && Detail is not null && !Ready)
        {
            Ready = true;
            StateHasChanged();
        }
    }

    protected override void Apply(IReadOnlyList<LiveEvent> batch)
    {
        MapPicture.Apply(batch);
        if (Board?.Apply(batch) == true)
        {
            _ = ReadApprovalsAsync();
        }
    }

    protected override void Apply(LiveKpis kpis) => Board?.Apply(kpis);

    protected override void Apply(IReadOnlyList<LiveAreaCount> counts)
    {
        Board?.Apply(counts);
        MapPicture.Apply(counts);
    }

    /// <summary>Re-reads what waits for approval: one read at a time, and one more if events came in meanwhile.</summary>
    private Task ReadApprovalsAsync()
    {
        _approvals ??= new OneReadAtATime(
            async cancellationToken => Approvals = await Township.ApprovalsAsync(_group, cancellationToken),
            StateHasChanged, e => Log.LogDebug(e, "Approvals not re-read"));
        return _approvals.RequestAsync(Stopping);
    }

    private string ChildLink(string code) => Detail!.Area.Level == AreaLevel.Street ? "/township/" + Ref(code) : "/map?area=" + Uri.EscapeDataString(Ref(code));

    /// <summary>A code of the shown area's district as a link writes it: with the district when the whole database has several (codes are per district).</summary>
    private string Ref(string code) => _qualify ? AreaCodes.Qualify(_districtCode, code) : code;


    private Task ApproveAsync(TownshipApproval item) =>
        ChangeAsync(item, new IncidentCommand(IncidentAction.ApproveExtension, _viewer.ActorName, null));

    private async Task RejectAsync(TownshipApproval item)
    {
        var dialog = await Dialogs.ShowAsync<RejectExtensionDialog>(L["IncidentAction.RejectExtension"],
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: string reason })
        {
            await ChangeAsync(item, new IncidentCommand(IncidentAction.RejectExtension, _viewer.ActorName, reason));
        }
    }

    private async Task ChangeAsync(TownshipApproval item, IncidentCommand command)
    {
        var outcome = await Incidents.HandleAsync(item.Ticket, item.IncidentVersion, command, [], _viewer, Stopping);
        Outcomes[item.Ticket] = outcome.Status switch
        {
            ChangeStatus.Changed => new(true, L["IncidentAction." + command.Action]),
            ChangeStatus.Stale => new(false, L["Incident.Stale"]),
            ChangeStatus.Refused when outcome.Refusal is { } refusal => new(false, L["Refusal." + refusal.Code]),
            ChangeStatus.Forbidden => new(false, L["Township.NotYours"]),
            _ => new(false, L["Alerts.NotFound"]),
        };
        await AfterActionAsync(item);
    }

    private async Task AcknowledgeAsync(TownshipApproval item)
    {
        var outcome = await Alerts.AcknowledgeAsync(_viewer, item.AlertId!.Value, item.AlertVersion!.Value, Stopping);
        Outcomes[item.Ticket] = AlertOutcomeText.Of(L, outcome, _zone);
        await AfterActionAsync(item);
    }

    /// <summary>A done item leaves the list with its outcome line, so the outcome is also said where it stays a moment.</summary>
    private async Task AfterActionAsync(TownshipApproval item)
    {
        if (Outcomes[item.Ticket] is { Done: true } done)
        {
            Snackbar.Add($"{item.Ticket} · {done.Text}", Severity.Success);
        }

        Approvals = await Township.ApprovalsAsync(_group, Stopping);
    }
}
