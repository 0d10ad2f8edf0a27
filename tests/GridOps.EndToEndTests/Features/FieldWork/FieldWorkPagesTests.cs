using GridOps.Web.Features.Assessment;
using GridOps.Web.Features.Patrols;
using Microsoft.Playwright;

namespace GridOps.EndToEndTests.Features.FieldWork;

/// <summary>Patrols from a phone, grid health on the map, splitting an overloaded grid, the demand list — in a real browser.</summary>
[Collection(BrowserGroup.Name)]
public sealed class FieldWorkPagesTests(BrowserFixture fixture)
{
    private static string Shot(string name) => Path.Combine(BrowserFixture.ScreenshotFolder, name);

    // A map is ready once its first picture, overlays included, has settled (GridMap's data-ready).
    private static async Task WaitForOverlaysAsync(IPage page, string map) =>
        await page.WaitForSelectorAsync($"{map}[data-ready='true']", new() { Timeout = 30_000 });

    private static int Number(string text) => int.Parse(text, System.Globalization.CultureInfo.InvariantCulture);

    [Fact]
    public async Task AGridWorker_ChecksInOnPatrolFromThePhone_AndThePatrolRateMoves()
    {
        var plans = fixture.Service<PatrolPlans>();
        await plans.PublishAsync(plans.CurrentMonth(), CancellationToken.None);
        var grid = (await fixture.Database!.StringsAsync("SELECT a.code FROM users u JOIN areas a ON a.id = u.scope_area_id WHERE u.user_name = 'grid'"))[0];
        var planned = (int)await fixture.Database.CountAsync(
            $"SELECT p.planned FROM patrol_plans p JOIN areas g ON g.id = p.grid_id WHERE g.code = '{grid}' AND p.month = date_trunc('month', now() AT TIME ZONE 'Asia/Shanghai')::date");
        var page = await fixture.OpenAsync("/m/patrol", 390, 844, mobile: true, position: await fixture.Database.LabelPointAsync(grid), user: "grid");
        var rate = page.GetByTestId("patrol-rate");
        await Assertions.Expect(rate).ToHaveTextAsync(Rate.Text(0, planned));
        await Assertions.Expect(page.GetByText("已获取位置")).ToBeVisibleAsync(new() { Timeout = 15_000 });

        await page.GetByLabel("备注").FillAsync("走访 3 号楼，消防通道畅通");
        await page.GetByRole(AriaRole.Button, new() { Name = "打卡" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "已打卡" })).ToBeVisibleAsync();
        await Assertions.Expect(rate).ToHaveTextAsync(Rate.Text(1, planned));
        await Assertions.Expect(page.Locator(".patrol-list li")).ToContainTextAsync("网格内");
        await page.ScreenshotAsync(new() { Path = Shot("patrol-phone-390x844.png"), FullPage = true });
        await page.Context.CloseAsync();

