namespace GridOps.Web.Features.Access;

/// <summary>
/// The usual headers on every response. Pages load only their own scripts, styles and tiles
/// (no inline script anywhere); the map draws in blob workers; nothing may frame GridOps.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, IConfiguration configuration)
{
    private readonly string _policy = PolicyFor(configuration["Map:BasemapTileUrl"], "'self'");

    /// <summary>MudBlazor writes its theme as a style element and positions popovers and dialogs with style
    /// attributes: the interactive screens allow inline styles (never inline scripts).</summary>
    private readonly string _screensPolicy = PolicyFor(configuration["Map:BasemapTileUrl"], "'self' 'unsafe-inline'");

    // A configured basemap is the one other origin pages may fetch from.
    private static string PolicyFor(string? basemapUrl, string styles)
    {
        var basemap = Uri.TryCreate(basemapUrl?.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            ? " " + uri.GetLeftPart(UriPartial.Authority) : "";
        return "default-src 'self'; script-src 'self'; style-src " + styles + "; img-src 'self' data: blob:" + basemap + "; font-src 'self' data:; " +
            "connect-src 'self'" + basemap + "; worker-src 'self' blob:; child-src blob:; object-src 'none'; base-uri 'self'; " +
            "form-action 'self'; frame-ancestors 'none'";
    }

    public Task InvokeAsync(HttpContext http)
    {
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "geolocation=(self), camera=(self), microphone=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            if (!headers.ContainsKey("Content-Security-Policy"))
            {
                headers.ContentSecurityPolicy = Components.InteractiveScreens.Accepts(http) ? _screensPolicy : _policy;
            }

            return Task.CompletedTask;
        });
        return next(http);
    }
}
