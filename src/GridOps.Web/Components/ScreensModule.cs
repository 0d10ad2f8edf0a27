using MudBlazor.Services;

namespace GridOps.Web.Components;

/// <summary>
/// The app shell: static pages for the light doors, interactive Blazor Server with MudBlazor for the
/// screens people work in all day (decision 020).
/// </summary>
internal static class ScreensModule
{
    public static WebApplicationBuilder AddScreens(this WebApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents().AddInteractiveServerComponents(o =>
        {
            // Exception text stays in the server's log; the browser learns only that the circuit failed.
            o.DetailedErrors = false;
        });
        builder.Services.AddCascadingAuthenticationState();
        builder.Services.AddScoped<Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider, Features.Access.CircuitSessionCheck>();
        builder.Services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight;
            o.SnackbarConfiguration.PreventDuplicates = false;
        });
        builder.Services.AddTransient<MudBlazor.MudLocalizer, Layout.MudTexts>();
        return builder;
    }

    public static WebApplication MapScreens(this WebApplication app)
    {
        // The framework's and MudBlazor's files (blazor.web.js, MudBlazor.min.css) come from the build's
        // static web assets: public, like every other script and style.
        app.MapStaticAssets().AllowAnonymous();
        app.MapRazorComponents<App>()
            // frame-ancestors is already 'none' in GridOps' own policy (SecurityHeaders); the framework's 'self' would replace it.
            .AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null)
            .Add(endpoint =>
            {
                // The circuit's own endpoints serve only the signed-in screens that open one.
                if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: { } pattern } && pattern.StartsWith("/_blazor", StringComparison.Ordinal))
                {
                    endpoint.Metadata.Add(new Microsoft.AspNetCore.Authorization.AuthorizeAttribute(Features.Access.Can.SignedIn));
                }

                // The framework's own redirect helper carries no page of ours: it is as public as the redirect it follows.
                if (endpoint is RouteEndpointBuilder { RoutePattern.RawText: "/_framework/opaque-redirect" })
                {
                    endpoint.Metadata.Add(new Microsoft.AspNetCore.Authorization.AllowAnonymousAttribute());
                }
            });
        return app;
    }
}
