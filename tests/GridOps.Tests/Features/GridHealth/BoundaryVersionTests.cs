using System.Net.Http.Json;
using GridOps.TestSupport;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.Locate;

namespace GridOps.Tests.Features.GridHealth;

/// <summary>Re-importing a district keeps earlier boundaries with their dates; incidents stay with the grid they happened in.</summary>
public sealed class BoundaryVersionTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(withDemo: false, settings: new Dictionary<string, string> { ["Alerts:Sweep"] = "false" });
        await _app.Service<HierarchyWriter>().WriteAsync(HealthShapes.Build(), [], null, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Reimport_VersionsTheChangedGrid_RetiresTheMissingOne_AndIncidentsKeepTheirGrids()
    {
        var inFourth = await ReportAsync(101.025, 30.015, "four");
        var inSecond = await ReportAsync(101.03, 30.005, "two");
        var reshaped = HealthShapes.Repaired().Where(a => a.Code != "H1-1-2").ToList();

        await _app.Service<HierarchyWriter>().WriteAsync(reshaped, [], null, CancellationToken.None);

        var db = _app.Database;
        Assert.Equal(["H1-1-4"], await db.StringsAsync("SELECT a.code FROM area_versions v JOIN areas a ON a.id = v.area_id"));
        // The version keeps the old shape (two cells wide) and ends when the new one begins.
        Assert.Equal(200, await db.CountAsync("SELECT round((ST_XMax(v.boundary) - ST_XMin(v.boundary)) * 10000)::bigint FROM area_versions v"));
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM area_versions v JOIN areas a ON a.id = v.area_id WHERE v.valid_to = a.valid_from"));
        Assert.Equal(["H1-1-2"], await db.StringsAsync("SELECT code FROM areas WHERE retired_at IS NOT NULL"));
        Assert.Null(await new LocateQueries(db.DataSource).LocateAsync(101.03, 30.005, CancellationToken.None));
        Assert.Equal("H1-1-4", (await new LocateQueries(db.DataSource).LocateAsync(101.035, 30.015, CancellationToken.None))!.Grid.Code);
        Assert.Equal(["H1-1-4", "H1-1-2"], [await GridOfAsync(inFourth), await GridOfAsync(inSecond)]);

        // The same import again changes nothing; bringing the grid back revives it, versioned.
        await _app.Service<HierarchyWriter>().WriteAsync(reshaped, [], null, CancellationToken.None);
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM area_versions"));
        await _app.Service<HierarchyWriter>().WriteAsync(HealthShapes.Repaired(), [], null, CancellationToken.None);
        Assert.Equal(0, await db.CountAsync("SELECT count(*) FROM areas WHERE retired_at IS NOT NULL"));
        Assert.Equal(2, await db.CountAsync("SELECT count(*) FROM area_versions"));
    }

    [Fact]
    public async Task TheMapPanel_ShowsTheEarlierBoundary()
    {
        await _app.Service<HierarchyWriter>().WriteAsync(HealthShapes.Repaired(), [], null, CancellationToken.None);

        var panel = await _app.Client.GetStringAsync("/map?area=H1-1-4");

        Assert.Contains("边界版本", panel, StringComparison.Ordinal);
        Assert.Contains("re-import", panel, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnEditByHand_KeepsTheEarlierBoundaryWithItsReason_AndBadEditsChangeNothing()
    {
        const string box = """{"type": "Polygon", "coordinates": [[[101.01, 30.01], [101.04, 30.01], [101.04, 30.02], [101.01, 30.02], [101.01, 30.01]]]}""";
        using var edited = await _app.Client.PutAsync("/api/hierarchy/areas/H1-1-4", Json($$"""{"boundary": {{box}}, "households": 320, "reason": "街道调整：并入东侧空地"}"""));
        Assert.Equal(System.Net.HttpStatusCode.NoContent, edited.StatusCode);
        var db = _app.Database;
        Assert.Equal(["街道调整：并入东侧空地"], await db.StringsAsync("SELECT reason FROM area_versions"));
        Assert.Equal(300, await db.CountAsync("SELECT households FROM area_versions"));
        Assert.Equal("H1-1-4", (await new LocateQueries(db.DataSource).LocateAsync(101.035, 30.015, CancellationToken.None))!.Grid.Code);

        const string selfCrossing = """{"type": "Polygon", "coordinates": [[[101.0, 30.0], [101.02, 30.02], [101.02, 30.0], [101.0, 30.02], [101.0, 30.0]]]}""";
        using var bad = await _app.Client.PutAsync("/api/hierarchy/areas/H1-1-4", Json($$"""{"boundary": {{selfCrossing}}, "reason": "试试"}"""));
        using var noReason = await _app.Client.PutAsync("/api/hierarchy/areas/H1-1-4", Json("""{"households": 1}"""));
        using var missing = await _app.Client.PutAsync("/api/hierarchy/areas/NO-SUCH", Json("""{"households": 1, "reason": "x"}"""));

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("\"boundary\"", await bad.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("\"reason\"", await noReason.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(1, await db.CountAsync("SELECT count(*) FROM area_versions"));
        Assert.Equal(320, await db.CountAsync("SELECT households FROM areas WHERE code = 'H1-1-4'"));
    }

    private static StringContent Json(string body) => new(body, System.Text.Encoding.UTF8, "application/json");

    private async Task<string> ReportAsync(double lon, double lat, string sourceRef)
    {
        using var response = await _app.Client.PostAsJsonAsync("/api/incidents", new { category = "environment.waste", description = "版本测试", lon, lat, sourceRef });
        response.EnsureSuccessStatusCode();
        return sourceRef;
    }

    private async Task<string> GridOfAsync(string sourceRef) =>
        (await _app.Database.StringsAsync($"SELECT g.code FROM incidents i JOIN areas g ON g.id = i.grid_id WHERE i.source_ref = '{sourceRef}'"))[0];
}
