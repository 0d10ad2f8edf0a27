using System.Globalization;
using GridOps.Web.Components.Shared;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Locate;
using Microsoft.AspNetCore.Components;
using Microsoft.Extensions.Options;

namespace GridOps.Web.Features.Patrols.Pages;

public sealed partial class PatrolPage
{
    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = null!;

    [SupplyParameterFromForm]
    private PatrolFormModel Model { get; set; } = null!;

    [Inject]
    private PatrolService Patrols { get; set; } = null!;

    [Inject]
    private PatrolQueries Queries { get; set; } = null!;



    [Inject]
    private Districts.DistrictZones Zones { get; set; } = null!;

    /// <summary>The worker's district's clock: "today" and the check-in times.</summary>
    private TimeZoneInfo? _zone;

    [Inject]
    private TimeProvider Clock { get; set; } = null!;

    [Inject]
    private IOptions<PatrolOptions> Options { get; set; } = null!;

    private PatrolProgress? Progress { get; set; }

    private PatrolRecord? Recorded { get; set; }

    private IReadOnlyList<PatrolRecord> Today { get; set; } = [];

    private IDictionary<string, string[]> Errors { get; set; } = new Dictionary<string, string[]>();

    /// <summary>A fresh key per rendered form: a double tap checks in once, the next visit checks in again.</summary>
    private string NextKey { get; } = Guid.NewGuid().ToString("N");

    private double Tolerance => Options.Value.ToleranceMeters;

    protected override async Task OnInitializedAsync()
    {
        Model ??= new PatrolFormModel();
        await LoadAsync();
    }

    private async Task CheckInAsync()
    {
        var errors = new Dictionary<string, string[]>();
        var lon = Number(Model.Lon, "Report.Lon", errors);
        var lat = Number(Model.Lat, "Report.Lat", errors);
        var accuracy = Number(Model.Accuracy, "Patrol.Accuracy", errors);
        if (!CoordinateSystemNames.TryParse(Model.Crs, out var crs))
        {
            errors[L["Report.Lon"]] = [L["Report.BadCrs"]];
        }

        if (errors.Count == 0)
        {
            var result = await Patrols.CheckInAsync(HttpContext.Viewer(), new PatrolCheckIn(lon, lat, crs, accuracy, Model.Note, Model.Key), HttpContext.RequestAborted);
            Recorded = result.Patrol;
            errors = result.Errors.ToDictionary(e => FieldLabel(e.Key), e => e.Value);
        }

        Errors = errors;
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        var scope = HttpContext.Viewer().Scope;
        if (scope.AreaId is not { } area || scope.AreaLevel is not (Hierarchy.AreaLevel.Grid or Hierarchy.AreaLevel.MicroGrid))
        {
            return;
        }

        // The worker's own district's day and month (issue 20): its plan's month, not GridOps'.
        _zone = await Zones.OfScopeAsync(scope, HttpContext.RequestAborted);
        var today = LocalTime.DateOf(Clock.GetUtcNow(), _zone);
        Progress = await Queries.MonthAsync(area, new DateOnly(today.Year, today.Month, 1), HttpContext.RequestAborted);
        Today = await Queries.OnDayAsync(scope, today, 50, HttpContext.RequestAborted);
    }

    private string FieldLabel(string field) => field switch
    {
        "lon" => L["Report.Lon"],
        "lat" => L["Report.Lat"],
        "note" => L["Patrol.Note"],
        "accuracy" => L["Patrol.Accuracy"],
        _ => L["Patrol.Grid"],
    };

    private double? Number(string? text, string labelKey, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }

        errors[L[labelKey]] = [L["Report.BadNumber"]];
        return null;
    }
}

/// <summary>What the patrol form posts; numbers as text so a bad value becomes a form message.</summary>
public sealed class PatrolFormModel
{
    public string? Lon { get; set; }

    public string? Lat { get; set; }

    public string? Crs { get; set; }

    public string? Accuracy { get; set; }

    public string? Note { get; set; }

    public string? Key { get; set; }
}
