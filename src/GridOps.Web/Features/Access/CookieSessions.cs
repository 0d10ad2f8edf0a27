using System.Globalization;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;

namespace GridOps.Web.Features.Access;

/// <summary>
/// The sign-in cookie: people get 12 hours (sliding), wall screens 30 days. Every request checks
/// the user's security stamp or the device's token, so a password change, a disable or a revoked
/// token ends the session at once, and so does signing out (<see cref="SessionRegistry"/>). APIs answer
/// 401/403; pages send people to sign in.
/// </summary>
internal static class CookieSessions
{
    public static void Configure(CookieAuthenticationOptions o)
    {
        o.Cookie.Name = "gridops.session";
        o.Cookie.HttpOnly = true;
        o.Cookie.SameSite = SameSiteMode.Lax;
        o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        o.ExpireTimeSpan = TimeSpan.FromHours(12);
        o.SlidingExpiration = true;
        o.LoginPath = "/account/sign-in";
        o.AccessDeniedPath = "/account/denied";
        o.Events.OnValidatePrincipal = ValidateAsync;
        o.Events.OnRedirectToLogin = context => Answer(context, StatusCodes.Status401Unauthorized, "Sign in first.");
        o.Events.OnRedirectToAccessDenied = context => Answer(context, StatusCodes.Status403Forbidden, "Your role may not do this.");
    }

    private static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        if (!await IsStillValidAsync(context.Principal!, context.HttpContext.RequestServices, context.HttpContext.RequestAborted))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        }
    }

    /// <summary>Whether a signed-in principal still stands: its session open, its user unchanged (stamp) and enabled, its device token active.
    /// Each request asks through the cookie handler; an interactive screen's circuit asks again every minute (CircuitSessionCheck).</summary>
    internal static async Task<bool> IsStillValidAsync(ClaimsPrincipal principal, IServiceProvider services, CancellationToken cancellationToken)
    {
        var viewer = Viewer.From(principal);
        // A session that was signed out is over on the server too, whoever still holds a copy of its cookie.
        // A wall's cookie from before session ids (30 days, unattended, its token shown only once) stays
        // valid until it expires or its token is revoked; a person's old cookie means signing in again.
        var claim = principal.FindFirstValue(SessionRegistry.Claim);
        var sessionOpen = claim is null ? viewer.Kind == PrincipalKind.Device
            : Guid.TryParse(claim, out var session) && await services.GetRequiredService<SessionRegistry>().IsOpenAsync(session, cancellationToken);
        return sessionOpen && viewer.Kind switch
        {
            PrincipalKind.User => await services.GetRequiredService<UserAccounts>().CurrentAsync(
                viewer.Id, principal.FindFirstValue(Viewer.StampClaim) ?? "", cancellationToken) is not null,
            PrincipalKind.Device => await services.GetRequiredService<AccessKeys>().IsActiveAsync(viewer.Id, cancellationToken),
            _ => false,
        };
    }

    private static Task Answer(RedirectContext<CookieAuthenticationOptions> context, int status, string title)
    {
        var accept = context.Request.Headers.Accept.ToString();
        if (HttpMethods.IsGet(context.Request.Method) && accept.Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            context.Response.Redirect(context.RedirectUri);
            return Task.CompletedTask;
        }

        return AccessDenied.WriteAsync(context.HttpContext, status, title);
    }

    public static string Stamp(Guid stamp) => stamp.ToString("D", CultureInfo.InvariantCulture);
}
