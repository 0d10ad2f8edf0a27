using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridOps.TestSupport;
using GridOps.Web.Features.Access;

namespace GridOps.Tests.Features.Access;

/// <summary>Each demo role sees its own world, whichever door it tries; out of scope reads exactly like "does not exist".</summary>
public sealed class ScopeTests : IAsyncLifetime
{
    private static readonly string[] CityManagement = ["CG"];
    private static readonly string[] MarketSupervision = ["SJ"];
    private TestApp _app = null!;
    private DemoWorld _world = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(withDemo: true);
        _world = await DemoWorld.ArrangeAsync(_app);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static async Task<string[]> TicketsAsync(HttpClient client)
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/api/incidents?pageSize=500");
        return [.. page.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("ticketNo").GetString()!)];
    }

    [Theory]
    [InlineData("command", true, true)]
    [InlineData("supervisor", true, true)]
    [InlineData("leader", true, false)]
    [InlineData("leader2", false, true)]
    [InlineData("community", true, false)]
    [InlineData("grid", true, false)]
    [InlineData("dept", false, false)]
    public async Task List_ShowsExactlyTheRolesScope(string user, bool seesA, bool seesB)
    {
        var client = await _app.SignInAsync(user);
        var tickets = await TicketsAsync(client);
        Assert.Equal(seesA, tickets.Contains(_world.TicketInGridA));
        Assert.Equal(seesB, tickets.Contains(_world.TicketInStreetB));
    }

    [Fact]
    public async Task OutOfScope_AnswersExactlyLikeANonexistentTicket()
    {
        var leader2 = await _app.SignInAsync("leader2");
        var missing = _world.TicketInGridA[..8] + "999999";
        foreach (var path in new[] { "/api/incidents/{0}", "/api/incidents/{0}/events" })
        {
            using var outOfScope = await leader2.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, _world.TicketInGridA));
            using var nonexistent = await leader2.GetAsync(string.Format(System.Globalization.CultureInfo.InvariantCulture, path, missing));
            Assert.Equal(HttpStatusCode.NotFound, outOfScope.StatusCode);
            Assert.Equal(HttpStatusCode.NotFound, nonexistent.StatusCode);
            // Same shape, the ticket number (and the trace id) being the only difference.
            Assert.Equal(Comparable(await nonexistent.Content.ReadAsStringAsync(), missing), Comparable(await outOfScope.Content.ReadAsStringAsync(), _world.TicketInGridA));
        }

        using var act = await leader2.PostAsJsonAsync($"/api/incidents/{_world.TicketInGridA}/accept", new { version = 1 });
        Assert.Equal(HttpStatusCode.NotFound, act.StatusCode);
        using var page = await leader2.GetAsync($"/incidents/{_world.TicketInGridA}");
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        // The map page names another street's area as unknown: no card, no team.
        var map = await leader2.GetStringAsync($"/map?area={_world.StreetA}");
        Assert.DoesNotContain("area-card", map, StringComparison.Ordinal);
        Assert.Contains(_world.StreetA, map, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GuessingTicketNumbers_FindsNothingOutsideTheScope()
    {
        for (var i = 0; i < 5; i++)
        {
            await DemoWorld.ReportAtAsync(_app, _world.GridA, $"猜测测试 {i}");
        }

        var leader2 = await _app.SignInAsync("leader2");
        var prefix = _world.TicketInGridA[..8];
        var found = 0;
        for (var n = 1; n <= 40; n++)
        {
            using var response = await leader2.GetAsync($"/api/incidents/{prefix}{n:D6}");
            found += response.StatusCode == HttpStatusCode.OK ? 1 : 0;
        }

        Assert.Equal(1, found); // only the one incident of street B
        var csv = await leader2.GetStringAsync("/incidents/export.csv");
        Assert.DoesNotContain(_world.TicketInGridA, csv, StringComparison.Ordinal);
        Assert.Contains(_world.TicketInStreetB, csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Department_SeesWhatIsDispatchedToIt_AndReportsInOnlyForItself()
    {
        var dept = await _app.SignInAsync("dept");
        Assert.DoesNotContain(_world.TicketInGridA, await TicketsAsync(dept));
        await Act(_app.Client, _world.TicketInGridA, "accept", new { version = 1 });
        await Act(_app.Client, _world.TicketInGridA, "dispatch", new { version = 2, departmentCodes = CityManagement });
        Assert.Contains(_world.TicketInGridA, await TicketsAsync(dept));

        await Act(_app.Client, _world.TicketInGridA, "whistle", new { version = 3, departmentCodes = MarketSupervision, reportInMinutes = 30 }, HttpStatusCode.OK, allowRefusal: true);
        var current = await dept.GetFromJsonAsync<JsonElement>($"/api/incidents/{_world.TicketInGridA}");
        using var forOther = await dept.PostAsJsonAsync($"/api/incidents/{_world.TicketInGridA}/reportIn", new { version = current.GetProperty("version").GetInt32(), departmentCode = "SJ" });
        Assert.Equal(HttpStatusCode.Forbidden, forOther.StatusCode);
        using var close = await dept.PostAsJsonAsync($"/api/incidents/{_world.TicketInGridA}/close", new { version = current.GetProperty("version").GetInt32() });
        Assert.Equal(HttpStatusCode.Forbidden, close.StatusCode);
    }

    [Fact]
    public async Task WallScreen_ReadsItsScopeAndChangesNothing()
    {
        var wall = await _app.WallAsync();
        Assert.Contains(_world.TicketInGridA, await TicketsAsync(wall));
        using var act = await wall.PostAsJsonAsync($"/api/incidents/{_world.TicketInGridA}/accept", new { version = 1 });
        Assert.Equal(HttpStatusCode.Forbidden, act.StatusCode);
        using var report = await wall.PostAsJsonAsync("/api/incidents", new { category = "environment.appearance", description = "x", lon = 112.9, lat = 28.2 });
        Assert.Equal(HttpStatusCode.Forbidden, report.StatusCode);
    }

    [Fact]
    public async Task StreetWallScreen_SeesOnlyItsStreet()
    {
        var (key, secret, _) = await _app.Service<AccessKeys>().CreateAsync(new NewAccessKey("街道大屏", AccessRole.WallScreen, _world.StreetB, null), "test", CancellationToken.None);
        Assert.NotNull(key);
        var wall = await _app.WallAsync(secret!);
        var tickets = await TicketsAsync(wall);
        Assert.Contains(_world.TicketInStreetB, tickets);
        Assert.DoesNotContain(_world.TicketInGridA, tickets);
    }

    [Fact]
    public async Task Photos_OutOfScope_AreNotServed()
    {
        var photoId = (await _app.Database.StringsAsync("SELECT gen_random_uuid()"))[0];
        await _app.Database.StringsAsync($"""
            INSERT INTO photos (id, incident_id, event_seq, content_type, byte_count, sha256, content, uploaded_at)
            SELECT '{photoId}', id, 1, 'image/png', 3, 'test', '\x010203', now() FROM incidents WHERE ticket_no = '{_world.TicketInGridA}' RETURNING id
            """);
        using var own = await (await _app.SignInAsync("leader")).GetAsync($"/photos/{photoId}");
        using var other = await (await _app.SignInAsync("leader2")).GetAsync($"/photos/{photoId}");
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal("nosniff", own.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
    }

    [Theory]
    [InlineData("grid")]
    [InlineData("community")]
    [InlineData("leader")]
    [InlineData("command")]
    public async Task TheMap_OpensOnTheViewersOwnArea(string user)
    {
        var expected = (await _app.Database.StringsAsync($"""
            SELECT coalesce(a.name, (SELECT name FROM areas WHERE level = 0 ORDER BY code LIMIT 1))
            FROM users u LEFT JOIN areas a ON a.id = u.scope_area_id WHERE u.user_name = '{user}'
            """))[0];
        var page = await (await _app.SignInAsync(user)).GetStringAsync("/map");
        Assert.Matches($"<h2[^>]*>{System.Text.RegularExpressions.Regex.Escape(expected)}</h2>", page);
    }

    private static string Comparable(string body, string ticket) =>
        System.Text.RegularExpressions.Regex.Replace(body.Replace(ticket, "T", StringComparison.Ordinal), "\"traceId\":\"[^\"]*\"", "");

    private static async Task Act(HttpClient client, string ticket, string action, object body, HttpStatusCode expected = HttpStatusCode.OK, bool allowRefusal = false)
    {
        using var response = await client.PostAsJsonAsync($"/api/incidents/{ticket}/{action}", body);
        if (!allowRefusal)
        {
            Assert.True(response.StatusCode == expected, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }
    }
}
