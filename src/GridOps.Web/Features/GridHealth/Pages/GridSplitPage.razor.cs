using System.Globalization;
using System.Text.Json;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Patrols;
using Microsoft.AspNetCore.Components;

namespace GridOps.Web.Features.GridHealth.Pages;

public sealed partial class GridSplitPage
{
    [Parameter]
    public string Code { get; set; } = "";

    [SupplyParameterFromQuery(Name = "parts")]
    public int? Parts { get; set; }

    [SupplyParameterFromForm]
    private SplitForm? Form { get; set; }

    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = null!;

    [Inject]
    private GridSplitter Splitter { get; set; } = null!;

    [Inject]
    private PatrolPlans PatrolPlans { get; set; } = null!;

    private SplitPreview? Preview { get; set; }

    private SplitOutcome Outcome { get; set; }

    private IReadOnlyList<string> Applied { get; set; } = [];

    private string? Error { get; set; }

    private string Bounds { get; set; } = "";

    private string Overlays { get; set; } = "";

    private bool CanApply => HttpContext.Viewer().Can(Capability.ImportHierarchy);

    protected override async Task OnInitializedAsync()
    {
        Form ??= new SplitForm();
        await LoadAsync(Form.Parts ?? Parts);
    }

    private async Task ApplyAsync()
    {
        var viewer = HttpContext.Viewer();
        if (!viewer.Can(Capability.ImportHierarchy) || Form?.Parts is not { } parts)
        {
            Error = L["Split.AdminOnly"];
            return;
        }

        var (outcome, codes) = await Splitter.ApplyAsync(Code, parts, Form.Fingerprint ?? "", viewer, HttpContext.RequestAborted);
        if (outcome == SplitOutcome.Applied)
        {
            Applied = codes;
            // The new grids join this month's patrol plan at once; the others keep theirs.
            await PatrolPlans.PublishAsync(PatrolPlans.CurrentMonth(), HttpContext.RequestAborted);
            return;
        }

        Error = L["Split.Unavailable." + outcome];
        await LoadAsync(parts);
    }

    private async Task LoadAsync(int? parts)
    {
        (Outcome, Preview) = await Splitter.PreviewAsync(Code, parts, HttpContext.Viewer().Scope, HttpContext.RequestAborted);
        if (Outcome == SplitOutcome.NotFound && !HttpContext.Response.HasStarted)
        {
            // As the API answers: a grid outside the scope is no grid at all, not "yours to ask about".
            HttpContext.Response.StatusCode = StatusCodes.Status404NotFound;
        }

        if (Preview is null)
        {
            return;
        }

        Bounds = string.Join(',', Preview.Bounds.Select(b => b.ToString("R", CultureInfo.InvariantCulture)));
        Overlays = JsonSerializer.Serialize(new[]
        {
            new
            {
                id = "parts", label = L["Split.PartsCaption"].Value, url = $"/api/grid-health/split/{Uri.EscapeDataString(Code)}.geojson?parts={Preview.PartCount}",
                layer = "part", type = "fill", color = "#1f77b4", on = true,
            },
        });
    }
}

/// <summary>What the apply button posts: the part count and the fingerprint of the preview it was shown.</summary>
public sealed class SplitForm
{
    public int? Parts { get; set; }

    public string? Fingerprint { get; set; }
}
