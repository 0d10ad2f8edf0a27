using Microsoft.AspNetCore.Components;

namespace GridOps.Web.Components;

/// <summary>
/// An interactive screen that reads once and then says so: <see cref="Ready"/> (rendered as
/// <c>data-ready</c>) turns true only after the circuit has drawn what the reads returned — the first
/// render comes before they finish, and tests and axe wait on it instead of guessing.
/// </summary>
public abstract class Screen : ComponentBase
{
    /// <summary>Set by the screen when its reads are done.</summary>
    protected bool Loaded { get; set; }

    protected bool Ready { get; private set; }

    protected string ReadyText => Ready ? "true" : "false";

    protected override void OnAfterRender(bool firstRender)
    {
        if (!Ready && Loaded && RendererInfo.IsInteractive)
        {
            Ready = true;
            StateHasChanged();
        }
    }
}
