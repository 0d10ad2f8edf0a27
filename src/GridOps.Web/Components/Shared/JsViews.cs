using Microsoft.JSInterop;

namespace GridOps.Web.Components.Shared;

/// <summary>The end of a view that a JavaScript module drew (a map, a chart) for a component.</summary>
public static class JsViews
{
    /// <summary>Lets the view free what it drew (its own dispose), then releases both references. A browser that is
    /// already gone took everything with it: nothing is left to release there.</summary>
    public static async Task ReleaseAsync(IJSObjectReference? view, IJSObjectReference? module)
    {
        try
        {
            if (view is not null)
            {
                await view.InvokeVoidAsync("dispose");
                await view.DisposeAsync();
            }

            if (module is not null)
            {
                await module.DisposeAsync();
            }
        }
        catch (JSDisconnectedException)
        {
            // Gone with the browser.
        }
    }
}
