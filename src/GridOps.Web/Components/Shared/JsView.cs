using Microsoft.JSInterop;

namespace GridOps.Web.Components.Shared;

/// <summary>
/// What a JavaScript module drew into a component's element (a map, a chart), from the component's first
/// render to its end. The component can end while the view is still being made — an operator who clicks on
/// before a page's map has loaded — so whatever arrives after the end is released at once instead of drawn
/// into an element that is no longer on the page (MapLibre throws on a detached container, and an exception
/// there would end the whole circuit).
/// </summary>
public sealed class JsView : IAsyncDisposable
{
    private IJSObjectReference? _module;
    private IJSObjectReference? _view;
    private bool _ended;

    /// <summary>Whether the view was made and its component has not ended.</summary>
    public bool IsOpen => _view is not null && !_ended;

    /// <summary>Imports the module and calls its <c>create(element, …)</c>, which answers null for an element
    /// that has already left the page.</summary>
    public async Task OpenAsync(IJSRuntime js, string modulePath, params object?[] arguments)
    {
        try
        {
            var module = await js.InvokeAsync<IJSObjectReference>("import", modulePath);
            if (_ended)
            {
                await module.DisposeAsync();
                return;
            }

            _module = module;
            var view = await module.InvokeAsync<IJSObjectReference?>("create", arguments);
            if (_ended)
            {
                await ReleaseAsync(view, null);
                return;
            }

            _view = view;
        }
        catch (JSDisconnectedException)
        {
            // The browser went away; the circuit ends with it.
        }
    }

    /// <summary>Calls the view, if it is open; a browser gone meanwhile is no error.</summary>
    public async Task CallAsync(string method, params object?[] arguments)
    {
        if (!IsOpen)
        {
            return;
        }

        try
        {
            await _view!.InvokeVoidAsync(method, arguments);
        }
        catch (JSDisconnectedException)
        {
            // The browser went away.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _ended = true;
        var (view, module) = (_view, _module);
        (_view, _module) = (null, null);
        await ReleaseAsync(view, module);
    }

    // Lets the view free what it drew (its own dispose), then releases both references. A browser that is
    // already gone took everything with it: nothing is left to release there.
    private static async Task ReleaseAsync(IJSObjectReference? view, IJSObjectReference? module)
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
