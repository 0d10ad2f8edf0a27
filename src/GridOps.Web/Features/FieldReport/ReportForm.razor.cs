using System.Globalization;
using GridOps.Web.Components.Shared;
using GridOps.Web.Features.Catalogue;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.Incidents;
using GridOps.Web.Features.Locate;
using Microsoft.AspNetCore.Components;
using GridOps.Web.Features.Access;

namespace GridOps.Web.Features.FieldReport;

/// <summary>The report form both report pages share: category, text, position (browser, typed or
/// picked on the map), up to three photos. Posting it reports an incident, once per form.</summary>
public sealed partial class ReportForm
{
    [Parameter, EditorRequired]
    public string Path { get; set; } = "";

    [Parameter, EditorRequired]
    public string FormName { get; set; } = "";

    [Parameter, EditorRequired]
    public IncidentSource Source { get; set; }

    [Parameter]
    public bool AskContact { get; set; }

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = null!;

    [SupplyParameterFromForm]
    private ReportFormModel Model { get; set; } = null!;

    [Inject]
    private ReportIncidentHandler Handler { get; set; } = null!;

    [Inject]
    private CatalogueQueries Catalogue { get; set; } = null!;

    [Inject]
    private AreaQueries Areas { get; set; } = null!;

    private IReadOnlyList<Category> Categories { get; set; } = [];

    private IDictionary<string, string[]> Errors { get; set; } = new Dictionary<string, string[]>();

    private Incident? Created { get; set; }

    private string Center { get; set; } = "";

    private string StatusHref => "/report/status?ticket=" + Uri.EscapeDataString(Created!.TicketNo) + "&code=" + Uri.EscapeDataString(Created.StatusSecret ?? "");

    private string PositionText => !string.IsNullOrEmpty(Model.Lon) ? $"{L["Report.Found"]} {Model.Lon}, {Model.Lat}" : "";

    protected override async Task OnInitializedAsync()
    {
        Model ??= new ReportFormModel { Key = Guid.NewGuid().ToString("N") };
        Categories = [.. (await Catalogue.GetAsync(HttpContext.RequestAborted)).Categories.Where(c => c.Active)];
        // One small query: this page is for phones on slow links, and the map may never be opened.
        if (await Areas.GetDistrictCentreAsync(HttpContext.RequestAborted) is { } centre)
        {
            Center = string.Create(CultureInfo.InvariantCulture, $"{centre.Lon},{centre.Lat}");
        }
    }

    private async Task SubmitAsync()
    {
        var errors = new Dictionary<string, string[]>();
        var lon = Coordinate(Model.Lon, "lon", errors);
        var lat = Coordinate(Model.Lat, "lat", errors);
        if (!CoordinateSystemNames.TryParse(Model.Crs, out var crs))
        {
            errors["lon"] = [L["Report.BadCrs"]];
        }

        var photos = await PhotoUpload.ReadAsync(HttpContext.Request.Form.Files.GetFiles("photos"), HttpContext.RequestAborted);
        if (errors.Count > 0)
        {
            Errors = errors;
            return;
        }

        var outcome = await Handler.HandleAsync(new ReportIncidentCommand
        {
            Source = Source,
            Actor = HttpContext.Viewer() is { IsSignedIn: true } worker ? worker.ActorName
                : string.IsNullOrWhiteSpace(Model.ReporterName) ? EnumText.Of(L, Source) : Model.ReporterName.Trim(),
            Category = Model.Category,
            Description = Model.Description,
            Address = Model.Address,
            Lon = lon,
            Lat = lat,
            Crs = crs,
            ReporterName = Model.ReporterName,
            ReporterContact = Model.ReporterContact,
            IdempotencyKey = string.IsNullOrWhiteSpace(Model.Key) ? null : $"{FormName}:{Model.Key}",
            // The form key is a fresh random value per rendered form, so a replay can only be the same person's double submit.
            Reporter = Viewer.System,
            // A signed-in worker's own area says whose a report without a point is (issue 20).
            ChannelScope = HttpContext.Viewer() is { IsSignedIn: true } signedIn ? signedIn.Scope : null,
            Photos = photos,
        }, HttpContext.RequestAborted);
        if (outcome.Status is ReportStatus.Created or ReportStatus.Existing)
        {
            Created = outcome.Incident;
        }
        else
        {
            // The form has no district to choose: in a GridOps of several districts, the position is what says it.
            Errors = outcome.Errors.ContainsKey("district")
                ? new Dictionary<string, string[]>(outcome.Errors.Where(e => e.Key != "district")) { ["lon"] = [L["Report.NeedPosition"]] }
                : outcome.Errors;
        }
    }

    private double? Coordinate(string? text, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors[field] = [L["Report.BadNumber"]];
        return null;
    }

    private string? Invalid(string field) => Errors.ContainsKey(field) ? "true" : null;

    private string FieldLabel(string field) => field switch
    {
        "category" => L["Incidents.Category"],
        "description" => L["Incident.Description"],
        "lon" => L["Report.Lon"],
        "lat" => L["Report.Lat"],
        "photos" => L["Report.Photos"],
        "address" => L["Incident.Address"],
        _ => field,
    };
}
