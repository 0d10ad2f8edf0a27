using ChartData = GridOps.Web.Components.Charts.ChartData;
using System.Globalization;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Hierarchy;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.JSInterop;
using MudBlazor;

namespace GridOps.Web.Features.Assessment.Pages;

/// <summary>
/// A month's scores for one level, drillable from a street to its communities to their grids, with
/// month over month, grades and a chart. The address carries month, level and the unit drilled into,
/// so a view can be sent or bookmarked; what a viewer may read is exactly what the CSV gives them.
/// </summary>
public sealed partial class AssessmentPage
{
    private static readonly Dictionary<string, object> Download = new() { ["download"] = "" };

    private Viewer _viewer = Viewer.Anonymous;

    [Inject]
    private AssessmentStore Store { get; set; } = null!;

    [Inject]
    private OpenIncidentsWeighing Weighing { get; set; } = null!;

    [Inject]
    private TimeProvider Clock { get; set; } = null!;

    [Inject]
    private AreaQueries Areas { get; set; } = null!;

    [Inject]
    private Catalogue.CatalogueQueries Catalogue { get; set; } = null!;

    [Inject]
    private Districts.ReaderZone ReaderZone { get; set; } = null!;

    [Inject]
    private Districts.DistrictZones Zones { get; set; } = null!;

    // The districts' codes by id, and whether units are written with theirs (the whole database with several: codes are per district).
    private Dictionary<long, string> _districtCodes = [];
    private bool _qualify;

    private Districts.DistrictLevelNames? _words;

    /// <summary>A level as the reader's district names it (issue 20, part 7), else GridOps' word; departments are GridOps'.</summary>
    private string LevelText(AssessmentLevel level) =>
        level != AssessmentLevel.Department && _words?.Of((Hierarchy.AreaLevel)level, CultureInfo.CurrentUICulture) is { } word ? word
        : L["Assessment.Level." + level];

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = null!;

    [SupplyParameterFromQuery(Name = "month")]
    public string? MonthQuery { get; set; }

    [SupplyParameterFromQuery(Name = "kind")]
    public string? KindQuery { get; set; }

    [SupplyParameterFromQuery(Name = "level")]
    public string? LevelQuery { get; set; }

    /// <summary>The street or community drilled into: only the units inside it are listed.</summary>
    [SupplyParameterFromQuery(Name = "parent")]
    public string? ParentQuery { get; set; }

    private DateOnly Month { get; set; }

    private string Kind { get; set; } = AssessmentKind.Live;

    private AssessmentLevel Level { get; set; } = AssessmentLevel.Street;

    private AreaDetail? Parent { get; set; }

    private IReadOnlyList<(DateOnly Month, string[] Kinds)> Months { get; set; } = [];

    internal IReadOnlyList<AssessmentRow> Shown { get; private set; } = [];

    private Dictionary<(long District, string Unit), double?> Previous { get; set; } = [];

    private ILookup<(long DistrictId, string Unit), WeighingIncident> Weighs { get; set; } = Array.Empty<WeighingIncident>().ToLookup(w => (w.DistrictId, w.Unit));

    private string MonthLabel => Month.ToString("yyyy-MM", CultureInfo.InvariantCulture);

    private string CsvHref => $"/assessment.csv?month={MonthLabel}&kind={Kind}";

    private AssessmentLevel? DrillLevel => Level switch
    {
        AssessmentLevel.Street => AssessmentLevel.Community,
        AssessmentLevel.Community => AssessmentLevel.Grid,
        _ => null,
    };

    private List<BreadcrumbItem> Breadcrumbs =>
    [
        new(LevelText(AssessmentLevel.Street), Href(Month, AssessmentLevel.Street, null)),
        .. Parent!.Ancestors.Where(a => a.Level >= AreaLevel.Street)
            .Select(a => new BreadcrumbItem(a.Name, Href(Month, (AssessmentLevel)(a.Level + 1), _qualify ? AreaCodes.Qualify(Parent.DistrictCode, a.Code) : a.Code))),
        new(Parent.Area.Name, null, disabled: true),
    ];

