using System.Globalization;
using GridOps.Web.Components.Maps;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Patrols;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace GridOps.Web.Features.GridHealth.Pages;

/// <summary>
/// The split preview. The part count is in the address (a preview can be sent to a colleague); applying
/// sends the fingerprint of the preview on screen, so a grid that changed meanwhile is refused, not split blind.
/// </summary>
public sealed partial class GridSplitPage
{
    [Parameter]
    public string Code { get; set; } = "";

    [SupplyParameterFromQuery(Name = "parts")]
    public int? Parts { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = null!;

    [Inject]
    private GridSplitter Splitter { get; set; } = null!;

    [Inject]
    private PatrolPlans PatrolPlans { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [Inject]
    private IDialogService Dialogs { get; set; } = null!;

    private Viewer Me { get; set; } = Viewer.Anonymous;

    private SplitPreview? Preview { get; set; }

    private SplitOutcome Outcome { get; set; }

    private IReadOnlyList<string> Applied { get; set; } = [];

    /// <summary>The split grid's district, when links write codes with it (the whole database with several districts).</summary>
    private string? _linkDistrict;

    /// <summary>A new grid's link: numbered within its district, so written with it where links are (<c>XB:1-2</c>).</summary>
    private string CreatedLink(string created) => _linkDistrict is { } district ? Hierarchy.AreaCodes.Qualify(district, created) : created;

    [Inject]
    private Hierarchy.AreaQueries Areas { get; set; } = null!;

    private string? Error { get; set; }

    private MapSetup MapSetup { get; set; } = new();


    private bool _applying;

    private bool CanApply => Me.Can(Capability.ImportHierarchy);

    protected override async Task OnParametersSetAsync()
    {
        Me = Viewer.From((await Authentication).User);
        await LoadAsync(Parts);
        Loaded = true;
    }

    private void PartsChosen(int parts) =>
        Navigation.NavigateTo($"/grid-health/split/{Uri.EscapeDataString(Code)}?parts={parts.ToString(CultureInfo.InvariantCulture)}");

    private async Task ApplyAsync()
    {
        if (Preview is not { } preview || !CanApply)
        {
            Error = L["Split.AdminOnly"];
            return;
        }

        var confirmed = await Dialogs.ShowMessageBoxAsync(L["Split.Title"],
            string.Format(CultureInfo.CurrentCulture, L["Split.Confirm"], preview.GridName, preview.PartCount),
            string.Format(CultureInfo.CurrentCulture, L["Split.Apply"], preview.PartCount), cancelText: L["Alerts.Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        _applying = true;
        try
        {
            _linkDistrict = Me.Scope.IsEverything && (await Areas.GetDistrictsAsync(CancellationToken.None)).Count > 1
                ? (await Areas.FindAsync(Code, Me.Scope, CancellationToken.None)).Area?.DistrictCode : null;
            var (outcome, codes) = await Splitter.ApplyAsync(Code, preview.PartCount, preview.Fingerprint, Me, CancellationToken.None);
            if (outcome == SplitOutcome.Applied)
            {
                Applied = codes;
                // The new grids join this month's patrol plan at once; the others keep theirs.
                await PatrolPlans.PublishAsync(null, CancellationToken.None);
                return;
            }

            Error = L["Split.Unavailable." + outcome];
            await LoadAsync(preview.PartCount);
        }
        finally
        {
            _applying = false;
        }
    }

    private async Task LoadAsync(int? parts)
    {
        (Outcome, Preview) = await Splitter.PreviewAsync(Code, parts, Me.Scope, CancellationToken.None);
        if (Outcome == SplitOutcome.NotFound)
        {
            // As the API answers: a grid outside the scope is no grid at all, not "yours to ask about".
            Navigation.NotFound();
        }

        if (Preview is null)
        {
            return;
        }

        MapSetup = new MapSetup
        {
            Fill = MapFill.Palette,
            Bounds = Preview.Bounds,
            MicroGridMinZoom = 0,
            LegendLabel = L["Map.Legend"],
            Overlays =
            [
                new("parts", L["Split.PartsCaption"], $"/api/grid-health/split/{Uri.EscapeDataString(Code)}.geojson?parts={Preview.PartCount}", "fill", "#1f77b4", Layer: "part"),
            ],
        };
    }
}
