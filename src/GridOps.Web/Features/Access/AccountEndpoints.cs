using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;

namespace GridOps.Web.Features.Access;

/// <summary>Signing in and out (people by password, wall screens by device token) and changing a password.</summary>
internal static class AccountEndpoints
{
    public static void MapAccount(this IEndpointRouteBuilder app)
    {
        // Sign-in forms and a wall screen's pairing: browsers' doors, left out of the API document.
        app.MapPost("/account/sign-in", SignInAsync).AllowAnonymous().RequireRateLimiting(AccessModule.SignInLimit).ExcludeFromDescription();
        app.MapPost("/account/sign-out", (Delegate)SignOutAsync).AllowAnonymous().RequireAntiforgeryToken().ExcludeFromDescription();
        app.MapPost("/account/password", ChangePasswordAsync).RequireAuthorization(Can.SignedIn).ExcludeFromDescription();
        app.MapPost("/device", DeviceSignInAsync).AllowAnonymous().RequireRateLimiting(AccessModule.SignInLimit).ExcludeFromDescription();
    }

    private static async Task<IResult> SignInAsync([FromForm] string? userName, [FromForm] string? password, [FromForm] string? returnUrl,
        UserAccounts accounts, HttpContext http, CancellationToken cancellationToken)
    {
        var back = Platform.PlatformModule.IsLocalPath(returnUrl) ? returnUrl! : "/";
        var (result, user) = string.IsNullOrWhiteSpace(userName) || string.IsNullOrEmpty(password)
            ? (SignInResult.Wrong, null)
            : await accounts.SignInAsync(userName, password, cancellationToken);
        if (result != SignInResult.SignedIn)
        {
            var error = result == SignInResult.LockedOut ? "locked" : "wrong";
            return Results.Redirect($"/account/sign-in?error={error}&returnUrl={Uri.EscapeDataString(back)}");
        }

        var viewer = await accounts.CurrentAsync(user!.Id, CookieSessions.Stamp(user.SecurityStamp), cancellationToken);
        await IssueAsync(http, viewer!, CookieSessions.Stamp(user.SecurityStamp), persistent: false);
        return Results.LocalRedirect(back);
    }

    private static async Task<IResult> SignOutAsync(HttpContext http, SessionRegistry sessions, CancellationToken cancellationToken)
    {
        if (Guid.TryParse(http.User.FindFirstValue(SessionRegistry.Claim), out var session))
        {
            await sessions.EndAsync(session, cancellationToken);
        }

        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return Results.Redirect("/account/sign-in");
    }

    private static async Task<IResult> ChangePasswordAsync([FromForm] string? current, [FromForm] string? password, [FromForm] string? repeat,
        UserAccounts accounts, HttpContext http, CancellationToken cancellationToken)
    {
        var viewer = http.Viewer();
        if (viewer.Kind != PrincipalKind.User)
        {
            return Results.Redirect("/account?result=invalid&fields=password");
        }

        var (errors, stamp) = password != repeat
            ? (new Dictionary<string, string[]> { ["repeat"] = ["The two new passwords differ."] }, null)
            : await accounts.ChangePasswordAsync(viewer.Id, current ?? "", password ?? "", cancellationToken);
        if (stamp is null)
        {
            return Results.Redirect($"/account?result=invalid&fields={Uri.EscapeDataString(string.Join(",", errors.Keys))}");
        }

        // The stamp changed, which ends every other session; this one gets a fresh cookie.
        await IssueAsync(http, viewer, stamp, persistent: false, keepSession: true);
        return Results.Redirect("/account?result=changed");
    }

    // A wall screen is provisioned once by opening /device#token=… (the page posts it here with its
    // antiforgery token, so neither a proxy log nor a cross-site link can carry it); it then holds a 30-day cookie.
    private static async Task<IResult> DeviceSignInAsync([FromForm] string? token, AccessKeys keys, AuditTrail audit, HttpContext http, CancellationToken cancellationToken)
    {
        var viewer = string.IsNullOrEmpty(token) ? null : await keys.FindAsync(token, cancellationToken);
        if (viewer is null || viewer.Role != AccessRole.WallScreen)
        {
            await audit.WriteAsync("device", "device-sign-in-failed", null, null, cancellationToken);
            return Results.Redirect("/account/sign-in?error=device");
        }

        await audit.WriteAsync(viewer.Name, "device-sign-in", viewer.Name, null, cancellationToken);
        await IssueAsync(http, viewer, null, persistent: true);
        // A device token is a wall screen's: it opens the wall.
        return Results.Redirect("/wall");
    }

    private static Task IssueAsync(HttpContext http, Viewer viewer, string? stamp, bool persistent, bool keepSession = false)
    {
        var identity = Viewer.Identity(viewer.Kind, viewer.Id, viewer.Name, viewer.DisplayName, viewer.Role, viewer.Scope, stamp,
            CookieAuthenticationDefaults.AuthenticationScheme);
        // A password change re-issues the cookie but keeps the session: signing out still ends it.
        var session = keepSession && Guid.TryParse(http.User.FindFirstValue(SessionRegistry.Claim), out var current) ? current : SessionRegistry.NewId();
        identity.AddClaim(new Claim(SessionRegistry.Claim, session.ToString()));
        return http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity), new AuthenticationProperties
        {
            IsPersistent = persistent,
            ExpiresUtc = persistent ? http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().AddDays(30) : null,
            AllowRefresh = true,
        });
    }
}
