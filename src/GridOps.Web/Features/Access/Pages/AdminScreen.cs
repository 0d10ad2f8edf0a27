using GridOps.Web.Components;
using GridOps.Web.Data;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace GridOps.Web.Features.Access.Pages;

/// <summary>
/// What the administrator's list screens (users, keys) share: who acts (for the audit), the areas their
/// scopes name, what the last change came to, a confirmation before anything that cuts someone off,
/// and a fresh read after every change.
/// </summary>
public abstract class AdminScreen : Screen
{
    [Inject]
    protected IDbContextFactory<GridOpsDbContext> Contexts { get; set; } = null!;

    [Inject]
    protected IDialogService Dialogs { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = null!;

    protected Viewer Me { get; private set; } = Viewer.Anonymous;

    /// <summary>The administrator's district's clock, for the times the list shows.</summary>
    protected TimeZoneInfo? Zone { get; private set; }

    [Inject]
    private Districts.ReaderZone Reader { get; set; } = null!;

    protected IReadOnlyDictionary<long, ScopeArea> Areas { get; set; } = new Dictionary<long, ScopeArea>();

    /// <summary>What the last change came to: a status when done, an alert when refused.</summary>
    protected (bool Ok, string Text)? Said { get; set; }

    protected sealed override async Task OnInitializedAsync()
    {
        Me = Viewer.From((await Authentication).User);
        Zone = await Reader.ZoneAsync();
        await LoadAsync();
        Loaded = true;
    }

    /// <summary>Reads the list (and <see cref="Areas"/> for its scopes).</summary>
    protected abstract Task LoadAsync();

    protected async Task<bool> ConfirmAsync(string title, string message, string yes, string cancel) =>
        await Dialogs.ShowMessageBoxAsync(title, message, yes, cancelText: cancel) == true;

    /// <summary>Says what a change came to and shows the list as it now is.</summary>
    protected async Task AfterAsync(bool ok, string text)
    {
        Said = (ok, text);
        await LoadAsync();
        StateHasChanged();
    }
}
