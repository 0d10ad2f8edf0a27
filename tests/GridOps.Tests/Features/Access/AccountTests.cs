using System.Net;
using System.Net.Http.Json;
using GridOps.TestSupport;
using GridOps.Web.Features.Access;

namespace GridOps.Tests.Features.Access;

/// <summary>Signing in and out, lockout, revocation, antiforgery, rate limits, the audit trail and the security headers.</summary>
public sealed class AccountTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(withDemo: true);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static Task<HttpResponseMessage> PostSignInAsync(HttpClient client, string user, string password) => SignIn.PostAsync(client, user, password);

    [Fact]
    public async Task FiveWrongPasswords_LockTheAccount_EvenAgainstTheRightOne_UntilAnAdministratorUnlocks()
    {
        var client = _app.Anonymous(followRedirects: false);
        for (var i = 0; i < 4; i++)
        {
            using var wrong = await PostSignInAsync(client, "grid", "not-the-password");
            Assert.Contains("error=wrong", wrong.Headers.Location!.OriginalString, StringComparison.Ordinal);
        }

        using var fifth = await PostSignInAsync(client, "grid", "not-the-password");
        Assert.Contains("error=locked", fifth.Headers.Location!.OriginalString, StringComparison.Ordinal);
        using var right = await PostSignInAsync(client, "grid", AccessSeeder.DemoPassword);
        Assert.Contains("error=locked", right.Headers.Location!.OriginalString, StringComparison.Ordinal);

        // As the users page's unlock button does (its bUnit test presses it).
        var userId = long.Parse((await _app.Database.StringsAsync("SELECT id FROM users WHERE user_name = 'grid'"))[0], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await _app.Service<UserAccounts>().SetStateAsync(userId, null, unlock: true, "admin", CancellationToken.None));
        using var again = await PostSignInAsync(client, "grid", AccessSeeder.DemoPassword);
        Assert.Equal("/account", again.Headers.Location!.OriginalString);

        var audit = await _app.Database.StringsAsync("SELECT action FROM audit_log WHERE actor = 'grid' OR target = 'grid' ORDER BY id");
        Assert.Equal(["sign-in-failed", "sign-in-failed", "sign-in-failed", "sign-in-failed", "locked-out", "sign-in-refused", "user-unlocked", "sign-in"], audit);
    }

    [Fact]
    public async Task ChangingThePassword_SignsOutTheOtherSessions()
    {
        var phone = await _app.SignInAsync("community");
        var laptop = await _app.SignInAsync("community");
        var token = await SignIn.AntiforgeryTokenAsync(laptop, "/account");
        using var change = await laptop.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token, ["current"] = AccessSeeder.DemoPassword, ["password"] = "a-brand-new-secret", ["repeat"] = "a-brand-new-secret",
        }));
        Assert.EndsWith("result=changed", change.RequestMessage!.RequestUri!.Query, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await laptop.GetAsync("/api/incidents")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await phone.GetAsync("/api/incidents")).StatusCode);
        await _app.SignInAsync("community", "a-brand-new-secret");
    }

    [Fact]
    public async Task ARevokedDeviceToken_EndsTheWallSession_AndARevokedKeyIsRefused()
    {
        var keys = _app.Service<AccessKeys>();
        var (wallKey, wallSecret, _) = await keys.CreateAsync(new NewAccessKey("临时大屏", AccessRole.WallScreen, null, null), "test", CancellationToken.None);
        var (apiKey, apiSecret, _) = await keys.CreateAsync(new NewAccessKey("临时网关", AccessRole.HotlineGateway, null, null), "test", CancellationToken.None);
        var wall = await _app.WallAsync(wallSecret!);
        var gateway = _app.WithKey(apiSecret!);
        Assert.Equal(HttpStatusCode.OK, (await wall.GetAsync("/api/incidents")).StatusCode);
        Assert.DoesNotContain((await gateway.GetAsync("/api/locate?lon=112.9&lat=28.2")).StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });

        await keys.RevokeAsync(wallKey!.Id, "test", CancellationToken.None);
        await keys.RevokeAsync(apiKey!.Id, "test", CancellationToken.None);
        Assert.Equal(HttpStatusCode.Unauthorized, (await wall.GetAsync("/api/incidents")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await gateway.GetAsync("/api/locate?lon=112.9&lat=28.2")).StatusCode);
        var stored = await _app.Database.StringsAsync($"SELECT encode(secret_hash, 'hex') FROM access_keys WHERE id = {apiKey.Id}");
        Assert.DoesNotContain(apiSecret!, stored[0], StringComparison.Ordinal);
    }

    [Fact]
    public async Task AFormPostedToAnAdminPageWithoutItsAntiforgeryToken_IsRefusedAndStoresNothing()
    {
        // The admin screens act inside the circuit; a forged cross-site post to their address must still store nothing.
        var before = await _app.Database.CountAsync("SELECT count(*) FROM users");
        using var response = await _app.Client.PostAsync("/admin/users", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = "forged", ["displayName"] = "forged", ["password"] = "forged-password-123", ["role"] = "Administrator",
        }));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(before, await _app.Database.CountAsync("SELECT count(*) FROM users"));
    }

    [Fact]
    public async Task Pages_CarryTheSecurityHeaders()
    {
        using var response = await _app.Anonymous().GetAsync("/account/sign-in");
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("same-origin", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Fact]
    public async Task ScriptInAUsersName_IsShownAsText()
    {
        const string Script = "<script>alert('x')</script>";
        var (user, _) = await _app.Service<UserAccounts>().CreateAsync(new NewUser("xss-user", Script, "long-enough-password", AccessRole.GridWorker, (await _app.Database.StringsAsync("SELECT code FROM areas WHERE level = 3 LIMIT 1"))[0], null), "test", CancellationToken.None);
        Assert.NotNull(user);
        var html = await _app.Client.GetStringAsync("/admin/users");
        Assert.DoesNotContain(Script, html, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;", html, StringComparison.Ordinal);
        var own = await (await _app.SignInAsync("xss-user", "long-enough-password")).GetStringAsync("/account");
        Assert.DoesNotContain(Script, own, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAuditLog_IsAppendOnly_AndReadableByAdministratorsOnly()
    {
        await _app.SignInAsync("leader");
        var html = await _app.Client.GetStringAsync("/admin/audit?actor=leader");
        Assert.Contains("sign-in", html, StringComparison.Ordinal);
        var refused = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => _app.Database.StringsAsync("UPDATE audit_log SET actor = 'someone else' RETURNING id"));
        Assert.Contains("append-only", refused.MessageText, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await (await _app.SignInAsync("command")).GetAsync("/admin/audit")).StatusCode);
    }

    [Fact]
    public async Task SignIn_IsRateLimitedPerAddress()
    {
        await using var limited = await TestApp.StartAsync(withDemo: false, settings: new Dictionary<string, string> { ["Access:SignInsPerMinute"] = "3" });
        var client = limited.Anonymous(followRedirects: false);
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            using var response = await PostSignInAsync(client, "nobody", "wrong-password");
            statuses.Add(response.StatusCode);
        }

        Assert.Contains(HttpStatusCode.TooManyRequests, statuses);
        Assert.Equal(HttpStatusCode.Redirect, statuses[0]);
    }

    [Fact]
    public async Task WhatIsTypedAsAnUnknownUserName_IsNotKept()
    {
        // People type passwords into the name field too: the audit log says only that someone unknown tried.
        using var refused = await PostSignInAsync(_app.Anonymous(followRedirects: false), "<img src=x onerror=alert(1)> my-secret-pw", "whatever-password");
        Assert.Equal(0, await _app.Database.CountAsync("SELECT count(*) FROM audit_log WHERE actor LIKE '%my-secret-pw%' OR detail LIKE '%my-secret-pw%' OR target LIKE '%my-secret-pw%'"));
        var html = await _app.Client.GetStringAsync("/admin/audit?action=sign-in-failed");
        Assert.Contains("(unknown user)", html, StringComparison.Ordinal);
        Assert.DoesNotContain("my-secret-pw", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ParallelWrongPasswords_StillLockAfterFive()
    {
        var clients = Enumerable.Range(0, 12).Select(_ => _app.Anonymous(followRedirects: false)).ToList();
        var answers = await Task.WhenAll(clients.Select(c => PostSignInAsync(c, "supervisor", "not-the-password")));
        var refusedAsLocked = answers.Count(a => a.Headers.Location!.OriginalString.Contains("error=locked", StringComparison.Ordinal));
        Assert.True(refusedAsLocked >= 1, "twelve parallel guesses never locked the account");
        Assert.Equal(1, await _app.Database.CountAsync("SELECT count(*) FROM users WHERE user_name = 'supervisor' AND locked_until IS NOT NULL"));
        using var right = await PostSignInAsync(_app.Anonymous(followRedirects: false), "supervisor", AccessSeeder.DemoPassword);
        Assert.Contains("error=locked", right.Headers.Location!.OriginalString, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SigningOutOrRevokingWithoutTheFormToken_IsRefused()
    {
        var (key, _, _) = await _app.Service<AccessKeys>().CreateAsync(new NewAccessKey("不应被吊销", AccessRole.WallScreen, null, null), "test", CancellationToken.None);
        using var revoke = await _app.Client.PostAsync("/admin/keys", new FormUrlEncodedContent(new Dictionary<string, string> { ["id"] = key!.Id.ToString(System.Globalization.CultureInfo.InvariantCulture) }));
        Assert.Equal(HttpStatusCode.BadRequest, revoke.StatusCode);
        Assert.Equal(0, await _app.Database.CountAsync($"SELECT count(*) FROM access_keys WHERE id = {key.Id} AND revoked_at IS NOT NULL"));
        using var signOut = await _app.Client.PostAsync("/account/sign-out", new FormUrlEncodedContent(new Dictionary<string, string>()));
        Assert.Equal(HttpStatusCode.BadRequest, signOut.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _app.Client.GetAsync("/api/incidents")).StatusCode);
    }

    [Fact]
    public async Task MachineDoors_IgnoreABrowsersCookie()
    {
        // An administrator's cookie must not let a cross-site form post a 12345 batch.
        using var batch = await _app.Client.PostAsync("/api/hotline/tickets", new StringContent("ticket_id,category\nX,Y\n", System.Text.Encoding.UTF8, "text/plain"));
        Assert.Contains(batch.StatusCode, new[] { HttpStatusCode.Unauthorized, HttpStatusCode.Forbidden });
        using var open311 = await _app.Client.PostAsync("/open311/v2/requests.json?service_code=401&lat=28.2&long=112.9", new StringContent("", System.Text.Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.Forbidden, open311.StatusCode);
    }

    [Fact]
    public async Task ThePublicReportPage_IsRateLimitedPerAddress()
    {
        await using var limited = await TestApp.StartAsync(withDemo: false, settings: new Dictionary<string, string> { ["Access:PublicReportsPerMinute"] = "2" });
        var resident = limited.Anonymous();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await resident.GetAsync("/report");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task BehindAConfiguredProxy_EachClientAddressHasItsOwnSignInLimit()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        await using var app = new GridOpsAppFactory(database.ConnectionString)
        {
            Settings = new Dictionary<string, string> { ["Access:SignInsPerMinute"] = "2", ["Access:TrustedProxies:0"] = "127.0.0.1" },
        };
        using var proxy = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.StartOnLoopback()) };
        async Task<HttpStatusCode> SignInFromAsync(string client)
        {
            using var response = await SignIn.PostAsync(proxy, "x", "wrong-password", forwardedFor: client);
            return response.StatusCode;
        }

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests],
            [await SignInFromAsync("203.0.113.7"), await SignInFromAsync("203.0.113.7"), await SignInFromAsync("203.0.113.7")]);
        Assert.Equal(HttpStatusCode.Redirect, await SignInFromAsync("198.51.100.4"));
    }

    [Fact]
    public async Task WithoutAConfiguredProxy_RotatingXForwardedFor_DoesNotEscapeTheSignInLimit()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        await using var app = new GridOpsAppFactory(database.ConnectionString) { Settings = new Dictionary<string, string> { ["Access:SignInsPerMinute"] = "2" } };
        using var attacker = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(app.StartOnLoopback()) };
        var statuses = new List<HttpStatusCode>();
        foreach (var pretend in new[] { "203.0.113.1", "203.0.113.2", "203.0.113.3", "203.0.113.4" })
        {
            using var response = await SignIn.PostAsync(attacker, "x", "wrong-password", forwardedFor: pretend);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.Redirect, HttpStatusCode.Redirect, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
    }
}
