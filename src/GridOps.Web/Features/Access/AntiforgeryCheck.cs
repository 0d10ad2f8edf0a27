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
}
