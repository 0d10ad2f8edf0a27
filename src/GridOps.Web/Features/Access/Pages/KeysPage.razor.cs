using System.Globalization;
using GridOps.Web.Components.Shared;
using GridOps.Web.Data;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace GridOps.Web.Features.Access.Pages;

/// <summary>
/// The administrator's keys. A new secret lives only in the dialog that issued it (the circuit's
/// memory, never the address, a redirect or the database, which keeps its hash); revoking ends a
/// wall's session at its next request.
/// </summary>
public sealed partial class KeysPage
{
    [Inject]
    private IDbContextFactory<GridOpsDbContext> Contexts { get; set; } = null!;

    [Inject]
    private AccessKeys AccessKeys { get; set; } = null!;

    [Inject]
    private IDialogService Dialogs { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = null!;

    private Viewer Me { get; set; } = Viewer.Anonymous;

    private List<AccessKey> Keys { get; set; } = [];

    private IReadOnlyDictionary<long, ScopeArea> Areas { get; set; } = new Dictionary<long, ScopeArea>();

    private (bool Ok, string Text)? Said { get; set; }

    protected override async Task OnInitializedAsync()
    {
        Me = Viewer.From((await Authentication).User);
        await LoadAsync();
        Loaded = true;
    }

    private async Task LoadAsync()
    {
        await using var context = await Contexts.CreateDbContextAsync();
        Keys = [.. (await context.Set<AccessKey>().AsNoTracking().ToListAsync()).OrderBy(k => k.RevokedAt != null).ThenBy(k => k.Name, UiCulture.ByName)];
        Areas = await ScopeResolver.AreaNamesAsync(context, Keys.Select(k => k.ScopeAreaId));
    }

    private async Task NewKeyAsync()
    {
        var parameters = new DialogParameters<NewKeyDialog> { { d => d.Send, CreateAsync } };
        var dialog = await Dialogs.ShowAsync<NewKeyDialog>(L["Admin.NewKey"], parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        await dialog.Result;
        await LoadAsync();
        StateHasChanged();
    }

    private async Task<(string? Secret, IReadOnlyDictionary<string, string[]> Errors)> CreateAsync(NewAccessKey draft)
    {
        var (_, secret, errors) = await AccessKeys.CreateAsync(draft, Me.ActorName, CancellationToken.None);
        return (secret, errors);
    }

    private async Task RevokeAsync(AccessKey key)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(L["Admin.Revoke"] + " " + key.Name,
            string.Format(CultureInfo.CurrentCulture, L["Admin.RevokeConfirm"], key.Name), L["Admin.Revoke"], cancelText: L["Alerts.Cancel"]);
        if (confirmed != true)
        {
            return;
        }

        var revoked = await AccessKeys.RevokeAsync(key.Id, Me.ActorName, CancellationToken.None);
        Said = revoked ? (true, $"{L["Admin.Saved"]} {key.Name}") : (false, L["Admin.Gone"]);
        await LoadAsync();
        StateHasChanged();
    }
}
