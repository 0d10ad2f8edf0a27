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
    private readonly JsView _view = new();
    private ChartData? _sent;

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
        if (!RendererInfo.IsInteractive)
        {
            return;
        }

        if (firstRender)
        {
            _sent = Data;
            await _view.OpenAsync(Js, "./assets/chart.js", _element, Kind.ToString().ToLowerInvariant(), Theme, Data);
        }

        // Also right after opening: data that changed while the chart was being made is sent now.
        if (_view.IsOpen && !Data.SameAs(_sent))
        {
            _sent = Data;
            await _view.CallAsync("set", Data);
        }
    }

    public ValueTask DisposeAsync() => _view.DisposeAsync();
}
