using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace GridOps.EndToEndTests.Features.GridMap;

[Collection(BrowserGroup.Name)]
public sealed partial class GridMapPageTests(BrowserFixture fixture)
{
    private static async Task WaitForMapAsync(IPage page)
    {
        await page.WaitForSelectorAsync(".map-page-map[data-ready='true']", new() { Timeout = 30_000 });
        // Tiles arrive after "load": wait until the map has drawn grids and settled.
        await page.WaitForFunctionAsync("""
            () => { const m = document.querySelector('.map-page-map .grid-map-canvas').map;
                    return m.loaded() && m.areTilesLoaded() && m.queryRenderedFeatures({ layers: ['grid-fill'] }).length > 0; }
            """, null, new() { Timeout = 30_000 });
    }

    private static Task<int> DistinctGridsDrawnAsync(IPage page) => page.EvaluateAsync<int>("""
        () => new Set(document.querySelector('.map-page-map .grid-map-canvas').map.queryRenderedFeatures({ layers: ['grid-fill'] }).map(f => f.properties.code)).size
        """);

    [Fact]
    public async Task MapPage_OnAWallScreen_DrawsEveryGridOfTheDistrict()
    {
        var page = await fixture.OpenAsync("/map");
        await WaitForMapAsync(page);

        var drawn = await DistinctGridsDrawnAsync(page);
        var grids = await fixture.Database!.CountAsync("SELECT count(*) FROM areas WHERE level = 3");

        Assert.Equal(grids, drawn);
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "云江区", Level = 2 })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator(".map-label").First).ToBeVisibleAsync();
        // Every street appears in the legend, named beside its colour.
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "图例：街道" }).GetByRole(AriaRole.Listitem)).ToHaveCountAsync(9);
        await Assertions.Expect(page.GetByRole(AriaRole.List, new() { Name = "图例：街道" })).ToContainTextAsync("青山街道");
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "map-wall-1920x1080.png") });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task ClickingAGrid_ShowsItsCardWithTeamAndParents()
    {
        var page = await fixture.OpenAsync("/map", 1366, 768);
        await WaitForMapAsync(page);
        var (code, name, lon, lat) = await GridAsync("QS-1-2");

        // Zoom to the grid first so the click lands well inside it.
        await page.EvaluateAsync("([lon, lat]) => { document.querySelector('.map-page-map .grid-map-canvas').map.jumpTo({ center: [lon, lat], zoom: 16 }); }", new[] { lon, lat });
        await WaitForMapAsync(page);
        var point = await page.EvaluateAsync<double[]>("([lon, lat]) => { const p = document.querySelector('.map-page-map .grid-map-canvas').map.project([lon, lat]); return [p.x, p.y]; }", new[] { lon, lat });
        await page.Locator(".map-page-map canvas").ClickAsync(new() { Position = new() { X = (float)point[0], Y = (float)point[1] } });

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 2 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Cell, new() { Name = "网格长" })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "层级路径" }).GetByRole(AriaRole.Link, new() { Name = "青山街道" })).ToBeVisibleAsync();
        await Assertions.Expect(page).ToHaveURLAsync(new Regex($"area={Regex.Escape(code)}$"));
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "map-grid-card-1366x768.png") });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Breadcrumb_DrillsDownFromDistrictToStreetToCommunity()
    {
        var page = await fixture.OpenAsync("/map");
        await WaitForMapAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "青山街道" }).ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "青山街道", Level = 2 })).ToBeVisibleAsync();
        var community = page.Locator(".children a").First;
        var communityName = await community.InnerTextAsync();
        await community.ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = communityName, Level = 2 })).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Navigation, new() { Name = "层级路径" })).ToContainTextAsync("云江区");
        await Assertions.Expect(page).ToHaveURLAsync(new Regex("area=QS-1$"));
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Search_ByCode_FindsTheGrid()
    {
        var page = await fixture.OpenAsync("/map");
        // The search runs in the circuit: type once the page is interactive (before that, the click would be lost).
        await page.WaitForSelectorAsync(".map-layout[data-ready='true']", new() { Timeout = 30_000 });

        await page.GetByLabel("按编码或名称搜索").FillAsync("QS-1-2");
        await page.GetByRole(AriaRole.Button, new() { Name = "搜索" }).ClickAsync();

        var (_, name, _, _) = await GridAsync("QS-1-2");
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "QS-1-2" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = name }).First.ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 2 })).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task LanguageSwitch_ShowsTheMapInEnglish()
    {
        var page = await fixture.OpenAsync("/map");

        await page.GetByRole(AriaRole.Link, new() { Name = "English" }).ClickAsync();

        await Assertions.Expect(page.GetByLabel("Search by code or name")).ToBeVisibleAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Streets (9)" })).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await WaitForMapAsync(page);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "map-english-1920x1080.png") });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task MapPage_OnAPhone_StacksMapAndPanel()
    {
        var page = await fixture.OpenAsync("/map?area=QS-1-2", 390, 844, mobile: true);
        await WaitForMapAsync(page);

        var map = await page.Locator(".map-page-map").BoundingBoxAsync();
        var panel = await page.Locator(".side-panel").BoundingBoxAsync();

        Assert.True(panel!.Y >= map!.Y + map.Height - 1, "the panel sits below the map on a phone");
        Assert.True(map.Width <= 390);
        await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "map-phone-390x844.png"), FullPage = true });
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task AnOperatorWhoMovesOnBeforeAMapIsMade_StillGetsTheNextPagesMap()
    {
        // The map module is held back, so the grid-health page's map is still being made when the operator
        // clicks through to a split preview: the first map's element has left the page when its module arrives.
        var page = await fixture.OpenAsync("/alerts", 1366, 768);
        await Assertions.Expect(page.Locator(".alert-console[data-ready=true]")).ToBeVisibleAsync();
        var module = new TaskCompletionSource();
        await page.RouteAsync("**/assets/grid-map.js", async route =>
        {
            await module.Task;
            await route.ContinueAsync();
        });

        await page.EvaluateAsync("() => Blazor.navigateTo('/grid-health')");
        await Assertions.Expect(page.Locator(".grid-health[data-ready=true]")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "拆分预览" }).First.ClickAsync();
        await page.WaitForURLAsync("**/grid-health/split/**");
        module.SetResult();

        // The screen lives on: the preview's map is made and reported ready through the circuit.
        await Assertions.Expect(page.Locator(".split-map[data-ready='true']")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Assertions.Expect(page.Locator(".grid-map-canvas")).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }

    private async Task<(string Code, string Name, double Lon, double Lat)> GridAsync(string code)
    {
        await using var command = fixture.Database!.DataSource.CreateCommand("SELECT code, name, ST_X(label_point), ST_Y(label_point) FROM areas WHERE code = $1");
        command.Parameters.AddWithValue(code);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetString(0), reader.GetString(1), reader.GetDouble(2), reader.GetDouble(3));
    }
}
