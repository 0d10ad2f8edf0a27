using System.Text.RegularExpressions;
using GridOps.TestSupport;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Alerts;
using GridOps.Web.Features.DemoDistrict;
using GridOps.Web.Features.Patrols;
using GridOps.Web.Features.WorkingTime;
using Microsoft.Playwright;

namespace GridOps.EndToEndTests.Features.Showcase;

/// <summary>
/// The README's screenshots, taken by the suite so they stay true: the demo district plays a working
/// morning (06:00–10:30) on a test clock — the same simulated day `./gridops run` plays on the wall
/// clock — and each screen is opened by the person who uses it, at their size, checked for what
/// they would look for, and photographed into docs/screenshots. The morning is the next working
/// day's, so nothing the database stamped when the demo was seeded lies in its future.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed partial class ReadmeScreenshotsTests(BrowserFixture fixture)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan Morning = TimeSpan.FromHours(4.5);

    /// <summary>Every screenshot the README shows, and only those.</summary>
    public static readonly string[] Shots =
    [
        "wall.png", "alerts.png", "township.png", "map-grid-card.png", "map-phone.png", "incident-detail.png", "report-phone.png",
        "grid-health-hangzhou.png", "patrol-phone.png", "grid-split.png", "needs.png", "assessment.png", "admin-users.png", "sign-in-phone.png", "wall-en.png",
    ];

    /// <summary>Where a README screenshot goes (the Hangzhou grid-health one is taken by the field-work test that imports Hangzhou).</summary>
    internal static string Shot(string name) =>
        Path.Combine(Directory.CreateDirectory(Path.Combine(SharedData.RepositoryRoot, "docs", "screenshots")).FullName, name);

    [Fact]
    public void TheReadme_ShowsExactlyTheScreenshotsTheSuiteTakes()
    {
        var readme = File.ReadAllText(Path.Combine(SharedData.RepositoryRoot, "README.md"));
        var shown = ScreenshotReference().Matches(readme).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.Equal(Shots.Order(), shown.Order());
    }

    [Fact]
    public async Task AWorkingMorningInTheDemoDistrict_AsEachUserSeesIt()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var site = await SecondSite.DemoAsync(clock);
        clock.Advance(SecondSite.NextWorkingDawn(site.Service<WorkingCalendarProvider>().Current) - clock.GetUtcNow());
        await PlayTheMorningAsync(site, clock);
        var now = clock.GetUtcNow();

        // The wall: the morning's counts, overdue incidents the centre left alone, the map drawn.
        var wall = await OpenWallAsync(site, now, "zh-CN");
        await Assertions.Expect(wall.Locator("[data-kpi=overdueNow]")).Not.ToHaveTextAsync("0");
        Assert.True(Number(await wall.InnerTextAsync("[data-kpi=todayReported]")) >= 50);
        await MapSettledAsync(wall, ".wall .grid-map-canvas");
        await wall.ScreenshotAsync(new() { Path = Shot("wall.png") });
        await wall.Context.CloseAsync();

        // The same wall for an English-speaking visitor: the browser's language decides.
        var english = await OpenWallAsync(site, now, "en-US");
        await Assertions.Expect(english.GetByText("Overdue now")).ToBeVisibleAsync();
        await MapSettledAsync(english, ".wall .grid-map-canvas");
        await english.ScreenshotAsync(new() { Path = Shot("wall-en.png") });
        await english.Context.CloseAsync();

        // The supervisors' alert console: overdue and escalation alerts, some already acknowledged.
        var alerts = await site.OpenAsync(fixture.Browser, "/alerts", 1366, 768, user: "supervisor", shownTime: now);
        await Assertions.Expect(alerts.Locator(".alert-console[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(alerts.Locator("[data-alert-id]").First).ToBeVisibleAsync();
        await alerts.ScreenshotAsync(new() { Path = Shot("alerts.png") });
        await alerts.Context.CloseAsync();

        var township = await site.OpenAsync(fixture.Browser, "/township", 1366, 768, user: "leader", shownTime: now);
        await Assertions.Expect(township.Locator(".township[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(township.Locator("[data-incident-id]").First).ToBeVisibleAsync();
        await MapSettledAsync(township, ".township-map .grid-map-canvas");
        await township.ScreenshotAsync(new() { Path = Shot("township.png") });
        await township.Context.CloseAsync();

        var grid = (await site.Database.StringsAsync("SELECT a.code FROM users u JOIN areas a ON a.id = u.scope_area_id WHERE u.user_name = 'grid'"))[0];
        var card = await site.OpenAsync(fixture.Browser, $"/map?area={grid}", 1366, 768, user: "command", shownTime: now);
        await MapSettledAsync(card, ".map-page-map .grid-map-canvas");
        await Assertions.Expect(card.GetByRole(AriaRole.Cell, new() { Name = "网格长" })).ToBeVisibleAsync();
        await card.ScreenshotAsync(new() { Path = Shot("map-grid-card.png") });
        await card.Context.CloseAsync();

        var phoneMap = await site.OpenAsync(fixture.Browser, "/map", 390, 844, user: "grid", mobile: true, shownTime: now);
        await MapSettledAsync(phoneMap, ".map-page-map .grid-map-canvas");
        await phoneMap.ScreenshotAsync(new() { Path = Shot("map-phone.png") });
        await phoneMap.Context.CloseAsync();

        // An incident the centre is working, with its timeline so far.
        var ticket = (await site.Database.StringsAsync("""
            SELECT i.ticket_no FROM incidents i JOIN incident_events e ON e.incident_id = i.id
            WHERE i.state = 3 GROUP BY i.ticket_no ORDER BY count(*) DESC, i.ticket_no LIMIT 1
            """))[0];
        var detail = await site.OpenAsync(fixture.Browser, $"/incidents/{ticket}", 1366, 768, user: "command", shownTime: now);
        await Assertions.Expect(detail.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToContainTextAsync(ticket);
        await detail.ScreenshotAsync(new() { Path = Shot("incident-detail.png") });
        await detail.Context.CloseAsync();

        var position = await site.Database.LabelPointAsync(grid);
        var report = await site.OpenAsync(fixture.Browser, "/m/report", 390, 844, user: "grid", mobile: true, position: position, shownTime: now);
        await Assertions.Expect(report.GetByText("已获取位置")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await report.ScreenshotAsync(new() { Path = Shot("report-phone.png"), FullPage = true });
        await report.Context.CloseAsync();

        var patrol = await site.OpenAsync(fixture.Browser, "/m/patrol", 390, 844, user: "grid", mobile: true, position: position, shownTime: now);
        await Assertions.Expect(patrol.GetByText("已获取位置")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await patrol.ScreenshotAsync(new() { Path = Shot("patrol-phone.png"), FullPage = true });
        await patrol.Context.CloseAsync();

        var health = await site.OpenAsync(fixture.Browser, "/grid-health", 1366, 768, user: "admin", shownTime: now);
        await Assertions.Expect(health.Locator(".grid-health[data-ready=true]")).ToBeVisibleAsync();
        await health.GetByRole(AriaRole.Link, new() { Name = "拆分预览" }).First.ClickAsync();
        await health.WaitForURLAsync("**/grid-health/split/**");
        await health.WaitForSelectorAsync(".split-map[data-ready='true']", new() { Timeout = 30_000 });
        await Assertions.Expect(health.GetByTestId("part-households")).ToHaveCountAsync(2);
        await health.ScreenshotAsync(new() { Path = Shot("grid-split.png") });
        await health.Context.CloseAsync();

        // The demand list the demo lists at its start: claimed, solved and waiting.
        var needs = await site.OpenAsync(fixture.Browser, "/needs", 1366, 768, user: "command", shownTime: now);
        // The circuit's own render, not the prerendered page it replaces (its first render comes before its reads).
        await Assertions.Expect(needs.Locator(".needs[data-ready=true]")).ToBeVisibleAsync();
        await Assertions.Expect(needs.GetByText("慢病老人定期体检")).ToBeVisibleAsync();
        await needs.ScreenshotAsync(new() { Path = Shot("needs.png"), FullPage = true });
        await needs.Context.CloseAsync();

        var assessment = await site.OpenAsync(fixture.Browser, "/assessment?level=Street", 1366, 768, user: "command", shownTime: now);
        await Assertions.Expect(assessment.Locator("tr[data-unit]")).ToHaveCountAsync(9);
        await Assertions.Expect(assessment.Locator(".chart[data-drawn=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await assessment.ScreenshotAsync(new() { Path = Shot("assessment.png") });
        await assessment.Context.CloseAsync();

        var users = await site.OpenAsync(fixture.Browser, "/admin/users", 1366, 768, user: "admin", shownTime: now);
        await Assertions.Expect(users.Locator(".admin-users[data-ready=true]")).ToBeVisibleAsync();
        await Assertions.Expect(users.GetByRole(AriaRole.Cell, new() { Name = "supervisor", Exact = true })).ToBeVisibleAsync();
        await users.ScreenshotAsync(new() { Path = Shot("admin-users.png") });
        await users.Context.CloseAsync();

        // Deadlines in both languages, as the list's circuit draws them on the server's (test) clock.
        foreach (var (locale, ahead) in new[] { ("zh-CN", "后"), ("en-US", "in ") })
        {
            var list = await site.OpenAsync(fixture.Browser, "/incidents", 1366, 768, user: "command", shownTime: now, stopped: true, locale: locale);
            await Assertions.Expect(list.Locator(".incident-list[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
            var shown = await list.Locator("time[data-relative]").AllInnerTextsAsync();
            Assert.Contains(shown, text => text.Contains(ahead, StringComparison.Ordinal));
            await list.Context.CloseAsync();
        }

        var signIn = await site.OpenAsync(fixture.Browser, "/account/sign-in", 390, 844, user: "", mobile: true, shownTime: now);
        await Assertions.Expect(signIn.Locator("#userName")).ToBeVisibleAsync();
        await signIn.ScreenshotAsync(new() { Path = Shot("sign-in-phone.png") });
        await signIn.Context.CloseAsync();
    }

    /// <summary>Ticks the demo's day every ten minutes from dawn, sweeping deadlines after each tick as the scheduler would.</summary>
    private static async Task PlayTheMorningAsync(SecondSite site, ManualClock clock)
    {
        var day = site.Service<DemoDay>();
        var sweep = site.Service<DeadlineSweep>();
        var plans = site.Service<PatrolPlans>();
        await plans.PublishAsync(plans.CurrentMonth(), CancellationToken.None);
        await site.Service<DemoNeeds>().SeedIfEmptyAsync(site.Service<Microsoft.Extensions.Options.IOptions<DemoDistrictOptions>>().Value.DistrictCode, CancellationToken.None);
        await day.LoadAsync(CancellationToken.None);
        for (var elapsed = TimeSpan.Zero; elapsed < Morning; elapsed += Tick)
        {
            clock.Advance(Tick);
            await day.TickAsync(Tick, perHour: 40, CancellationToken.None);
            await sweep.SweepAsync(CancellationToken.None);
        }
    }

    /// <summary>A wall screen signed in with its device token, live and ready.</summary>
    private async Task<IPage> OpenWallAsync(SecondSite site, DateTimeOffset now, string locale)
    {
        var wall = await site.OpenAsync(fixture.Browser, "/device#token=" + AccessSeeder.DemoWallToken, 1920, 1080, user: "", shownTime: now, locale: locale);
        await wall.WaitForURLAsync(url => !url.Contains("/device", StringComparison.Ordinal));
        await wall.GotoAsync("/wall");
        await Assertions.Expect(wall.Locator(".wall[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 20_000 });
        return wall;
    }

    private static async Task MapSettledAsync(IPage page, string element) =>
        await page.WaitForFunctionAsync($$"""
            () => { const m = document.querySelector('{{element}}')?.map;
                    return m && m.loaded() && m.areTilesLoaded(); }
            """, null, new() { Timeout = 30_000 });

    private static int Number(string text) => int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [GeneratedRegex(@"\(docs/screenshots/([a-z0-9-]+\.png)\)")]
    private static partial Regex ScreenshotReference();
}
