using GridOps.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace GridOps.Web.Components.Charts;

/// <summary>
/// An ECharts chart (wwwroot-assets/src/components/chart.js): the kind is chosen once, the data is sent
/// whenever it differs from what was sent last — a KPI update that leaves a chart's numbers as they were
/// sends nothing.
/// </summary>
public sealed partial class Chart
{
    private ElementReference _element;
    private IJSObjectReference? _module;
    private IJSObjectReference? _view;
    private ChartData? _sent;
    private bool _disposed;

    [Inject]
    private IJSRuntime Js { get; set; } = null!;

    [Parameter, EditorRequired]
    public ChartKind Kind { get; set; }

    [Parameter, EditorRequired]
    public ChartData Data { get; set; } = new([], []);

    [Parameter, EditorRequired]
    public string Label { get; set; } = "";

    /// <summary>"dark" on the wall.</summary>
    [Parameter]
    public string Theme { get; set; } = "light";

    [Parameter]
    public string? Class { get; set; }

    /// <summary>Inline size where it depends on the data (a bar per unit).</summary>
    [Parameter]
    public string? Style { get; set; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (_disposed || !RendererInfo.IsInteractive)
        {
            return;
        }

        try
        {
            if (firstRender)
            {
                _sent = Data;
                _module = await Js.InvokeAsync<IJSObjectReference>("import", "./assets/chart.js");
                _view = await _module.InvokeAsync<IJSObjectReference>("create", _element, Kind.ToString().ToLowerInvariant(), Theme, Data);
            }
            else if (_view is not null && !Data.SameAs(_sent))
            {
                _sent = Data;
                await _view.InvokeVoidAsync("set", Data);
            }
        }
        catch (JSDisconnectedException)
        {
            // The browser went away.
        }
    }

    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        await JsViews.ReleaseAsync(_view, _module);
    }
}
