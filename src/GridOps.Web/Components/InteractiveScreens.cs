using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Endpoints;

namespace GridOps.Web.Components;

/// <summary>Which requests are answered by an interactive screen (a page not marked <see cref="ExcludeFromInteractiveRoutingAttribute"/>).</summary>
public static class InteractiveScreens
{
    public static bool Accepts(HttpContext http) =>
        http.GetEndpoint()?.Metadata is { } metadata
        && metadata.GetMetadata<ComponentTypeMetadata>() is not null
        && metadata.GetMetadata<ExcludeFromInteractiveRoutingAttribute>() is null;
}
