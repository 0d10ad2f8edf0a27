namespace GridOps.Web.Features.Access;

/// <summary>
/// The usual headers on every response. Pages load only their own scripts, styles and tiles
/// (no inline script anywhere); the map draws in blob workers; nothing may frame GridOps.
/// </summary>
public sealed class SecurityHeaders(RequestDelegate next, IConfiguration configuration)
{
    private readonly string _policy = PolicyFor(configuration["Map:BasemapTileUrl"]);

    // A configured basemap is the one other origin pages may fetch from.
    private static string PolicyFor(string? basemapUrl)
    {
        var basemap = Uri.TryCreate(basemapUrl?.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal), UriKind.Absolute, out var uri)
            ? " " + uri.GetLeftPart(UriPartial.Authority) : "";
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:" + basemap + "; font-src 'self' data:; " +
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
                headers.ContentSecurityPolicy = _policy;
            }

            return Task.CompletedTask;
        });
        return next(http);
    }
}
