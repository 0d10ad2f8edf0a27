using System.Globalization;
using GridOps.Web.Components.Shared;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Catalogue;
using Microsoft.AspNetCore.Components;

namespace GridOps.Web.Features.Incidents.Pages;

public sealed partial class IncidentDetailPage
{
    [Parameter]
    public string TicketNo { get; set; } = "";

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = null!;

    [Inject]
    private IncidentQueries Queries { get; set; } = null!;

    [Inject]
    private CatalogueQueries Catalogue { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [Inject]
    private TimeProvider Time { get; set; } = null!;

    private IncidentDetail? Detail { get; set; }

    private Incident Incident => Detail!.Incident;

    private CatalogueSnapshot Snapshot { get; set; } = null!;

    private IReadOnlyList<Department> Departments => Snapshot.Departments;

    private Timeliness Timeliness => Incident.TimelinessAt(Time.GetUtcNow());

    private string CategoryName => Detail!.Category is { } c ? (UiCulture.IsChinese ? c.Name : c.NameEn) : "—";

    private string? Notice { get; set; }

    private string NoticeKind { get; set; } = "ok";

    protected override async Task OnInitializedAsync()
    {
        Snapshot = await Catalogue.GetAsync(HttpContext.RequestAborted);
        Detail = await Queries.GetDetailAsync(TicketNo, HttpContext.Viewer(), HttpContext.RequestAborted);
        if (Detail is null)
        {
            // 404 with the not-found page, worded alike for "no such ticket" and "not yours to see".
            Navigation.NotFound();
            return;
        }

        ReadNotice();
    }

    // The action forms post, then come back here with the outcome in the query (post/redirect/get).
    private void ReadNotice()
    {
        var query = HttpContext.Request.Query;
        var action = query["action"].ToString();
        var actionName = Enum.TryParse<IncidentAction>(action, true, out var parsed) ? EnumText.Of(L, parsed) : action;
        (Notice, NoticeKind) = query["result"].ToString() switch
        {
            "changed" => (string.Format(CultureInfo.CurrentCulture, L["Incident.Changed"], actionName), "ok"),
            "stale" => (L["Incident.Stale"].Value, "warn"),
            "forbidden" => (L["Incident.Forbidden"].Value, "error"),
            "refused" => (string.Format(CultureInfo.CurrentCulture, L["Incident.Refused"], actionName, RefusalText(query["code"].ToString())), "error"),
            "invalid" => (string.Format(CultureInfo.CurrentCulture, L["Incident.Invalid"], actionName, query["fields"].ToString()), "error"),
            _ => (null, "ok"),
        };
    }

    private string RefusalText(string code)
    {
        var text = L["Refusal." + code];
        return text.ResourceNotFound ? code : text.Value;
    }

    private string DepartmentName(string code) => Snapshot.Department(code) is { } d ? (UiCulture.IsChinese ? d.Name : d.NameEn) : code;

    private string FormatMinutes(int minutes) =>
        minutes % (24 * 60) == 0
            ? string.Format(CultureInfo.CurrentCulture, L["Time.WorkingDays"], minutes / (24 * 60))
            : string.Format(CultureInfo.CurrentCulture, L["Time.WorkingHours"], Math.Round(minutes / 60.0, 1));

    // "category:blue; repeats:2" → the reasons in the reader's language.
    private string TierReasonText => string.Join("；", Incident.TierReason.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(token =>
        {
            var parts = token.Split(':', 2);
            if (parts.Length != 2)
            {
                return token;
            }

            var value = parts[0] == "category" && Enum.TryParse<Tier>(parts[1], true, out var tier) ? EnumText.Of(L, tier) : parts[1];
            var template = L["TierReason." + parts[0]];
            return template.ResourceNotFound ? token : string.Format(CultureInfo.CurrentCulture, template.Value, value);
        }));
}
