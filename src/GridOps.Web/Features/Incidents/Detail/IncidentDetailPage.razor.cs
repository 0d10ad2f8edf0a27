using System.Globalization;
using GridOps.Web.Components.Shared;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Catalogue;
using GridOps.Web.Features.Live;
using GridOps.Web.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace GridOps.Web.Features.Incidents.Detail;

/// <summary>
/// One incident as it stands: facts, tier reason, timeline, photos and map, and only the actions this
/// viewer may take now, each in a dialog guarded by the version on screen. It follows the stream, so
/// what anyone else does to the incident shows here at once; an action sent on an older version is
/// refused and the page says who acted first and what they did.
/// </summary>
public sealed partial class IncidentDetailPage
{
    private Viewer _viewer = Viewer.Anonymous;
    private string? _loadedTicket;
    private OneReadAtATime? _reads;

    [Parameter]
    public string TicketNo { get; set; } = "";

    [Inject]
    private IncidentQueries Queries { get; set; } = null!;

    [Inject]
    private CatalogueQueries Catalogue { get; set; } = null!;

    [Inject]
    private ChangeIncidentHandler Handler { get; set; } = null!;

    [Inject]
    private IDialogService Dialogs { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [Inject]
    private TimeProvider Time { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = null!;

    internal IncidentDetail? Detail { get; private set; }

    private Incident Incident => Detail!.Incident;

    private CatalogueSnapshot Snapshot { get; set; } = null!;

    private Timeliness Timeliness => Incident.TimelinessAt(Time.GetUtcNow());

    /// <summary>What the last action (or someone else's) came to, worded for the viewer.</summary>
    private (bool Ok, string Text)? Notice { get; set; }

    private bool Ready { get; set; }

    [Inject]
    private Districts.DistrictZones Zones { get; set; } = null!;

    private TimeZoneInfo? Zone { get; set; }

    /// <summary>What the incident's district calls its levels.</summary>
    private Districts.DistrictLevelNames? Words { get; set; }

    private int MinutesPerDay { get; set; } = 24 * 60;

    private List<BreadcrumbItem> Breadcrumbs =>
        [new(L["Incidents.Title"], "/incidents"), new(Incident.TicketNo, null, disabled: true)];

    private IReadOnlyList<IncidentAction> Actions => IncidentActionChoices.For(Incident, _viewer);

    protected override async Task OnParametersSetAsync()
    {
        if (_loadedTicket == TicketNo && Detail is not null)
        {
            return;
        }

        _viewer = Viewer.From((await Authentication).User);
        Snapshot = await Catalogue.GetAsync(Stopping);
        Follow(LiveGroups.For(_viewer.Scope), LiveNames.Camel(_viewer.Role.ToString()));
        Detail = await Queries.GetDetailAsync(TicketNo, _viewer, Stopping);
        // Its times in its own district's clock (issue 20): a New York incident reads in New York time, said so.
        var zones = await Zones.CurrentAsync(Stopping);
        Zone = Detail is null ? null : zones.Of(Detail.Incident.DistrictId);
        Words = Detail is null ? null : zones.NamesOf(Detail.Incident.DistrictId);
        MinutesPerDay = WorkingDuration.MinutesPerDay(await Zones.CalendarOfAsync(Detail?.Incident.DistrictId, Stopping));
        _loadedTicket = TicketNo;
        Notice = null;
        if (Detail is null)
        {
            // 404 with the not-found page, worded alike for "no such ticket" and "not yours to see".
            Navigation.NotFound();
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (Detail is null)
        {
            return;
        }

        if (!Ready && RendererInfo.IsInteractive)
        {
            Ready = true;
            StateHasChanged();
        }
    }

    protected override Task ReloadAsync() => ReadAsync();

    protected override void Apply(IReadOnlyList<LiveEvent> batch)
    {
        if (Detail is not null && batch.Any(e => e.Incident.Ticket == TicketNo))
        {
            _ = ReadAsync();
        }
    }

    /// <summary>Reads the incident again: one read at a time, and one more if the stream moved meanwhile.</summary>
    private Task ReadAsync()
    {
        // Gone or the database away: the next event (or a reload) tries again.
        _reads ??= new OneReadAtATime(
            async cancellationToken => Detail = await Queries.GetDetailAsync(TicketNo, _viewer, cancellationToken) ?? Detail,
            StateHasChanged, _ => { });
        return _reads.RequestAsync(Stopping);
    }

    private async Task OpenAsync(IncidentAction action)
    {
        var seen = Incident;
        var parameters = new DialogParameters<IncidentActionDialog>
        {
            { d => d.Action, action },
            { d => d.Incident, seen },
            { d => d.Departments, Snapshot.ServingDistrict(seen.DistrictId) },
            { d => d.DepartmentName, DepartmentName },
            { d => d.Send, (request, photos) => SendAsync(action, seen, request, photos) },
        };
        await Dialogs.ShowAsync<IncidentActionDialog>(EnumText.Of(L, action), parameters,
            new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
    }

    /// <summary>Applies the action; null when the dialog may close (done, or someone acted first), else what it should say.</summary>
    private async Task<string?> SendAsync(IncidentAction action, Incident seen, IncidentActionRequest request, IReadOnlyList<PhotoUpload> photos)
    {
        var outcome = await Handler.HandleAsync(TicketNo, RequestParsing.Camel(action.ToString()), request, photos, _viewer, Stopping);
        var name = EnumText.Of(L, action);
        if (outcome.Errors.Count > 0)
        {
            return string.Format(CultureInfo.CurrentCulture, L["Incident.Invalid"], name,
                string.Join("；", outcome.Errors.Select(e => $"{FieldName(e.Key)}: {string.Join(" ", e.Value)}")));
        }

        switch (outcome.Status)
        {
            case ChangeStatus.Changed:
                Notice = (true, string.Format(CultureInfo.CurrentCulture, L["Incident.Changed"], name));
                await ReadAsync();
                return null;
            case ChangeStatus.Stale:
                await ReadAsync();
                Notice = (false, StaleText(seen));
                StateHasChanged();
                return null;
            case ChangeStatus.Refused when outcome.Refusal is { } refusal:
                var text = L["Refusal." + refusal.Code];
                return string.Format(CultureInfo.CurrentCulture, L["Incident.Refused"], name, text.ResourceNotFound ? refusal.Message : text.Value);
            case ChangeStatus.Forbidden:
                return L["Incident.Forbidden"];
            default:
                return L["Alerts.NotFound"];
        }
    }

    /// <summary>"Someone acted first", with who, when and what — the first change after the version the viewer saw.</summary>
    private string StaleText(Incident seen)
    {
        // Each change appends one event and moves the version on by one: the first event past the seen version is theirs.
        var first = Detail!.Events.Where(e => e.Seq > seen.Version).OrderBy(e => e.Seq).FirstOrDefault() ?? Detail.Events[^1];
        return string.Format(CultureInfo.CurrentCulture, L["Incident.StaleBy"], first.Actor,
            LocalTime.Format(first.OccurredAt, Zone), EnumText.Of(L, first.Action));
    }

    private string FieldName(string field) => L["Field." + field] is { ResourceNotFound: false } text ? text.Value : field;

    private string DepartmentName(string code) => Snapshot.Department(code, Detail?.Incident.DistrictId) is { } d ? (UiCulture.IsChinese ? d.Name : d.NameEn) : code;
}
