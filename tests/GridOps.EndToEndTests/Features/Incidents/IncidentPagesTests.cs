using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Playwright;

namespace GridOps.EndToEndTests.Features.Incidents;

/// <summary>Reporting from a phone, then working the incident from the list and detail pages.</summary>
[Collection(BrowserGroup.Name)]
public sealed class IncidentPagesTests(BrowserFixture fixture)
{
    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    private Task<(double Lon, double Lat)> LabelPointAsync(string code) => fixture.Database!.LabelPointAsync(code);

    // Screenshots are taken once the incident's map has drawn its grids.
    private static async Task WaitForPointMapAsync(IPage page) => await page.WaitForFunctionAsync(
        "() => { const m = document.querySelector('.incident-map .grid-map-canvas')?.map; return !!m && m.loaded() && m.areTilesLoaded(); }",
        null, new() { Timeout = 30_000 });

    private async Task<string> ReportOverApiAsync(string description, (double Lon, double Lat) at)
    {
        using var client = new HttpClient { BaseAddress = new Uri(fixture.BaseUrl) };
        client.DefaultRequestHeaders.Add("X-Api-Key", GridOps.Web.Features.Access.AccessSeeder.DemoHotlineKey);
        using var response = await client.PostAsJsonAsync("/api/incidents", new { category = "environment.appearance", description, lon = at.Lon, lat = at.Lat, reporterName = "网格员王五" });
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("ticketNo").GetString()!;
    }

