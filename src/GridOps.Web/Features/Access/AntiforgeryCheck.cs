using Microsoft.AspNetCore.Antiforgery;

namespace GridOps.Web.Features.Access;

/// <summary>
/// Minimal APIs check the antiforgery token only where they bind form fields; a post that binds
/// none (sign out, revoke a key) would slip through. This filter asks for the token explicitly.
/// </summary>
internal static class AntiforgeryCheck
{
    public static RouteHandlerBuilder RequireAntiforgeryToken(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var antiforgery = context.HttpContext.RequestServices.GetRequiredService<IAntiforgery>();
            return await antiforgery.IsRequestValidAsync(context.HttpContext)
                ? await next(context)
                : Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The form's antiforgery token is missing or invalid.",
                    detail: "Reload the page and try again.");
        });

    /// <summary>
    /// For doors that read their own body (the hierarchy importer): a form needs the antiforgery token;
    /// anything else must be declared JSON and come from this site; a request with an API key in its header passes. A browser
    /// can send text/plain or a form cross-site without asking; it cannot send JSON without CORS.
    /// </summary>
    public static RouteHandlerBuilder RequireAntiforgeryOrJson(this RouteHandlerBuilder builder) =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            // A key in its header is proof enough: a browser cannot add that header to another site's form without asking
            // (CORS), so a machine may send a mapping and its files as multipart without a page's token.
            if (http.Request.Headers.ContainsKey(ApiKeyAuthenticationHandler.Header))
            {
                return await next(context);
            }

            if (http.Request.HasFormContentType)
            {
                return await http.RequestServices.GetRequiredService<IAntiforgery>().IsRequestValidAsync(http)
                    ? await next(context)
                    : Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The form's antiforgery token is missing or invalid.",
                        detail: "Send the form with its __RequestVerificationToken field, or send JSON.");
            }

            var type = http.Request.ContentType ?? "";
            var json = type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) || type.StartsWith("application/geo+json", StringComparison.OrdinalIgnoreCase);
            var origin = http.Request.Headers.Origin.ToString();
            var sameOrigin = origin.Length == 0 || (Uri.TryCreate(origin, UriKind.Absolute, out var uri)
                && string.Equals(uri.Authority, http.Request.Host.Value, StringComparison.OrdinalIgnoreCase));
            return json && sameOrigin
                ? await next(context)
                : Results.Problem(statusCode: json ? StatusCodes.Status403Forbidden : StatusCodes.Status415UnsupportedMediaType,
                    title: json ? "A request from another site may not change the hierarchy." : "Send the import as application/json (or application/geo+json), or as a form with its antiforgery token.");
        });
}