        // The command centre sees the same rate in this month's assessment, and the check-in on the map.
        var assessment = await fixture.OpenAsync("/assessment?level=Grid", 1440, 900, user: "command");
        await Assertions.Expect(assessment.Locator($"tr[data-unit='{grid}']")).ToContainTextAsync(Rate.Text(1, planned));
        await assessment.Context.CloseAsync();
        var map = await fixture.OpenAsync($"/map?area={grid}", 1440, 900, user: "command");
        await WaitForOverlaysAsync(map, ".map-page-map");
        await Assertions.Expect(map.GetByLabel("今日巡查")).ToBeCheckedAsync();
        var drawn = await map.WaitForFunctionAsync(
            "() => document.querySelector('.map-page-map .grid-map-canvas').map.queryRenderedFeatures({ layers: ['overlay-patrols'] }).length", null, new() { Timeout = 20_000 });
        Assert.True(await drawn.JsonValueAsync<int>() >= 1);
        await map.ScreenshotAsync(new() { Path = Shot("map-patrols-1440x900.png") });
        await map.Context.CloseAsync();
    }

    [Fact]
    public async Task AnAdministrator_SplitsAnOverloadedGrid_FromItsPreview()
    {
        var page = await fixture.OpenAsync("/grid-health", 1440, 900);
        await Assertions.Expect(page.Locator(".grid-health[data-ready=true]")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByTestId("blind-count")).ToHaveTextAsync("0");
        await WaitForOverlaysAsync(page, ".health-map");
        await page.ScreenshotAsync(new() { Path = Shot("grid-health-1440x900.png") });
        // The last overloaded grid: no other browser test works in it.
        var link = page.GetByRole(AriaRole.Link, new() { Name = "拆分预览" }).Last;
        await link.ClickAsync();
        await page.WaitForURLAsync("**/grid-health/split/**");
        await WaitForOverlaysAsync(page, ".split-map");
        var households = await page.GetByTestId("part-households").AllInnerTextsAsync();
        Assert.Equal(2, households.Count);
        Assert.True(Math.Abs(Number(households[0]) - Number(households[1])) <= 50);
        await page.ScreenshotAsync(new() { Path = Shot("grid-split-1440x900.png") });

        await page.GetByRole(AriaRole.Button, new() { Name = "按此预览拆分为 2 个网格" }).ClickAsync();
        // Asked first, in a dialog that says what will happen.
        var dialog = page.GetByRole(AriaRole.Dialog);
        await Assertions.Expect(dialog).ToContainTextAsync("加入本月巡查计划");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "按此预览拆分为 2 个网格" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "网格已拆分" })).ToBeVisibleAsync();
        var created = page.Locator("section.report-done li a").Last;
        var code = await created.InnerTextAsync();
        await created.ClickAsync();
        await page.WaitForURLAsync($"**/map?area={code}");
        await Assertions.Expect(page.Locator(".area-card code").First).ToHaveTextAsync(code);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task TheRealHangzhouGrids_ShowTheirBlindZonesAndTheGridsBeyondTheDistrict()
    {
        await using var site = await SecondSite.HangzhouAsync();
        var page = await site.OpenAsync(fixture.Browser, "/grid-health", 1440, 900);
        await Assertions.Expect(page.Locator(".grid-health[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });

        await Assertions.Expect(page.GetByTestId("overlap-count")).ToHaveTextAsync("0");
        Assert.True(Number(await page.GetByTestId("blind-count").InnerTextAsync()) >= 15);
        Assert.True(Number(await page.GetByTestId("beyond-count").InnerTextAsync()) >= 18);
        await page.WaitForSelectorAsync(".grid-map[data-ready='true']", new() { Timeout = 30_000 });
        var drawn = await page.WaitForFunctionAsync(
            "() => document.querySelector('.grid-map-canvas').map.queryRenderedFeatures({ layers: ['overlay-blind'] }).length", null, new() { Timeout = 20_000 });
        Assert.True(await drawn.JsonValueAsync<int>() >= 1);
        await page.ScreenshotAsync(new() { Path = Showcase.ReadmeScreenshotsTests.Shot("grid-health-hangzhou.png") });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ACommunity_ListsANeed_AUnitClaimsIt_AndItIsSolved()
    {
        var units = await fixture.OpenAsync("/needs/units", 1366, 768, user: "command");
        await Assertions.Expect(units.Locator(".units[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await units.GetByLabel("单位名称").FillAsync("区供电公司");
        await units.GetByRole(AriaRole.Button, new() { Name = "登记", Exact = true }).ClickAsync();
        await Assertions.Expect(units.GetByRole(AriaRole.Heading, new() { Name = "区供电公司" })).ToBeVisibleAsync();
        await units.Context.CloseAsync();

        var page = await fixture.OpenAsync("/needs", 1366, 768, user: "community");
        await Assertions.Expect(page.Locator(".needs[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 15_000 });
        await page.GetByRole(AriaRole.Button, new() { Name = "列出一项居民需求" }).ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog);
        // The dialog has read the district's word for a community (its last render after opening) before anything is typed.
        await Assertions.Expect(dialog.Locator("label", new() { HasTextString = "社区" }).First).ToBeVisibleAsync();
        await dialog.Locator(".mud-select .mud-input-control").Nth(1).ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "养老助老" }).ClickAsync();
        await Assertions.Expect(dialog.Locator(".mud-select input").Nth(1)).ToHaveValueAsync("养老助老");
        await dialog.GetByLabel("需求", new() { Exact = true }).FillAsync("老旧小区楼道灯更换");
        await Assertions.Expect(dialog.GetByRole(AriaRole.Button, new() { Name = "列入清单" })).ToBeEnabledAsync();
        await dialog.GetByRole(AriaRole.Button, new() { Name = "列入清单" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "清单" })).ToHaveTextAsync("需求已列入清单。");
        var row = page.Locator("tr", new() { HasText = "老旧小区楼道灯更换" });
        await row.Locator(".mud-select .mud-input-control").ClickAsync();
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasText = "区供电公司" }).ClickAsync();
        await row.GetByRole(AriaRole.Button, new() { Name = "认领" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "认领" })).ToHaveTextAsync("已认领。");
        row = page.Locator("tr", new() { HasText = "老旧小区楼道灯更换" });
        await row.GetByLabel("解决情况").FillAsync("更换 24 盏声控灯");
        await row.GetByRole(AriaRole.Button, new() { Name = "标记已解决" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "解决" })).ToHaveTextAsync("已标记解决。");
        await Assertions.Expect(page.GetByTestId("needs-solved")).ToHaveTextAsync("1");
        await page.ScreenshotAsync(new() { Path = Shot("needs-1366x768.png"), FullPage = true });
        await page.Context.CloseAsync();
    }
}