    [Fact]
    public async Task PhonePage_WithTheBrowsersPosition_ReportsIntoTheRightGrid()
    {
        var position = await LabelPointAsync("LT-2-1-1");
        var page = await fixture.OpenAsync("/m/report", 390, 844, mobile: true, position: position);

        await Assertions.Expect(page.GetByText("已获取位置")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.GetByLabel("事件类别").SelectOptionAsync(new SelectOptionValue { Label = "占道经营" });
        await page.GetByLabel("事件描述").FillAsync("菜市场门口占道经营，影响通行");
        await page.ScreenshotAsync(new() { Path = Shot("report-phone-390x844.png"), FullPage = true });
        await page.GetByRole(AriaRole.Button, new() { Name = "提交上报" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "上报成功" })).ToBeVisibleAsync();
        var ticket = await page.Locator(".ticket code").InnerTextAsync();
        await page.ScreenshotAsync(new() { Path = Shot("report-phone-done-390x844.png") });
        // Read back with the page's own session: the worker who reported it.
        var answer = await page.Context.APIRequest.GetAsync($"/api/incidents/{ticket}");
        var incident = JsonDocument.Parse(await answer.TextAsync()).RootElement;
        Assert.Equal("LT-2-1", incident.GetProperty("areas").GetProperty("grid").GetString());
        Assert.Equal("gridWorker", incident.GetProperty("source").GetString());

        // The status code shown with the ticket opens its status; the ticket number alone does not.
        var code = await page.Locator(".status-code code").InnerTextAsync();
        Assert.Matches("^[2-9A-HJKMNP-Z]{8}$", code);
        await page.GetByRole(AriaRole.Link, new() { Name = "查看办理进度" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = ticket })).ToBeVisibleAsync();
        await page.GotoAsync("/report/status?ticket=" + ticket);
        await Assertions.Expect(page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "查询码" })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PhonePage_PositionRefused_OpensThePickOnMapFallback()
    {
        var page = await fixture.OpenAsync("/m/report", 390, 844, mobile: true);

        var fallback = page.Locator("details.pick-on-map");
        await Assertions.Expect(fallback).ToHaveAttributeAsync("open", "", new() { Timeout = 20_000 });
        await page.WaitForSelectorAsync("point-map[data-ready='true']", new() { Timeout = 30_000 });
        var box = (await page.Locator("point-map canvas").BoundingBoxAsync())!;
        await page.Locator("point-map canvas").ClickAsync(new() { Position = new() { X = box.Width / 2, Y = box.Height / 2 } });

        await Assertions.Expect(page.GetByLabel("经度")).Not.ToHaveValueAsync("");
        await page.ScreenshotAsync(new() { Path = Shot("report-phone-pick-390x844.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PhonePage_WithoutDescription_SaysWhatIsMissingAndKeepsTheRest()
    {
        var page = await fixture.OpenAsync("/m/report", 390, 844, mobile: true);
        await page.GetByLabel("事件类别").SelectOptionAsync(new SelectOptionValue { Label = "路灯故障" });
        await page.GetByLabel("经度").FillAsync("abc");
        await page.GetByLabel("事件描述").FillAsync("路灯不亮");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交上报" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("经度");
        await Assertions.Expect(page.GetByLabel("事件描述")).ToHaveValueAsync("路灯不亮");
        await page.Context.CloseAsync();
    }

    // The smallest valid PNG: 1×1 transparent pixel.
    private static readonly byte[] Png = Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=");

    [Fact]
    public async Task PhonePage_Photos_ANonImageIsRefusedAndARealOneIsKeptApart()
    {
        var page = await fixture.OpenAsync("/m/report", 390, 844, mobile: true, position: await LabelPointAsync("YX-1-1-1"));
        await Assertions.Expect(page.GetByText("已获取位置")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.GetByLabel("事件类别").SelectOptionAsync(new SelectOptionValue { Label = "垃圾分类" });
        await page.GetByLabel("事件描述").FillAsync("垃圾未分类投放");
        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "photo.jpg", MimeType = "image/jpeg", Buffer = "not an image"u8.ToArray() });
        var before = await fixture.Database!.CountAsync("SELECT count(*) FROM incidents");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交上报" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("photo.jpg");
        Assert.Equal(before, await fixture.Database.CountAsync("SELECT count(*) FROM incidents"));

        await page.Locator("input[type=file]").SetInputFilesAsync(new FilePayload { Name = "scene.png", MimeType = "image/png", Buffer = Png });
        await page.GetByRole(AriaRole.Button, new() { Name = "提交上报" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "上报成功" })).ToBeVisibleAsync();
        var ticket = await page.Locator(".ticket code").InnerTextAsync();

        await page.GotoAsync($"/incidents/{ticket}");
        var photo = page.GetByRole(AriaRole.Img, new() { Name = "第 1 步的照片" });
        await Assertions.Expect(photo).ToBeVisibleAsync();
        var response = await page.APIRequest.GetAsync((await photo.GetAttributeAsync("src"))!);
        Assert.Equal("image/png", response.Headers["content-type"]);
        Assert.Equal("nosniff", response.Headers["x-content-type-options"]);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DetailPage_AcceptThenDispatch_MovesTheIncidentAndShowsOnlyLegalActions()
    {
        var ticket = await ReportOverApiAsync("<script>alert('xss')</script>垃圾堆放", await LabelPointAsync("QS-2-1-1"));
        var page = await fixture.OpenAsync($"/incidents/{ticket}", 1366, 768);
        var dialogs = 0;
        page.Dialog += (_, dialog) => { dialogs++; _ = dialog.DismissAsync(); };
        await Assertions.Expect(page.Locator(".incident-detail[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        await Assertions.Expect(page.GetByText("<script>alert('xss')</script>垃圾堆放").First).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "核查结案" })).ToHaveCountAsync(0);
        await page.Locator(".action-buttons").GetByRole(AriaRole.Button, new() { Name = "受理", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "受理", Exact = true }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "已完成" })).ToContainTextAsync("已完成：受理");

        await page.Locator(".action-buttons").GetByRole(AriaRole.Button, new() { Name = "分派", Exact = true }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        await dialog.GetByLabel("承办区域编码（街道/社区/网格）").FillAsync("QS-2-1");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "分派", Exact = true }).ClickAsync();

        await Assertions.Expect(page.Locator(".incident-status .state-badge")).ToHaveTextAsync("已分派");
        await Assertions.Expect(page.GetByRole(AriaRole.Region, new() { Name = "办理记录" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(3);
        await WaitForPointMapAsync(page);
        await page.ScreenshotAsync(new() { Path = Shot("incident-detail-1366x768.png"), FullPage = true });
        Assert.Equal(0, dialogs);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DetailPage_TwoTabsOnOneVersion_TheSecondIsToldWhoActedFirst_AndBothFollowLive()
    {
        var ticket = await ReportOverApiAsync("共享单车乱停放", await LabelPointAsync("MH-1-1-1"));
        var first = await fixture.OpenAsync($"/incidents/{ticket}", 1366, 768);
        var second = await fixture.OpenAsync($"/incidents/{ticket}", 1366, 768, user: "supervisor");
        await Assertions.Expect(second.Locator(".incident-detail[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(first.Locator(".incident-detail[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        // The second opens its void dialog on version 1, then the first accepts.
        await second.Locator(".action-buttons").GetByRole(AriaRole.Button, new() { Name = "作废", Exact = true }).ClickAsync();
        await second.GetByRole(AriaRole.Dialog).GetByLabel("原因").FillAsync("重复上报");
        await first.Locator(".action-buttons").GetByRole(AriaRole.Button, new() { Name = "受理", Exact = true }).ClickAsync();
        await first.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "受理", Exact = true }).ClickAsync();
        await Assertions.Expect(first.Locator(".incident-status .state-badge")).ToHaveTextAsync("已受理");
        // The stream brings the acceptance to the second tab by itself.
        await Assertions.Expect(second.Locator(".incident-status .state-badge")).ToHaveTextAsync("已受理", new() { Timeout = 15_000 });

        await second.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "作废", Exact = true }).ClickAsync();
        var told = second.GetByRole(AriaRole.Alert).Filter(new() { HasText = "刚被他人办理过" });
        await Assertions.Expect(told).ToContainTextAsync("受理");
        await Assertions.Expect(told).ToContainTextAsync("admin");
        await second.ScreenshotAsync(new() { Path = Shot("incident-stale-1366x768.png") });
        await first.Context.CloseAsync();
        await second.Context.CloseAsync();
    }

    [Fact]
    public async Task ListPage_AFilterChosenInTheBrowser_IsInTheAddress_AndItsRowsMoveLive()
    {
        var at = await LabelPointAsync("FL-1-1-1");
        var ticket = await ReportOverApiAsync("小区内疑似燃气泄漏", at);
        var page = await fixture.OpenAsync("/incidents", 1366, 768);
        await Assertions.Expect(page.Locator(".incident-list[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        await page.Locator("[data-filter=tier] .mud-input-control").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "红色" }).ClickAsync();
        await page.WaitForURLAsync("**/incidents?tier=red");
        var row = page.GetByRole(AriaRole.Row, new() { Name = ticket });
        await Assertions.Expect(row).ToBeVisibleAsync();
        await Assertions.Expect(row.Locator(".tier-badge")).ToHaveTextAsync("◆红色");
        await Assertions.Expect(page.Locator(".tier-badge").Filter(new() { HasNotText = "红色" })).ToHaveCountAsync(0);

        // Accepted elsewhere: the row says so where it stands, marked, without a reload.
        var accepted = await fixture.Service<GridOps.Web.Features.Incidents.ChangeIncidentHandler>().HandleAsync(ticket, 1,
            new GridOps.Web.Features.Incidents.IncidentCommand(GridOps.Web.Features.Incidents.IncidentAction.Accept, "指挥中心", null), [],
            GridOps.Web.Features.Access.Viewer.System, CancellationToken.None);
        Assert.Equal(GridOps.Web.Features.Incidents.ChangeStatus.Changed, accepted.Status);
        await Assertions.Expect(row.Locator("[data-state]")).ToHaveTextAsync("已受理", new() { Timeout = 15_000 });
        await Assertions.Expect(row).ToHaveClassAsync(new System.Text.RegularExpressions.Regex("row-changed"));

        // Reported elsewhere: counted, not pushed into the rows under the cursor, until asked for.
        var another = await ReportOverApiAsync("地下车库疑似燃气泄漏", at);
        var arrived = page.Locator(".arrived");
        await Assertions.Expect(arrived).ToContainTextAsync("1 条新事件", new() { Timeout = 15_000 });
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = another })).ToHaveCountAsync(0);
        await page.ScreenshotAsync(new() { Path = Shot("incident-list-1366x768.png") });
        await arrived.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Row, new() { Name = another })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ListPage_OnAPhone_KeepsItsFiltersAndScrollsTheGridSideways()
    {
        var page = await fixture.OpenAsync("/incidents?state=reported", 390, 844, mobile: true, user: "supervisor");
        await Assertions.Expect(page.Locator(".incident-list[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("[data-filter=state] input")).ToHaveValueAsync("待受理");
        var width = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth");
        Assert.True(width <= 390, $"the page is {width}px wide on a 390px phone: only the grid should scroll sideways");
        await page.ScreenshotAsync(new() { Path = Shot("incident-list-390x844.png") });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task PublicReport_ThenStatusLookup_ShowsTheStage()
    {
        var page = await fixture.OpenAsync("/report", 390, 844, mobile: true, position: await LabelPointAsync("JQ-1-1-1"));
        await Assertions.Expect(page.GetByText("已获取位置")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.GetByLabel("事件类别").SelectOptionAsync(new SelectOptionValue { Label = "噪声扰民" });
        await page.GetByLabel("事件描述").FillAsync("凌晨工地施工噪声");
        await page.GetByRole(AriaRole.Button, new() { Name = "提交上报" }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "查看办理进度" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("待受理");
        await page.ScreenshotAsync(new() { Path = Shot("report-status-390x844.png") });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DetailPage_InEnglish_NamesEverythingInEnglish()
    {
        var ticket = await ReportOverApiAsync("Bins overflowing at the gate", await LabelPointAsync("CP-1-1-1"));
        var page = await fixture.OpenAsync($"/culture/en?returnUrl=/incidents/{ticket}", 1366, 768, locale: "en");

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Timeline" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Button, new() { Name = "Accept", Exact = true })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".incident-status .state-badge")).ToHaveTextAsync("Reported");
        await WaitForPointMapAsync(page);
        await page.ScreenshotAsync(new() { Path = Shot("incident-detail-english-1366x768.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task DetailPage_AReportJustBeyondTheDistrictsEdge_SaysItWasPutInTheNearestGrid_AndHowFar()
    {
        // 12 m beyond the district's outermost corner, straight away from its centre.
        var point = (await fixture.Database!.StringsAsync("""
            WITH d AS (SELECT boundary, ST_Centroid(boundary) AS c FROM areas WHERE level = 0 AND retired_at IS NULL),
            corner AS (SELECT (ST_DumpPoints(d.boundary)).geom AS g, d.c FROM d),
            outermost AS (SELECT g, c FROM corner ORDER BY ST_Distance(g, c) DESC LIMIT 1),
            p AS (SELECT ST_Project(g::geography, 12, ST_Azimuth(c, g))::geometry AS p FROM outermost)
            SELECT ST_X(p) || ',' || ST_Y(p) FROM p
            """))[0].Split(',').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        var ticket = await ReportOverApiAsync("辖区边界路口井盖破损", (point[0], point[1]));
        var page = await fixture.OpenAsync($"/incidents/{ticket}", 1366, 768);

        await Assertions.Expect(page.Locator(".incident-detail[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator(".facts .snapped")).ToHaveTextAsync(new System.Text.RegularExpressions.Regex(@"^网格外 \d+ 米，已就近归入此网格$"));
        // Street, community, grid: no micro-grid, the point lies in none.
        await Assertions.Expect(page.Locator(".facts .breadcrumb li")).ToHaveCountAsync(3);
        await WaitForPointMapAsync(page);
        await page.ScreenshotAsync(new() { Path = Shot("incident-detail-snapped-1366x768.png"), FullPage = true });
        await page.Context.CloseAsync();
    }
}
