using AngleSharp.Dom;
using Bunit;
using MudBlazor;

namespace GridOps.ComponentTests;

/// <summary>Working MudBlazor's pickers as a person does: open the list, wait for it, choose by the visible text.</summary>
internal static class MudInteractions
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    /// <summary>Opens a MudSelect (its input control takes the mouse-down) and chooses the item that reads <paramref name="text"/>.</summary>
    public static async Task ChooseAsync(IElement select, IRenderedComponent<MudPopoverProvider> popovers, string text)
    {
        await select.MouseDownAsync(new());
        await ClickItemAsync(popovers, i => i.TextContent.Trim() == text);
    }

    /// <summary>Types into a MudAutocomplete and chooses the first suggestion that contains <paramref name="shown"/>.</summary>
    public static async Task SearchAndPickAsync(IElement input, IRenderedComponent<MudPopoverProvider> popovers, string typed, string shown)
    {
        await input.InputAsync(new() { Value = typed });
        await ClickItemAsync(popovers, i => i.TextContent.Contains(shown, StringComparison.Ordinal));
    }

    private static async Task ClickItemAsync(IRenderedComponent<MudPopoverProvider> popovers, Func<IElement, bool> wanted)
    {
        popovers.WaitForAssertion(() => Assert.Contains(popovers.FindAll(".mud-popover-open .mud-list-item"), i => wanted(i)), Soon);
        await popovers.FindAll(".mud-popover-open .mud-list-item").First(wanted).ClickAsync(new());
    }
}
