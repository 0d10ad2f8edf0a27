using GridOps.Web.Features.Access;
using GridOps.Web.Features.Live;
using GridOps.Web.Realtime;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Web;
using Microsoft.JSInterop;
using MudBlazor;

namespace GridOps.Web.Features.Alerts.Console;

/// <summary>
/// The supervisors' live inbox. Alerts arrive and change in place; every action goes to
/// <see cref="AlertActions"/> with the version the supervisor saw, so of two people pressing at once
/// one wins and the other is told at once who acted and when. Worked from the keyboard:
/// J/K (or ↓/↑) move, A acknowledges, E escalates, R reassigns, C comments, O/Enter opens the incident.
/// </summary>
public sealed partial class AlertConsolePage
{
    /// <summary>The most alerts a console lists (newest first), as the hub-era console did.</summary>
    public const int ListLimit = 300;

    internal static readonly (AlertConsoleAction Action, string Key)[] Keys =
    [
        (AlertConsoleAction.Acknowledge, "A"), (AlertConsoleAction.Escalate, "E"), (AlertConsoleAction.Reassign, "R"),
        (AlertConsoleAction.Comment, "C"), (AlertConsoleAction.Open, "O"),
    ];

    private Viewer _viewer = Viewer.Anonymous;

    /// <summary>The supervisor's district's clock.</summary>
    private TimeZoneInfo? _zone;

    [Inject]
    private Districts.ReaderZone Reader { get; set; } = null!;
    private string _group = "";
    private IJSObjectReference? _browser;

    [Inject]
    private LiveFeedReader Feed { get; set; } = null!;

    [Inject]
    private AlertActions Actions { get; set; } = null!;

    [Inject]
    private IDialogService Dialogs { get; set; } = null!;

    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [Inject]
    private IJSRuntime Js { get; set; } = null!;

    [Inject]
    private ILogger<AlertConsolePage> Log { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = null!;

    [SupplyParameterFromQuery(Name = "all")]
    public bool All { get; set; }

    internal AlertInbox Inbox { get; private set; } = new(showAll: false);

    /// <summary>A card's usual height in pixels, for the virtualised list's spacers and for scrolling to an unrendered card.</summary>
    private const float CardHeight = 112;

    /// <summary>Renders left before the chosen card is focused (it may need scrolling into the rendered window first).</summary>
    private int _focusAttempts;

    private IReadOnlyList<(string Name, string Display)> Supervisors { get; set; } = [];

    /// <summary>Red alerts that arrived while this console was open and nobody has touched it since.</summary>
    private int UnseenRed { get; set; }

    private bool Sound { get; set; } = true;

    private bool Ready { get; set; }

    /// <summary>The first picture has come from the database.</summary>
    private bool Loaded { get; set; }

    private string PageTitleText => (UnseenRed > 0 ? $"【{string.Format(System.Globalization.CultureInfo.CurrentCulture, L["Alerts.NewRed"], UnseenRed)}】 " : "")
        + L["Alerts.Title"] + " · GridOps";

    protected override async Task OnInitializedAsync()
    {
        _viewer = Viewer.From((await Authentication).User);
        _group = LiveGroups.For(_viewer.Scope);
        _zone = await Reader.ZoneAsync(Stopping);
        Inbox = new AlertInbox(All);
        // Following first, loading second: whatever commits in between arrives as an event, and applying it again changes nothing.
        Follow(_group, LiveNames.Camel(_viewer.Role.ToString()));
        await ReloadAsync();
        Loaded = true;
        Supervisors = await Actions.SupervisorsAsync(Stopping);
    }

    protected override async Task ReloadAsync() =>
        Inbox.Load(await Feed.AlertsAsync(_group, null, includeAcknowledged: Inbox.ShowAll, ListLimit, Stopping));

    protected override void Apply(IReadOnlyList<LiveEvent> batch)
    {
        var arrived = Inbox.Apply(batch);
        if (arrived.Count > 0)
        {
            UnseenRed += arrived.Count;
            if (Sound)
            {
                _ = RingAsync();
            }
        }
    }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (firstRender)
        {
            // The circuit is up: keys work from here on.
            Ready = true;
            try
            {
                _browser = await Js.InvokeAsync<IJSObjectReference>("import", Stopping, "./assets/alert-console.js");
                Sound = await _browser.InvokeAsync<bool>("enabled", Stopping);
            }
            catch (JSException e)
            {
                // Without its script the console still works; the title still marks new red alerts.
                Log.LogWarning(e, "The alert chime's script did not load");
            }

            StateHasChanged();
            await FocusSelectedAsync();
        }
        else if (_focusAttempts > 0 && _browser is not null && Inbox.SelectedId is { } id)
        {
            _focusAttempts--;
            try
            {
                if (await _browser.InvokeAsync<bool>("focusCard", Stopping, id, Inbox.SelectedIndex, CardHeight))
                {
                    _focusAttempts = 0;
                }
                else
                {
                    // Scrolled to where the card will be: the list renders it, and this runs again.
                    StateHasChanged();
                }
            }
            catch (Exception e) when (e is JSException or JSDisconnectedException or TaskCanceledException)
            {
                _focusAttempts = 0;
            }
        }
    }

