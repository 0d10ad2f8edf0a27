using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;

namespace GridOps.Web.Features.Access;

/// <summary>
/// An interactive screen's circuit lives for hours on the sign-in it started with. Every minute it
/// asks the question every request asks (<see cref="CookieSessions.IsStillValidAsync"/>): a session
/// signed out elsewhere, a disabled user, a changed password or a revoked device token ends the
/// screen too — the router then leaves for the sign-in page.
/// </summary>
internal sealed class CircuitSessionCheck(ILoggerFactory loggers, IServiceScopeFactory scopes) : RevalidatingServerAuthenticationStateProvider(loggers)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromMinutes(1);

    protected override async Task<bool> ValidateAuthenticationStateAsync(AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            return await CookieSessions.IsStillValidAsync(authenticationState.User, scope.ServiceProvider, cancellationToken);
        }
        catch (ObjectDisposedException)
        {
            // The server is stopping and its circuits end with it: that says nothing about the session.
            return true;
        }
    }
}
