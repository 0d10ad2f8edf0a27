using System.Globalization;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace GridOps.Web.Features.Access.Pages;

/// <summary>
/// The administrator's list of people. Every change goes through <see cref="UserAccounts"/>, which
/// audits it; a disable also changes the security stamp, so the person's cookies and open circuits end.
/// An administrator cannot disable themselves here (it would lock the district out of its own admin).
/// </summary>
public sealed partial class UsersPage
{
    [Inject]
    private UserAccounts Accounts { get; set; } = null!;

    [Inject]
    private TimeProvider Time { get; set; } = null!;

    private List<User> Users { get; set; } = [];

    private DateTimeOffset Now => Time.GetUtcNow();

    protected override async Task LoadAsync()
    {
        await using var context = await Contexts.CreateDbContextAsync();
        // A district's administrator lists the people bound inside the district, its own departments' staff among them
        // (bound to the district as well as the department), not another district's.
        var users = context.Set<User>().AsNoTracking();
        if (ScopeResolver.AreaIdsWithin(context, Me.Scope) is { } within)
        {
            users = users.Where(u => u.ScopeAreaId != null && within.Contains(u.ScopeAreaId.Value));
        }

        Users = await users.OrderBy(u => u.Role).ThenBy(u => u.UserName).ToListAsync();
        Areas = await ScopeResolver.AreaNamesAsync(context, Users.Select(u => u.ScopeAreaId));
    }

    private string StatusText(User user) => user.Disabled ? L["Admin.Disabled"] : user.LockedUntil > Now ? L["Admin.Locked"] : L["Admin.Active"];

    private Color StatusColour(User user) => user.Disabled ? Color.Default : user.LockedUntil > Now ? Color.Warning : Color.Success;

    private async Task NewUserAsync()
    {
        var parameters = new DialogParameters<NewUserDialog> { { d => d.Send, CreateAsync } };
        var dialog = await Dialogs.ShowAsync<NewUserDialog>(L["Admin.NewUser"], parameters, new DialogOptions { MaxWidth = MaxWidth.Small, FullWidth = true });
        if (await dialog.Result is { Canceled: false, Data: string name })
        {
            await AfterAsync(true, $"{L["Admin.Created"]} {name}");
        }
    }

    private async Task<IReadOnlyDictionary<string, string[]>> CreateAsync(NewUser draft)
    {
        var (_, errors) = await Accounts.CreateAsync(draft, Me.ActorName, CancellationToken.None, Me.Scope);
        return errors;
    }

    private async Task ToggleAsync(User user)
    {
        if (!user.Disabled && !await ConfirmAsync(L["Admin.Disable"] + " " + user.UserName,
                string.Format(CultureInfo.CurrentCulture, L["Admin.DisableConfirm"], user.DisplayName), L["Admin.Disable"], L["Alerts.Cancel"]))
        {
            return;
        }

        await ChangeAsync(user, disable: !user.Disabled, unlock: false);
    }

    private Task UnlockAsync(User user) => ChangeAsync(user, disable: null, unlock: true);

    private async Task ChangeAsync(User user, bool? disable, bool unlock)
    {
        var found = await Accounts.SetStateAsync(user.Id, disable, unlock, Me.ActorName, CancellationToken.None, Me.Scope);
        await AfterAsync(found, found ? $"{L["Admin.Saved"]} {user.UserName}" : L["Admin.Gone"]);
    }
}
