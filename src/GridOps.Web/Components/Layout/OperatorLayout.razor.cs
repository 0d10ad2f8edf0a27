using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;

namespace GridOps.Web.Components.Layout;

public sealed partial class OperatorLayout
{
    [Inject]
    private NavigationManager Navigation { get; set; } = null!;

    [CascadingParameter]
    private Task<AuthenticationState> Authentication { get; set; } = null!;

    private Features.Access.Viewer Me { get; set; } = Features.Access.Viewer.Anonymous;

    private bool DrawerOpen { get; set; } = true;

    protected override async Task OnParametersSetAsync() =>
        Me = Features.Access.Viewer.From((await Authentication).User);

    private void ToggleDrawer() => DrawerOpen = !DrawerOpen;

    private (string Culture, string Name, string Link) OtherLanguage
    {
        get
        {
            var (culture, name) = Shared.UiCulture.IsChinese ? ("en", "English") : ("zh-CN", "中文");
            return (culture, name, $"/culture/{culture}?returnUrl={Uri.EscapeDataString("/" + Navigation.ToBaseRelativePath(Navigation.Uri))}");
        }
    }

    // The language lives in a cookie the server sets: a full load, so the new circuit starts in it.
    private void SwitchLanguage() => Navigation.NavigateTo(OtherLanguage.Link, forceLoad: true);
}
