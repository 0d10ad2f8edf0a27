using GridOps.Web.Features.Open311;

namespace GridOps.Web.Features.Access;

/// <summary>How a refused request is answered where nobody can be sent to a sign-in page:
/// Open311's own error list on its paths (403, as GeoReport v2 prescribes for a bad api_key), ProblemDetails elsewhere.</summary>
internal static class AccessDenied
{
    public static Task WriteAsync(HttpContext http, int status, string title)
    {
        var path = http.Request.Path.Value ?? "";
        if (path.StartsWith("/open311/", StringComparison.OrdinalIgnoreCase))
        {
            var format = path.EndsWith(".xml", StringComparison.OrdinalIgnoreCase) ? "xml" : "json";
            return Open311Writer.Error(format, StatusCodes.Status403Forbidden, "api_key is missing, not valid, or may not do this.").ExecuteAsync(http);
        }

        http.Response.StatusCode = status;
        return http.Response.WriteAsJsonAsync(new { type = "about:blank", title, status }, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json");
    }
}
