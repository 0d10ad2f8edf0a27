using Microsoft.Extensions.Localization;
using MudBlazor;

namespace GridOps.Web.Components.Layout;

/// <summary>
/// MudBlazor's own words (close, clear, pages, the data grid's menus) in Chinese from GridOps' UI text
/// (keys <c>Mud.*</c>). In English, and for any key not translated, MudBlazor's built-in English stands.
/// </summary>
public sealed class MudTexts(IStringLocalizer<UiText> text) : MudLocalizer
{
    public override LocalizedString this[string key] => Translate(key, []);

    public override LocalizedString this[string key, params object[] arguments] => Translate(key, arguments);

    private LocalizedString Translate(string key, object[] arguments)
    {
        // The neutral resources are Chinese: an English page must not fall back to them.
        if (!Shared.UiCulture.IsChinese)
        {
            return new LocalizedString(key, key, resourceNotFound: true);
        }

        var found = text["Mud." + key, arguments];
        return found.ResourceNotFound ? new LocalizedString(key, key, resourceNotFound: true) : new LocalizedString(key, found.Value);
    }
}
