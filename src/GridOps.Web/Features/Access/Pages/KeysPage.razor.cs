using System.Globalization;
using GridOps.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
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
    private AccessKeys AccessKeys { get; set; } = null!;

    private List<AccessKey> Keys { get; set; } = [];

    protected override async Task LoadAsync()
    {
        await using var context = await Contexts.CreateDbContextAsync();
        var keys = context.Set<AccessKey>().AsNoTracking();
        if (ScopeResolver.AreaIdsWithin(context, Me.Scope) is { } within)
        {
            keys = keys.Where(k => k.ScopeAreaId != null && within.Contains(k.ScopeAreaId.Value));
        }

        Keys = [.. (await keys.ToListAsync()).OrderBy(k => k.RevokedAt != null).ThenBy(k => k.Name, UiCulture.ByName)];
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
        var (_, secret, errors) = await AccessKeys.CreateAsync(draft, Me.ActorName, CancellationToken.None, actorScope: Me.Scope);
        return (secret, errors);
    }

    private async Task RevokeAsync(AccessKey key)
    {
        if (!await ConfirmAsync(L["Admin.Revoke"] + " " + key.Name, string.Format(CultureInfo.CurrentCulture, L["Admin.RevokeConfirm"], key.Name),
                L["Admin.Revoke"], L["Alerts.Cancel"]))
        {
            return;
        }

        var revoked = await AccessKeys.RevokeAsync(key.Id, Me.ActorName, CancellationToken.None, Me.Scope);
        await AfterAsync(revoked, revoked ? $"{L["Admin.Saved"]} {key.Name}" : L["Admin.Gone"]);
    }
}
