using System.Security.Claims;
using GridOps.TestSupport;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Hierarchy;

namespace GridOps.Tests.Features.Access;

/// <summary>
/// The question a circuit asks every minute (and every request asks through the cookie): does this
/// sign-in still stand? An interactive screen left open must not outlive its session or its user.
/// </summary>
public sealed class CircuitSessionTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(withDemo: true);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ASignIn_StandsUntilItsSessionIsSignedOut_OrItsUserDisabled()
    {
        var (principal, session) = await SupervisorSignInAsync();
        var services = _app.Factory.Services;
        Assert.True(await CookieSessions.IsStillValidAsync(principal, services, CancellationToken.None));

        await _app.Service<SessionRegistry>().EndAsync(session, CancellationToken.None);
        Assert.False(await CookieSessions.IsStillValidAsync(principal, services, CancellationToken.None));

        var (again, _) = await SupervisorSignInAsync();
        Assert.True(await CookieSessions.IsStillValidAsync(again, services, CancellationToken.None));
        await _app.Database.CountAsync("WITH d AS (UPDATE users SET disabled = true, security_stamp = gen_random_uuid() WHERE user_name = 'supervisor' RETURNING 1) SELECT count(*) FROM d");
        _app.Service<PrincipalCache>().Clear();
        Assert.False(await CookieSessions.IsStillValidAsync(again, services, CancellationToken.None));
    }

    /// <summary>The principal signing in as the demo supervisor makes: claims from the users row, a new session id.</summary>
    private async Task<(ClaimsPrincipal Principal, Guid Session)> SupervisorSignInAsync()
    {
        await using var command = _app.Database.DataSource.CreateCommand("SELECT id, display_name, role, security_stamp FROM users WHERE user_name = 'supervisor'");
        await using var reader = await command.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        var identity = Viewer.Identity(PrincipalKind.User, reader.GetInt64(0), "supervisor", reader.GetString(1), (AccessRole)reader.GetInt16(2),
            new AccessScope(null, (AreaLevel?)null, null), CookieSessions.Stamp(reader.GetGuid(3)), "test");
        var session = SessionRegistry.NewId();
        identity.AddClaim(new Claim(SessionRegistry.Claim, session.ToString()));
        return (new ClaimsPrincipal(identity), session);
    }
}
