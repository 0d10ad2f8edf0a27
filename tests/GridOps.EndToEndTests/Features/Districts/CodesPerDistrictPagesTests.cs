using GridOps.TestSupport;
using GridOps.Web.Features.Hierarchy;
using Microsoft.Playwright;
using NetTopologySuite.Geometries;

namespace GridOps.EndToEndTests.Features.Districts;

/// <summary>
/// Codes unique per district (issue 20, part 3) in a real browser: a second district imported beside the demo has a
/// street with the demo street's very code. The demo's leader opens their street as always; the whole database is
/// asked which district's it means, and its links then carry the district.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class CodesPerDistrictPagesTests(BrowserFixture fixture)
{
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    private static MultiPolygon Square(double lon, double lat, double size) => Wgs84.CreateMultiPolygon([Wgs84.CreatePolygon(
        [new(lon, lat), new(lon + size, lat), new(lon + size, lat + size), new(lon, lat + size), new(lon, lat)])]);

    [Fact]
    public async Task TheSameStreetCode_InTwoDistricts_OpensEachPersonsOwn_AndTheWholeDatabaseChooses()
    {
        await using var site = await SecondSite.DemoAsync(new ManualClock(DateTimeOffset.UtcNow));
        var street = (await site.Database.StringsAsync(
            "SELECT s.code FROM areas s JOIN users u ON u.scope_area_id = s.id WHERE u.user_name = 'leader' AND s.level = 1"))[0];
        var streetName = (await site.Database.StringsAsync($"SELECT name FROM areas WHERE code = '{street}' AND level = 1"))[0];
        await site.Service<HierarchyWriter>().WriteAsync(
        [
            new AreaDraft("XB", "西滨区", AreaLevel.District, null, Square(100, 20, 0.1)),
            new AreaDraft(street, "滨江街道", AreaLevel.Street, "XB", Square(100, 20, 0.1)),
            new AreaDraft(street + "-1", "滨江社区", AreaLevel.Community, street, Square(100, 20, 0.1)),
            new AreaDraft(street + "-1-1", "滨江社区第一网格", AreaLevel.Grid, street + "-1", Square(100, 20, 0.1)),
        ], [], null, CancellationToken.None);

        // The demo's leader: their street, as before.
        var leader = await site.OpenAsync(fixture.Browser, $"/township/{street}", 1366, 768, user: "leader");
        await Assertions.Expect(leader.Locator(".township[data-ready=true]")).ToBeVisibleAsync();
        await Assertions.Expect(leader.Locator("h1")).ToContainTextAsync(streetName);
        await leader.Context.CloseAsync();

        // The whole database: which district's street?
        var admin = await site.OpenAsync(fixture.Browser, $"/township/{street}", 1366, 768, user: "admin");
        var choices = admin.Locator("[data-testid=area-choices] + nav a");
        await Assertions.Expect(choices).ToHaveCountAsync(2);
        await Assertions.Expect(admin.Locator("[data-testid=area-choices]")).ToContainTextAsync("2 个辖区");
        await admin.ScreenshotAsync(new() { Path = Path.Combine(BrowserFixture.ScreenshotFolder, "township-choices-1366x768.png"), FullPage = true });
        await Assertions.Expect(choices.First).ToContainTextAsync("西滨区 · 滨江街道（XB:"); // by name: which city's street
        await admin.Locator("[data-testid=area-choices] + nav a", new() { HasText = "西滨区" }).ClickAsync();
        await admin.WaitForURLAsync($"**/township/XB%3A{street}");
        await Assertions.Expect(admin.Locator(".township[data-ready=true]")).ToBeVisibleAsync();
        await Assertions.Expect(admin.Locator("h1")).ToContainTextAsync("滨江街道");
        // Its links to the communities carry the district.
        await Assertions.Expect(admin.Locator($"a[href='/township/XB:{street}-1']")).ToHaveCountAsync(1);
        await admin.Context.CloseAsync();

        // On the map a grid is selected by its id, not its code: the demo's grid is filled, and only it.
        var grid = (await site.Database.StringsAsync(
            $"SELECT g.code || ' ' || g.id FROM areas g JOIN areas s ON s.id = g.ancestor_ids[2] WHERE s.code = '{street}' AND g.level = 3 AND g.ancestor_ids[1] = (SELECT id FROM areas WHERE code = 'YJ') ORDER BY g.code LIMIT 1"))[0].Split(' ');
        var map = await site.OpenAsync(fixture.Browser, $"/map?area={grid[0]}", 1366, 768, user: "leader");
        await map.WaitForSelectorAsync(".map-page-map[data-ready='true']", new() { Timeout = 30_000 });
        await map.WaitForFunctionAsync("""
            () => { const m = document.querySelector('.map-page-map .grid-map-canvas').map;
                    return m.loaded() && m.areTilesLoaded() && m.queryRenderedFeatures({ layers: ['selected-fill'] }).length > 0; }
            """, null, new() { Timeout = 30_000 });
        var selected = await map.EvaluateAsync<long[]>(
            "() => [...new Set(document.querySelector('.map-page-map .grid-map-canvas').map.queryRenderedFeatures({ layers: ['selected-fill'] }).map(f => f.properties.area_id))]");
        Assert.Equal([long.Parse(grid[1], System.Globalization.CultureInfo.InvariantCulture)], selected);
        await map.Context.CloseAsync();

        // The whole database clicks the other city's grid, whose code the demo has too: the click names the polygon, so its card opens.
        var wall = await site.OpenAsync(fixture.Browser, $"/map?area=XB:{street}", 1366, 768, user: "admin");
        await wall.WaitForSelectorAsync(".map-page-map[data-ready='true']", new() { Timeout = 30_000 });
        await wall.EvaluateAsync("() => { document.querySelector('.map-page-map .grid-map-canvas').map.jumpTo({ center: [100.05, 20.05], zoom: 14 }); }");
        await wall.WaitForFunctionAsync("""
            () => { const m = document.querySelector('.map-page-map .grid-map-canvas').map;
                    return m.loaded() && m.areTilesLoaded() && m.queryRenderedFeatures({ layers: ['grid-fill'] }).length > 0; }
            """, null, new() { Timeout = 30_000 });
        var centre = await wall.EvaluateAsync<double[]>("() => { const p = document.querySelector('.map-page-map .grid-map-canvas').map.project([100.05, 20.05]); return [p.x, p.y]; }");
        await wall.Locator(".map-page-map canvas").ClickAsync(new() { Position = new() { X = (float)centre[0], Y = (float)centre[1] } });
        await Assertions.Expect(wall).ToHaveURLAsync(new System.Text.RegularExpressions.Regex($"area=XB%3A{street}-1-1$"));
        await Assertions.Expect(wall.GetByRole(AriaRole.Heading, new() { Name = "滨江社区第一网格", Level = 2 })).ToBeVisibleAsync();
        await wall.Context.CloseAsync();
    }
}