    protected override async Task OnParametersSetAsync()
    {
        _viewer = Viewer.From((await Authentication).User);
        // The reader's district's month, not GridOps': a New York evening on the 30th is still November (issue 20).
        var locale = await ReaderZone.LocaleAsync();
        _words = locale.Names;
        var current = Store.CurrentMonth(locale.Zone);
        Month = AssessmentPageModel.ParseMonth(MonthQuery) ?? current;
        Level = Enum.TryParse<AssessmentLevel>(LevelQuery, out var level) && Enum.IsDefined(level) ? level : AssessmentLevel.Street;
        Parent = ParentQuery is { Length: > 0 } code ? await Areas.GetDetailAsync(code, _viewer.Scope, CancellationToken.None) : null;
        _districtCodes = (await Zones.CurrentDistrictsAsync(CancellationToken.None)).ToDictionary(d => d.Id, d => d.Code);
        _qualify = _viewer.Scope.IsEverything && _districtCodes.Count > 1;
        Months = await Store.MonthsAsync(CancellationToken.None);
        var (kind, rows) = await AssessmentPageModel.RowsAsync(Store, Areas, Catalogue, _viewer, Month, KindQuery, CancellationToken.None);
        Kind = kind;
        // Drilled into a street or community: its children only (a parent outside the scope reads as none, and lists nothing).
        var inside = ParentQuery is { Length: > 0 } ? Parent?.Children.Select(c => c.Code).ToHashSet(StringComparer.Ordinal) ?? [] : null;
        Shown = [.. rows.Where(r => r.Counts.Level == Level && (inside is null || (inside.Contains(r.Counts.Unit) && r.Counts.DistrictId == Parent!.DistrictId)))
            .OrderBy(r => r.Rank ?? int.MaxValue).ThenByDescending(r => r.Score).ThenBy(r => r.Counts.Unit, StringComparer.Ordinal)];
        // The month under way (live or its mid-month review): what weighs on each unit now.
        Weighs = Kind is AssessmentKind.Live or AssessmentKind.MidMonth && Month >= current
            ? await Weighing.ByUnitAsync(Level, 3, CancellationToken.None)
            : Array.Empty<WeighingIncident>().ToLookup(w => (w.DistrictId, w.Unit));
        // Month over month: against last month's frozen final, when there is one.
        Previous = (await Store.LoadAsync(Month.AddMonths(-1), AssessmentKind.Final, CancellationToken.None) ?? [])
            .Where(r => r.Counts.Level == Level).ToDictionary(r => (r.Counts.DistrictId, r.Counts.Unit), r => r.Score);
        Loaded = true;
    }

    // The chart shows the level's scored units, best first, at most twenty: the table below has them all.
    /// <summary>The level's units by score (at most 20), each bar coloured by its grade and labelled with it.</summary>
    private ChartData Grades
    {
        get
        {
            var scored = Shown.Where(r => r.Score is not null).Take(20).ToList();
            return new ChartData([.. scored.Select(r => r.Counts.Name)], [.. scored.Select(r => r.Score!.Value)], Keys: [.. scored.Select(r => r.Grade)]);
        }
    }

    private string MonthText(DateOnly month) =>
        month.ToString("yyyy-MM", CultureInfo.InvariantCulture) + " "
        + (Months.FirstOrDefault(m => m.Month == month).Kinds?.Contains(AssessmentKind.Final) == true
            ? "✓ " + L["Assessment.Kind.final"] : L["Assessment.Kind.live"]);

    /// <summary>A unit's code as links write it: with its district for the whole database with several (two cities' grid "1").</summary>
    private string UnitRef(AssessmentCounts counts) =>
        _qualify && counts.Level != AssessmentLevel.Department && _districtCodes.TryGetValue(counts.DistrictId, out var district)
            ? AreaCodes.Qualify(district, counts.Unit) : counts.Unit;

    private static string Href(DateOnly month, AssessmentLevel level, string? parent) =>
        $"/assessment?month={month:yyyy-MM}&level={level}" + (parent is null ? "" : "&parent=" + Uri.EscapeDataString(parent));

    private void Go(DateOnly? month = null, AssessmentLevel? level = null, string? parent = "")
    {
        // parent "" keeps the current one; null leaves it (another level chosen by hand lists the whole scope).
        var keep = parent == "" ? ParentQuery : parent;
        Navigation.NavigateTo(Href(month ?? Month, level ?? Level, keep));
    }
}
