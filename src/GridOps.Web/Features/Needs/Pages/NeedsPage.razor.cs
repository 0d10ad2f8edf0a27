using GridOps.Web.Components.Shared;
using GridOps.Web.Features.Access;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace GridOps.Web.Features.Needs.Pages;

/// <summary>
/// The needs list as a community (or the centre) works it: list a need in a dialog, a co-building
/// unit claims it, it is marked solved — each write from the version on screen, so a need someone
/// else just moved is refused with a word, not overwritten.
/// </summary>
public sealed partial class NeedsPage
{
    private Viewer _viewer = Viewer.Anonymous;

    [Inject]
    private NeedsService Service { get; set; } = null!;

    [Inject]
    private NeedsQueries Queries { get; set; } = null!;

    [Inject]
    private IDialogService Dialogs { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = null!;

    [SupplyParameterFromQuery(Name = "state")]
    public string? State { get; set; }

    internal IReadOnlyList<NeedRow> Needs { get; private set; } = [];

    private IReadOnlyList<NeedCounts> Counts { get; set; } = [];

    private IReadOnlyList<(string Code, string Name)> Communities { get; set; } = [];

    private IReadOnlyList<UnitRow> Units { get; set; } = [];

    /// <summary>What the last write came to.</summary>
    private (bool Ok, string Text)? Message { get; set; }

    /// <summary>The reader's district's today (issue 20).</summary>
    private DateOnly Today { get; set; }

    protected override async Task OnParametersSetAsync()
    {
        _viewer = Viewer.From((await Authentication).User);
        Today = await Service.TodayAsync(_viewer.Scope, CancellationToken.None);
        await LoadAsync();
        Loaded = true;
    }

    private void StateChosen(string state) => Navigation.NavigateTo(string.IsNullOrEmpty(state) ? "/needs" : "/needs?state=" + Uri.EscapeDataString(state));

    private async Task ListAsync()
    {
        var parameters = new DialogParameters<ListNeedDialog>
        {
            { d => d.Communities, Communities },
            { d => d.Today, Today },
            { d => d.Send, SendDraftAsync },
        };
        await Dialogs.ShowAsync<ListNeedDialog>(L["Needs.Add"], parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
    }

    private async Task<string?> SendDraftAsync(NeedDraft draft)
    {
        var outcome = await Service.ListAsync(_viewer, draft, CancellationToken.None);
        if (!outcome.Done)
        {
            return NeedMessage.Of(L, outcome, "Needs.ListedDone");
        }

        await AfterAsync(outcome, "Needs.ListedDone");
        return null;
    }

    private async Task ClaimAsync(NeedRow need, long unit) =>
        await AfterAsync(await Service.ClaimAsync(_viewer, need.Id, need.Version, unit, CancellationToken.None), "Needs.ClaimedDone");

    private async Task SolveAsync(NeedRow need, string outcome) =>
        await AfterAsync(await Service.SolveAsync(_viewer, need.Id, need.Version, outcome, CancellationToken.None), "Needs.SolvedDone");

    private async Task AfterAsync(NeedOutcome outcome, string doneKey)
    {
        Message = (outcome.Done, NeedMessage.Of(L, outcome, doneKey));
        await LoadAsync();
        StateHasChanged();
    }

    private async Task LoadAsync()
    {
        var scope = _viewer.Scope;
        var state = Enum.TryParse<NeedState>(State, out var s) ? s : (NeedState?)null;
        // Streets in the reader's order (pinyin in Chinese); the query's order (community, deadline) within each, kept by the stable sort.
        Needs = [.. (await Queries.NeedsAsync(scope, state, CancellationToken.None)).OrderBy(n => n.StreetName ?? "", UiCulture.ByName)];
        Counts = await Queries.CountsAsync(scope, Today, CancellationToken.None);
        Communities = await Queries.CommunitiesAsync(scope, CancellationToken.None);
        Units = [.. (await Queries.UnitsAsync(_viewer.Scope, CancellationToken.None)).OrderBy(u => u.Name, UiCulture.ByName)];
    }
}
