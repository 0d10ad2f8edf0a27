using System.Globalization;
using GridOps.Web.Components.Shared;
using GridOps.Web.Features.Access;
using Microsoft.AspNetCore.Components;

namespace GridOps.Web.Features.Needs.Pages;

public sealed partial class NeedsPage
{
    [CascadingParameter]
    private HttpContext HttpContext { get; set; } = null!;

    [SupplyParameterFromQuery(Name = "state")]
    public string? State { get; set; }

    [SupplyParameterFromForm(FormName = "list-need")]
    private NeedForm Draft { get; set; } = null!;

    [SupplyParameterFromForm]
    private NeedChangeForm Change { get; set; } = null!;

    [Inject]
    private NeedsService Service { get; set; } = null!;

    [Inject]
    private NeedsQueries Queries { get; set; } = null!;

    private IReadOnlyList<NeedRow> Needs { get; set; } = [];

    private IReadOnlyList<NeedCounts> Counts { get; set; } = [];

    private IReadOnlyList<(string Code, string Name)> Communities { get; set; } = [];

    private IReadOnlyList<UnitRow> Units { get; set; } = [];

    private string? Message { get; set; }

    private bool Failed { get; set; }

    private DateOnly Today => Service.Today;

    protected override async Task OnInitializedAsync()
    {
        Draft ??= new NeedForm { ClaimBy = Today.AddDays(30).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) };
        Change ??= new NeedChangeForm();
        await LoadAsync();
    }

    private async Task ListAsync()
    {
        var claimBy = DateOnly.TryParseExact(Draft.ClaimBy, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day : (DateOnly?)null;
        var kind = Enum.TryParse<NeedKind>(Draft.Kind, out var k) ? k : (NeedKind?)null;
        Show(await Service.ListAsync(HttpContext.Viewer(), new NeedDraft(Draft.Community, kind, Draft.Title, Draft.Detail, claimBy), HttpContext.RequestAborted), "Needs.ListedDone");
        if (!Failed)
        {
            Draft = new NeedForm { ClaimBy = Draft.ClaimBy, Community = Draft.Community };
        }

        await LoadAsync();
    }

    private async Task ClaimAsync()
    {
        Show(await Service.ClaimAsync(HttpContext.Viewer(), Change.Id, Change.Version, Change.Unit, HttpContext.RequestAborted), "Needs.ClaimedDone");
        await LoadAsync();
    }

    private async Task SolveAsync()
    {
        Show(await Service.SolveAsync(HttpContext.Viewer(), Change.Id, Change.Version, Change.Outcome, HttpContext.RequestAborted), "Needs.SolvedDone");
        await LoadAsync();
    }

    private void Show(NeedOutcome outcome, string doneKey)
    {
        Failed = !outcome.Done;
        Message = NeedMessage.Of(L, outcome, doneKey);
    }

    private async Task LoadAsync()
    {
        var scope = HttpContext.Viewer().Scope;
        var state = Enum.TryParse<NeedState>(State, out var s) ? s : (NeedState?)null;
        // Streets in the reader's order (pinyin in Chinese); the query's order (community, deadline) within each, kept by the stable sort.
        Needs = [.. (await Queries.NeedsAsync(scope, state, HttpContext.RequestAborted)).OrderBy(n => n.StreetName ?? "", UiCulture.ByName)];
        Counts = await Queries.CountsAsync(scope, Today, HttpContext.RequestAborted);
        Communities = await Queries.CommunitiesAsync(scope, HttpContext.RequestAborted);
        Units = [.. (await Queries.UnitsAsync(HttpContext.RequestAborted)).OrderBy(u => u.Name, UiCulture.ByName)];
    }
}

/// <summary>The "list a need" form, as posted (text, so a bad value becomes a message).</summary>
public sealed class NeedForm
{
    public string? Community { get; set; }

    public string? Kind { get; set; }

    public string? Title { get; set; }

    public string? Detail { get; set; }

    public string? ClaimBy { get; set; }
}

/// <summary>A claim or a result on one need, from the version shown.</summary>
public sealed class NeedChangeForm
{
    public long Id { get; set; }

    public int Version { get; set; }

    public long Unit { get; set; }

    public string? Outcome { get; set; }
}