    private async Task OnKeyAsync(KeyboardEventArgs e)
    {
        if (e.CtrlKey || e.AltKey || e.MetaKey || e.Repeat && e.Key is not ("j" or "k" or "ArrowDown" or "ArrowUp"))
        {
            return;
        }

        UnseenRed = 0;
        switch (e.Key)
        {
            case "j" or "J" or "ArrowDown":
                Inbox.Move(1);
                await FocusSelectedAsync();
                break;
            case "k" or "K" or "ArrowUp":
                Inbox.Move(-1);
                await FocusSelectedAsync();
                break;
            default:
                if (Array.Find(Keys, k => string.Equals(k.Key, e.Key, StringComparison.OrdinalIgnoreCase)) is { Key: not null } key)
                {
                    await ActAsync(key.Action);
                }
                else if (e.Key == "Enter")
                {
                    await ActAsync(AlertConsoleAction.Open);
                }

                break;
        }
    }

    private async Task Select(long alertId)
    {
        UnseenRed = 0;
        Inbox.Select(alertId);
        await Task.CompletedTask;
    }

    private async Task ActAsync(AlertConsoleAction action)
    {
        UnseenRed = 0;
        if (Inbox.Selected is not { Alert: { } alert } selected)
        {
            return;
        }

        if (action == AlertConsoleAction.Open)
        {
            Navigation.NavigateTo("/incidents/" + selected.Incident.Ticket, forceLoad: true);
            return;
        }

        string? text = null;
        if (action != AlertConsoleAction.Acknowledge)
        {
            var dialog = await Dialogs.ShowAsync<AlertActionDialog>(L["Alerts." + action],
                new DialogParameters<AlertActionDialog> { { d => d.Action, action }, { d => d.Supervisors, Supervisors } },
                new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
            var result = await dialog.Result;
            if (result is null || result.Canceled || result.Data is not string entered)
            {
                await FocusSelectedAsync();
                return;
            }

            text = entered;
        }

        AlertOutcome outcome;
        try
        {
            outcome = action switch
            {
                AlertConsoleAction.Acknowledge => await Actions.AcknowledgeAsync(_viewer, alert.Id, alert.Version, Stopping),
                AlertConsoleAction.Escalate => await Actions.EscalateAsync(_viewer, alert.Id, alert.Version, text!, Stopping),
                AlertConsoleAction.Reassign => await Actions.ReassignAsync(_viewer, alert.Id, alert.Version, text!, Stopping),
                _ => await Actions.CommentAsync(_viewer, alert.Id, text!, Stopping),
            };
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
        {
            Log.LogWarning(e, "Alert action failed: the database did not answer");
            Inbox.Outcomes[alert.Id] = new AlertOutcomeText(false, L["Live.Status.offline"]);
            return;
        }

        if (outcome.Alert is { } now)
        {
            Inbox.Update(now);
        }

        Inbox.Outcomes[alert.Id] = AlertOutcomeText.Of(L, outcome, _zone);
        await FocusSelectedAsync();
    }

    private async Task ShowAllChanged(bool showAll)
    {
        Inbox = new AlertInbox(showAll);
        await ReloadAsync();
        Navigation.NavigateTo(showAll ? "/alerts?all=true" : "/alerts", new NavigationOptions { ReplaceHistoryEntry = true });
    }

    private async Task SoundChanged(bool on)
    {
        Sound = on;
        if (_browser is not null)
        {
            await _browser.InvokeVoidAsync("remember", Stopping, on);
        }
    }

    private async Task RingAsync()
    {
        try
        {
            if (_browser is not null)
            {
                await _browser.InvokeVoidAsync("ring", Stopping);
            }
        }
        catch (Exception e) when (e is JSDisconnectedException or OperationCanceledException or JSException)
        {
            // No browser to ring in (the circuit is away) or no sound allowed yet: the title still says it.
        }
    }

    /// <summary>Asks for the keyboard focus on the selected card after the next render (it may first need scrolling into view).</summary>
    private Task FocusSelectedAsync()
    {
        if (Ready && Inbox.SelectedId is not null)
        {
            _focusAttempts = 3;
            StateHasChanged();
        }

        return Task.CompletedTask;
    }

    public override async ValueTask DisposeAsync()
    {
        if (_browser is not null)
        {
            try
            {
                await _browser.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
                // The browser is gone already.
            }
        }

        await base.DisposeAsync();
    }
}
