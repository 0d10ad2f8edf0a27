using Bunit;
using GridOps.ComponentTests.Features.Alerts;
using GridOps.Web.Features.GridHealth.Pages;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace GridOps.ComponentTests.Features.GridHealth;

/// <summary>The split preview as a circuit renders it: the part count chosen goes into the address, the split is applied after asking, and a grid outside the scope is not found.</summary>
public sealed class GridSplitPageTests(AlertConsoleFixture fixture) : IClassFixture<AlertConsoleFixture>
{
    private static readonly TimeSpan Soon = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task ThreePartsChosen_AreInTheAddress_AndTheSplitIsAppliedOnlyAfterAsking()
    {
        // The last overloaded grid with micro-grids enough for three parts: the other tests do not work in it.
        var grid = (await fixture.App.Database.StringsAsync(
            "SELECT g.code FROM areas g WHERE g.level = 3 AND g.households > 400 AND (SELECT count(*) FROM areas m WHERE m.parent_id = g.id) >= 3 ORDER BY g.code DESC LIMIT 1"))[0];
        // A second district: the whole database then writes codes with their district, the new grids' links too.
        var factory = new NetTopologySuite.Geometries.GeometryFactory(new NetTopologySuite.Geometries.PrecisionModel(), 4326);
        await fixture.App.Service<GridOps.Web.Features.Hierarchy.HierarchyWriter>().WriteAsync(
            [new GridOps.Web.Features.Hierarchy.AreaDraft("XB", "西滨区", GridOps.Web.Features.Hierarchy.AreaLevel.District, null,
                factory.CreateMultiPolygon([factory.CreatePolygon([new(100, 20), new(100.1, 20), new(100.1, 20.1), new(100, 20.1), new(100, 20)])]))],
            [], null, CancellationToken.None);
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "admin");
        var popovers = screen.Context.Render<MudPopoverProvider>();
        var dialogs = screen.Context.Render<MudDialogProvider>();
        screen.Navigation.NavigateTo($"/grid-health/split/{grid}");
        var cut = screen.Context.Render<GridSplitPage>(p => p.Add(x => x.Code, grid));
        cut.WaitForAssertion(() => Assert.Equal("true", cut.Find(".grid-split").GetAttribute("data-ready")), Soon);
        var gridsBefore = await fixture.App.Database.CountAsync("SELECT count(*) FROM areas WHERE level = 3 AND retired_at IS NULL");

        await MudInteractions.ChooseAsync(cut.Find("[data-filter=parts] .mud-input-control"), popovers, "3");
        Assert.Equal($"/grid-health/split/{grid}?parts=3", screen.Address);
        // The router renders the page again for the new address; here the test does.
        cut.Render(p => p.Add(x => x.Code, grid));
        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll("tr[data-part]").Count), Soon);

        // Found and pressed in one turn of the renderer: a render in between (the preview settling) renews the handlers.
        var pressing = cut.InvokeAsync(() => cut.FindAll(".apply-split button").Single().ClickAsync(new()));
        dialogs.WaitForAssertion(() => Assert.Contains("加入本月巡查计划", dialogs.Find(".mud-dialog").TextContent, StringComparison.Ordinal), Soon);
        Assert.Equal(gridsBefore, await fixture.App.Database.CountAsync("SELECT count(*) FROM areas WHERE level = 3 AND retired_at IS NULL"));
        await dialogs.FindAll(".mud-dialog button").Single(b => b.TextContent.Trim() == "按此预览拆分为 3 个网格").ClickAsync(new());
        await pressing;

        cut.WaitForAssertion(() => Assert.Equal(3, cut.FindAll(".report-done li a").Count), Soon);
        Assert.All(cut.FindAll(".report-done li a"), a => Assert.StartsWith("/map?area=YJ%3A", a.GetAttribute("href"), StringComparison.Ordinal));
        Assert.Equal(gridsBefore + 2, await fixture.App.Database.CountAsync("SELECT count(*) FROM areas WHERE level = 3 AND retired_at IS NULL"));
    }

    [Fact]
    public async Task AGridOutsideTheLeadersStreet_IsNotFound()
    {
        var elsewhere = (await fixture.App.Database.StringsAsync(
            """
            SELECT g.code FROM areas g JOIN areas c ON c.id = g.parent_id
            WHERE g.level = 3 AND c.parent_id <> (SELECT scope_area_id FROM users WHERE user_name = 'leader') ORDER BY g.code LIMIT 1
            """))[0];
        await using var screen = await ScreenContext.CreateAsync(fixture.App, "leader");
        screen.Navigation.NavigateTo($"/grid-health/split/{elsewhere}");
        var notFound = false;
        screen.Context.Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>().OnNotFound += (_, _) => notFound = true;
        var cut = screen.Context.Render<GridSplitPage>(p => p.Add(x => x.Code, elsewhere));
        cut.WaitForAssertion(() => Assert.True(notFound), Soon);
        Assert.Empty(cut.FindAll("tr[data-part]"));
    }
}
