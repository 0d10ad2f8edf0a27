using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridOps.TestSupport;
using GridOps.Web.Features.Access;
using Microsoft.Playwright;

namespace GridOps.EndToEndTests.Features.Live;

/// <summary>The wall screen, the alert console and the township view in real browsers, live over SignalR.</summary>
[Collection(BrowserGroup.Name)]
public sealed class LiveScreensTests(BrowserFixture fixture)
{
    // Generous on purpose: the delivery latency itself is measured by `./gridops bench live` against a
    // baseline (docs/benchmarks.md); here a busy CI machine must not turn "it arrives live" red.
    private static readonly LocatorAssertionsToBeVisibleOptions WithoutAReload = new() { Timeout = 10_000 };

    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    [Fact]
    public async Task AnIncidentPostedThroughTheApi_AppearsOnTheWallAndTheTownship_WithoutAReload()
    {
        var (street, grid) = await StreetAndGridOfAsync("leader");
        var wall = await OpenWallAsync(fixture.BaseUrl, 1920, 1080);
        var township = await fixture.OpenAsync("/township", 1440, 900, user: "leader");
        await Assertions.Expect(township.Locator(".township[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 15000 });
        Assert.Contains($"/township", township.Url, StringComparison.Ordinal);
        // The wall's map has drawn (a pulse needs a map to pulse on). Pulses last seconds: note each as it comes.
        await Assertions.Expect(wall.Locator(".wall .grid-map[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await wall.EvaluateAsync("""
            () => {
              window.__pulses = [];
              new MutationObserver(changes => {
                for (const change of changes) for (const node of change.addedNodes)
                  if (node.classList?.contains('pin-pulse')) window.__pulses.push({ hidden: node.getAttribute('aria-hidden'), role: node.getAttribute('role') });
              }).observe(document.querySelector('.wall .grid-map-canvas'), { childList: true, subtree: true });
            }
            """);

        var title = "广告牌松动随时可能坠落 " + Guid.NewGuid().ToString("N")[..6];
        var ticket = await ReportAsync(fixture.BaseUrl, grid, title, "facility.road");
        await Assertions.Expect(wall.Locator(".ticker-item", new() { HasText = title[..12] }).First).ToBeVisibleAsync(WithoutAReload);
        await Assertions.Expect(township.Locator($"[data-incident-id] a", new() { HasText = ticket })).ToBeVisibleAsync(WithoutAReload);
        // A ring pulses where it happened: decoration for the eye, not a nameless button for a screen reader.
        await wall.WaitForFunctionAsync("() => window.__pulses.length > 0", null, new() { Timeout = WithoutAReload.Timeout });
        var pulse = await wall.EvaluateAsync<JsonElement>("() => window.__pulses[0]");
        Assert.Equal("true", pulse.GetProperty("hidden").GetString());
        Assert.Equal(JsonValueKind.Null, pulse.GetProperty("role").ValueKind);
        await Assertions.Expect(wall.GetByRole(AriaRole.Button, new() { Name = "Map marker" })).ToHaveCountAsync(0);

        // The street's map: the new incident is a pin, and its grid (addressed by id: codes are per district) is coloured by its open count.
        await Assertions.Expect(township.Locator(".township-map[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        var gridId = await fixture.Database!.CountAsync($"SELECT id FROM areas WHERE code = '{grid}'");
        await township.WaitForFunctionAsync("""
            async ([ticket, grid]) => {
              const map = document.querySelector('.township-map .grid-map-canvas').map;
              const pins = await map.getSource('pins').getData();
              const state = map.getFeatureState({ source: 'areas', sourceLayer: 'areas', id: grid });
              return pins.features.some(f => f.properties.ticket === ticket) && state.open >= 1;
            }
            """, new object[] { ticket, gridId }, new() { Timeout = 10_000 });

        // The KPI tick follows, and names the same count on both screens' scopes.
        await Assertions.Expect(township.Locator("[data-kpi=openNow]")).Not.ToHaveTextAsync("0", new() { Timeout = 10_000 });
        await wall.ScreenshotAsync(new() { Path = Shot("wall-1920x1080.png") });
        await township.ScreenshotAsync(new() { Path = Shot("township-1440x900.png") });
        Assert.Contains(street, await township.InnerTextAsync("h1"), StringComparison.Ordinal);
        await wall.Context.CloseAsync();
        await township.Context.CloseAsync();
    }

    [Fact]
    public async Task TheWallAt4K_ShowsTheSameLayout()
    {
        var (_, grid) = await StreetAndGridOfAsync("leader2");
        await ReportAsync(fixture.BaseUrl, grid, "小区燃气管道泄漏有异味", "safety.gas");
        var wall = await OpenWallAsync(fixture.BaseUrl, 3840, 2160);
        await Assertions.Expect(wall.Locator("[data-kpi=openNow]")).Not.ToHaveTextAsync("0");
        await wall.ScreenshotAsync(new() { Path = Shot("wall-3840x2160.png") });
        // The type scale follows the width: one rem is 1/120 of it, so KPI numbers are twice as tall on 4K.
        var rem = await wall.EvaluateAsync<double>("parseFloat(getComputedStyle(document.documentElement).fontSize)");
        Assert.Equal(32, rem, 1);
        await wall.Context.CloseAsync();
    }

    [Fact]
    public async Task ARedIncident_TakesTheWallsFocus()
    {
        var (_, grid) = await StreetAndGridOfAsync("leader");
        var wall = await OpenWallAsync(fixture.BaseUrl, 1920, 1080);
        var ticket = await ReportAsync(fixture.BaseUrl, grid, "人行道护栏松动", "facility.road");
        using (var centre = await SignedInClientAsync("command"))
        using (var retier = await centre.PostAsJsonAsync($"/api/incidents/{ticket}/retier", new { version = 1, tier = "red", reason = "学生上下学必经" }))
        {
            retier.EnsureSuccessStatusCode();
        }

        // The map flies to it and the focus card names it, with its tier as a word and a shape, not only a colour.
        var focus = wall.Locator($"[data-focus][data-ticket='{ticket}']");
        await Assertions.Expect(focus).ToBeVisibleAsync(WithoutAReload);
        await Assertions.Expect(focus).ToContainTextAsync("红色");
        await Assertions.Expect(focus).ToContainTextAsync("◆");
        await wall.Context.CloseAsync();
    }

    [Fact]
    public async Task AnAlertStormOfAThousandIncidents_DoesNotFreezeTheWall()
    {
        var wall = await OpenWallAsync(fixture.BaseUrl, 1920, 1080);
        var before = int.Parse(await wall.InnerTextAsync("[data-kpi=todayReported]"), System.Globalization.CultureInfo.InvariantCulture);
        var points = await fixture.Database!.StringsAsync("SELECT ST_X(label_point) || ',' || ST_Y(label_point) FROM areas WHERE level = 3 ORDER BY code DESC LIMIT 100");
        var tickets = HotlineBatch.Storm("WALL-STORM", 1000, points, "facility.manhole", "暴雨后井盖移位");
        using var client = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        client.DefaultRequestHeaders.Add("X-Api-Key", AccessSeeder.DemoHotlineKey);
        using (var batch = await client.PostAsJsonAsync("/api/hotline/tickets", tickets))
        {
            batch.EnsureSuccessStatusCode();
        }

        // The tile counts every one of them within a few seconds of the last commit…
        await Assertions.Expect(wall.Locator("[data-kpi=todayReported]")).ToHaveTextAsync((before + 1000).ToString(System.Globalization.CultureInfo.InvariantCulture), new() { Timeout = 10000 });
        // …the page still answers at once, the ticker stays short and says how many it folded together.
        var responsive = Stopwatch.StartNew();
        await wall.EvaluateAsync("() => new Promise(r => requestAnimationFrame(() => r(true)))");
        // Loose bound: a frozen main thread takes many seconds; a busy CI machine a few hundred ms.
        Assert.True(responsive.ElapsedMilliseconds < 3000, $"a frame took {responsive.ElapsedMilliseconds} ms");
        // The batch commits ticket by ticket, so how many arrive between two renders (and whether the ticker folds
        // them into "N more", WallTickerTests) is the machine's speed; what the room sees is bounded either way.
        Assert.InRange(await wall.Locator(".ticker-item").CountAsync(), 1, 40);
        await Assertions.Expect(wall.Locator(".ticker-item", new() { HasText = "暴雨后井盖移位 999" })).ToBeVisibleAsync();
        await wall.ScreenshotAsync(new() { Path = Shot("wall-storm-1920x1080.png") });
        await wall.Context.CloseAsync();
    }

    [Fact]
    public async Task TwoSupervisorsAcknowledgeOneAlert_OneWins_AndTheOtherSeesWhoAndWhen()
    {
        var (_, grid) = await StreetAndGridOfAsync("leader");
        var command = await fixture.OpenAsync("/alerts", 1440, 900, user: "command");
        var supervisor = await fixture.OpenAsync("/alerts", 1440, 900, user: "supervisor");
        foreach (var page in new[] { command, supervisor })
        {
            await Assertions.Expect(page.Locator(".alert-console[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 15000 });
        }

        var ticket = await ReportAsync(fixture.BaseUrl, grid, "化工仓库外墙开裂", "safety.building");
        using (var centre = await SignedInClientAsync("command"))
        using (var retier = await centre.PostAsJsonAsync($"/api/incidents/{ticket}/retier", new { version = 1, tier = "red", reason = "涉及危化品" }))
        {
            retier.EnsureSuccessStatusCode();
        }

        // The deadline sweep raises the red-tier alert; both consoles receive it without a reload.
        var rows = new[] { command, supervisor }.Select(p => p.Locator($".alert-card[data-ticket='{ticket}']")).ToArray();
        foreach (var row in rows)
        {
            await Assertions.Expect(row).ToBeVisibleAsync(WithoutAReload);
            await row.ClickAsync();
        }

        await command.ScreenshotAsync(new() { Path = Shot("alerts-1440x900.png") });
        await Task.WhenAll(command.Keyboard.PressAsync("a"), supervisor.Keyboard.PressAsync("a"));

        var outcomes = rows.Select(r => r.Locator("[data-field=outcome]")).ToArray();
        foreach (var outcome in outcomes)
        {
            await Assertions.Expect(outcome).Not.ToBeEmptyAsync();
        }

        var classes = await Task.WhenAll(outcomes.Select(o => o.GetAttributeAsync("class")));
        Assert.Single(classes, c => c!.Contains("ok", StringComparison.Ordinal));
        var loser = outcomes[Array.FindIndex(classes, c => c!.Contains("conflict", StringComparison.Ordinal))];
        var winnerName = classes[0]!.Contains("ok", StringComparison.Ordinal) ? "(command)" : "(supervisor)";
        await Assertions.Expect(loser).ToContainTextAsync(winnerName);
        foreach (var row in rows)
        {
            await Assertions.Expect(row).ToHaveAttributeAsync("data-state", "acknowledged");
        }

        await command.Context.CloseAsync();
        await supervisor.Context.CloseAsync();
    }

    [Fact]
    public async Task AfterTheServerRestarts_TheWallReconnects_AndCatchesUpOnWhatHappenedMeanwhile()
    {
        var port = FreePort();
        var first = new GridOpsAppFactory(fixture.Database!.ConnectionString);
        var baseUrl = first.StartOnLoopback(port);
        var wall = await OpenWallAsync(baseUrl, 1920, 1080);

        await first.DisposeAsync();
        // The circuit is gone: the wall says so, and its head no longer claims to be live.
        await Assertions.Expect(wall.Locator("#components-reconnect-modal")).ToBeVisibleAsync(new() { Timeout = 15000 });
        await Assertions.Expect(wall.Locator(".wall-status")).ToHaveAttributeAsync("data-live", "reconnecting");
        await Assertions.Expect(wall.Locator(".wall-status")).ToContainTextAsync("重新连接");
        await wall.ScreenshotAsync(new() { Path = Shot("wall-reconnecting-1920x1080.png") });

        // While no server listens on the wall's port, another node records an incident.
        var (_, grid) = await StreetAndGridOfAsync("leader2");
        string ticket;
        await using (var other = new GridOpsAppFactory(fixture.Database.ConnectionString))
        {
            ticket = await ReportAsync(other.StartOnLoopback(), grid, "消防栓被圈占无法使用", "safety.fire");
        }

        await using var second = new GridOpsAppFactory(fixture.Database.ConnectionString);
        second.StartOnLoopback(port);
        // Nobody touches the wall: it finds the new server, starts a new circuit and shows what happened meanwhile.
        await Assertions.Expect(wall.Locator(".ticker-item", new() { HasText = "消防栓被圈占" }).First).ToBeVisibleAsync(new() { Timeout = 45000 });
        await Assertions.Expect(wall.Locator(".wall[data-ready=true]")).ToBeVisibleAsync();
        await Assertions.Expect(wall.Locator("#components-reconnect-modal")).ToBeHiddenAsync();
        await Assertions.Expect(wall.Locator(".wall-status")).ToHaveAttributeAsync("data-live", "live");
        await Assertions.Expect(wall.Locator(".wall-status")).ToContainTextAsync("实时");
        await wall.Context.CloseAsync();
        Assert.NotEmpty(ticket);
    }

    [Fact]
    public async Task AfterTheServerRestarts_TheAlertConsoleComesBackByItself_WithWhatWasRaisedMeanwhile()
    {
        var port = FreePort();
        var first = new GridOpsAppFactory(fixture.Database!.ConnectionString);
        var baseUrl = first.StartOnLoopback(port);
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl, Locale = "zh-CN", StorageState = await fixture.SessionOfAsync("supervisor"), ViewportSize = new ViewportSize { Width = 1366, Height = 768 },
        });
        var console = await context.NewPageAsync();
        await console.GotoAsync("/alerts");
        await Assertions.Expect(console.Locator(".alert-console[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 20000 });

        await first.DisposeAsync();
        // The circuit is gone: the notice says so, in the page's language.
        await Assertions.Expect(console.Locator("#components-reconnect-modal")).ToBeVisibleAsync(new() { Timeout = 15000 });
        await Assertions.Expect(console.Locator("#components-reconnect-modal")).ToContainTextAsync("重新连接");
        await console.ScreenshotAsync(new() { Path = Shot("alerts-reconnecting-1366x768.png") });

        // While no server listens on the console's port, another node makes an incident red.
        var (_, grid) = await StreetAndGridOfAsync("leader");
        string ticket;
        await using (var other = new GridOpsAppFactory(fixture.Database.ConnectionString))
        {
            var otherUrl = other.StartOnLoopback();
            ticket = await ReportAsync(otherUrl, grid, "液化气站阀门漏气", "safety.building");
            using var centre = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(otherUrl) };
            await SignIn.WithPasswordAsync(centre, "command", AccessSeeder.DemoPassword);
            using var retier = await centre.PostAsJsonAsync($"/api/incidents/{ticket}/retier", new { version = 1, tier = "red", reason = "可燃气体泄漏" });
            retier.EnsureSuccessStatusCode();
        }

        // Nobody touches the console: it finds the new server, starts a new circuit and shows the alert the sweep raised.
        await using var second = new GridOpsAppFactory(fixture.Database.ConnectionString);
        second.StartOnLoopback(port);
        await Assertions.Expect(console.Locator($".alert-card[data-ticket='{ticket}']")).ToBeVisibleAsync(new() { Timeout = 45000 });
        await Assertions.Expect(console.Locator("#components-reconnect-modal")).ToBeHiddenAsync();
        await context.CloseAsync();
    }

    [Fact]
    public async Task WhenTheDatabaseIsOutOfReach_TheWallSaysSo_AndRecoversByItselfWhenItIsBack()
    {
        // The app reaches the shared test database through a relay the test can cut, as an outage does.
        await using var proxy = TcpOutageProxy.Start(fixture.Database!.ConnectionString);
        await using var app = new GridOpsAppFactory(proxy.Through(fixture.Database.ConnectionString));
        var baseUrl = app.StartOnLoopback();
        var wall = await OpenWallAsync(baseUrl, 1920, 1080);
        var status = wall.Locator(".wall-status");
        await Assertions.Expect(status).ToHaveAttributeAsync("data-live", "live");
        // The map has its tiles before the outage (they come from the database too).
        await Assertions.Expect(wall.Locator(".grid-map[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 30000 });

        proxy.GoDown();
        // The circuit itself is fine (the browser still reaches the server): the wall names the database.
        await Assertions.Expect(status).ToHaveAttributeAsync("data-live", "offline", new() { Timeout = 45000 });
        await Assertions.Expect(status).ToContainTextAsync("数据库");
        await wall.ScreenshotAsync(new() { Path = Shot("wall-database-down-1920x1080.png") });

        proxy.ComeBack();
        await Assertions.Expect(status).ToHaveAttributeAsync("data-live", "live", new() { Timeout = 45000 });
        var (_, grid) = await StreetAndGridOfAsync("leader2");
        await ReportAsync(baseUrl, grid, "地下通道污水外溢约半米", "environment.sewage");
        await Assertions.Expect(wall.Locator(".ticker-item", new() { HasText = "地下通道污水外溢" }).First).ToBeVisibleAsync(WithoutAReload);
        await Assertions.Expect(wall.Locator("#components-reconnect-modal")).ToBeHiddenAsync();
        await wall.Context.CloseAsync();
    }

    private async Task<IPage> OpenWallAsync(string baseUrl, int width, int height)
    {
        var context = await fixture.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl, Locale = "zh-CN", TimezoneId = "Asia/Shanghai", ViewportSize = new ViewportSize { Width = width, Height = height },
        });
        var page = await context.NewPageAsync();
        await page.GotoAsync("/device#token=" + AccessSeeder.DemoWallToken);
        await page.WaitForURLAsync(url => !url.Contains("/device", StringComparison.Ordinal));
        await page.GotoAsync("/wall");
        await Assertions.Expect(page.Locator(".wall[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 20000 });
        return page;
    }

    private async Task<(string Street, string Grid)> StreetAndGridOfAsync(string leader)
    {
        var street = (await fixture.Database!.StringsAsync($"SELECT a.name FROM users u JOIN areas a ON a.id = u.scope_area_id WHERE u.user_name = '{leader}'"))[0];
        var grid = (await fixture.Database.StringsAsync($"""
            SELECT g.code FROM areas g WHERE g.level = 3
              AND (SELECT scope_area_id FROM users WHERE user_name = '{leader}') = ANY (g.ancestor_ids) ORDER BY g.code LIMIT 1
            """))[0];
        return (street, grid);
    }

    private async Task<string> ReportAsync(string baseUrl, string gridCode, string description, string category)
    {
        var (lon, lat) = await fixture.Database!.LabelPointAsync(gridCode);
        using var client = new HttpClient { BaseAddress = new Uri(baseUrl) };
        client.DefaultRequestHeaders.Add("X-Api-Key", AccessSeeder.DemoHotlineKey);
        using var response = await client.PostAsJsonAsync("/api/incidents", new { category, description, lon, lat });
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("ticketNo").GetString()!;
    }

    private async Task<HttpClient> SignedInClientAsync(string user)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() }) { BaseAddress = new Uri(fixture.BaseUrl) };
        await SignIn.WithPasswordAsync(client, user, AccessSeeder.DemoPassword);
        return client;
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
