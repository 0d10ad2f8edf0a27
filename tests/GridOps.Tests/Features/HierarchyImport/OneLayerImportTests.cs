using System.Text.Json.Nodes;
using GridOps.TestSupport;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.HierarchyImport;
using GridOps.Web.Features.Locate;

namespace GridOps.Tests.Features.HierarchyImport;

/// <summary>A city's one published layer (wards, community districts) with no parents, imported through a mapping alone.</summary>
public sealed class OneLayerImportTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private HierarchyImporter _importer = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateEmptyAsync();
        _importer = new HierarchyImporter(new HierarchyWriter(_database.DataSource), StandaloneMeters.Metrics());
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    /// <summary>Three community districts in two boroughs, as a city publishes them: a number, a borough, no parents.</summary>
    private static string Wards(params (int BoroCD, string Boro, double X0)[] wards) => new JsonObject
    {
        ["type"] = "FeatureCollection",
        ["features"] = new JsonArray(wards.Select(w => (JsonNode)new JsonObject
        {
            ["type"] = "Feature",
            ["properties"] = new JsonObject { ["BoroCD"] = w.BoroCD, ["BoroName"] = w.Boro, ["Shape_Area"] = 1.5 },
            ["geometry"] = NativeGeoJson.Square(w.X0, 0, w.X0 + 2, 2),
        }).ToArray()),
    }.ToJsonString();

    private static readonly string ThreeWards = Wards((101, "Manhattan", 0), (102, "Manhattan", 2), (201, "Bronx", 4));

    private Task<ImportSummary> ImportAsync(string mappingJson, string file) =>
        _importer.ImportAsync(ImportMapping.Parse(mappingJson), _ => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(file)), null, CancellationToken.None);

    [Fact]
    public async Task OneLayer_AsGrids_MakesAStreetAndCommunityPerFeature_AndPointsLocate()
    {
        var summary = await ImportAsync("""
            { "district": { "code": "NYC", "name": "New York" }, "codePrefix": "NYC-",
              "layers": [ { "file": "cd.geojson", "level": "grid", "code": "{BoroCD}", "name": "{BoroName} {BoroCD}", "makeParents": true } ] }
            """, ThreeWards);

        Assert.Equal(3, summary.Areas[AreaLevel.Street]);
        Assert.Equal(3, summary.Areas[AreaLevel.Community]);
        Assert.Equal(3, summary.Areas[AreaLevel.Grid]);
        // What the file had: three polygons, all grids; the made parents are not source polygons.
        Assert.Equal(3, Assert.Single(summary.SourcePolygons).Value);
        var located = await new LocateQueries(_database.DataSource).LocateAsync(110.03, 30.01, CancellationToken.None);
        Assert.Equal("NYC-102", located?.Grid.Code);
        Assert.Equal("Manhattan 102", located?.Grid.Name);
        Assert.Equal("NYC-102/community", located?.Community?.Code);
        Assert.Equal("NYC-102/street", located?.Street?.Code);
    }

    [Fact]
    public async Task OneLayer_GroupedByAProperty_MakesOneStreetPerValue_WithTheUnionOfItsGrids()
    {
        await ImportAsync("""
            { "district": { "code": "NYC", "name": "New York" },
              "layers": [ { "file": "cd.geojson", "level": "grid", "code": "{BoroCD}", "codePrefix": "NYC-", "name": "{BoroName} {BoroCD}",
                            "makeParents": true, "groupBy": "BoroName" } ] }
            """, ThreeWards);

        Assert.Equal(2, await _database.CountAsync("SELECT count(*) FROM areas WHERE level = 1"));
        Assert.Equal(2, await _database.CountAsync("SELECT count(*) FROM areas g JOIN areas c ON c.id = g.parent_id WHERE g.level = 3 AND c.code = 'NYC-Manhattan/community'"));
        Assert.Equal(1, await _database.CountAsync("SELECT count(*) FROM areas WHERE code = 'NYC-Manhattan/street' AND name = 'Manhattan'"));
        // Manhattan's street is its two wards side by side: one rectangle, twice a ward's area.
        Assert.Equal(1, await _database.CountAsync("""
            SELECT count(*) FROM areas s, areas g WHERE s.code = 'NYC-Manhattan/street' AND g.code = 'NYC-101'
            AND abs(ST_Area(s.boundary) / ST_Area(g.boundary) - 2) < 1e-9 AND ST_NumGeometries(s.boundary) = 1
            """));
    }

    [Fact]
    public async Task OneLayer_AtThreeLevels_IsRefusedNamingEveryCodeAndItsLayers()
    {
        var wards = Wards([.. Enumerable.Range(0, 12).Select(i => (100 + i, "Queens", i * 2.0))]);
        var files = new Dictionary<string, string> { ["a.geojson"] = wards, ["b.geojson"] = wards, ["c.geojson"] = wards };

        var error = await Assert.ThrowsAsync<ImportRejectedException>(() => _importer.ImportAsync(ImportMapping.Parse("""
            { "district": { "code": "Q", "name": "Queens" },
              "layers": [ { "file": "a.geojson", "level": "street", "code": "BoroCD", "name": "BoroName" },
                          { "file": "b.geojson", "level": "community", "code": "BoroCD", "name": "BoroName", "parent": "BoroCD" },
                          { "file": "c.geojson", "level": "grid", "code": "BoroCD", "name": "BoroName", "parent": "BoroCD" } ] }
            """), name => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(files[name])), null, CancellationToken.None));

        var clashes = error.Problems.Where(p => p.Reason.StartsWith("the same code appears at different levels", StringComparison.Ordinal)).ToList();
        Assert.Equal(12, clashes.Count);
        Assert.All(clashes, p => Assert.Contains("Street in a.geojson (feature #", p.Reason, StringComparison.Ordinal));
        Assert.All(clashes, p => Assert.Contains("Grid in c.geojson (feature #", p.Reason, StringComparison.Ordinal));
        Assert.Equal(0, await _database.CountAsync("SELECT count(*) FROM areas"));
    }

    [Fact]
    public async Task ASecondCitysGridOne_IsItsOwn_NextToTheFirstCitysGridOne()
    {
        await ImportAsync("""{ "district": { "code": "A", "name": "A" }, "layers": [ { "file": "a.geojson", "level": "grid", "code": "BoroCD", "name": "BoroName", "makeParents": true } ] }""",
            Wards((1, "North", 0)));

        // Codes are unique within a district (issue 20): B's grid "1" is stored as "1", beside A's, with no prefix.
        await ImportAsync("""{ "district": { "code": "B", "name": "B" }, "layers": [ { "file": "b.geojson", "level": "grid", "code": "BoroCD", "name": "BoroName", "makeParents": true } ] }""",
            Wards((1, "North", 10)));

        Assert.Equal(["A", "B"], await _database.StringsAsync("SELECT d.code FROM areas g JOIN areas d ON d.id = g.ancestor_ids[1] WHERE g.code = '1' AND g.level = 3 ORDER BY d.code"));
        // A re-import of A changes A's grid 1, never B's.
        await ImportAsync("""{ "district": { "code": "A", "name": "A" }, "layers": [ { "file": "a.geojson", "level": "grid", "code": "BoroCD", "name": "BoroName", "makeParents": true } ] }""",
            Wards((1, "North (renamed)", 0)));
        Assert.Equal(["A=North (renamed)", "B=North"], await _database.StringsAsync(
            "SELECT d.code || '=' || g.name FROM areas g JOIN areas d ON d.id = g.ancestor_ids[1] WHERE g.code = '1' AND g.level = 3 ORDER BY d.code"));
    }

    [Theory]
    [InlineData("""{ "file": "cd.geojson", "level": "grid", "code": "{Boro}-{BoroCD}", "name": "BoroName", "makeParents": true }""",
        "has no code in property 'Boro' (named in the template '{Boro}-{BoroCD}')")]
    [InlineData("""{ "file": "cd.geojson", "level": "grid", "code": "BoroCD", "name": "BoroName", "makeParents": true, "groupBy": "Ward" }""",
        "has no value in property 'Ward' to group by")]
    [InlineData("""{ "file": "cd.geojson", "level": "street", "code": "BoroCD", "name": "BoroName", "makeParents": true }""",
        "makeParents makes streets and communities above a layer of communities, grids or micro-grids")]
    [InlineData("""{ "file": "cd.geojson", "level": "grid", "code": "BoroCD", "name": "BoroName", "groupBy": "BoroName" }""",
        "groupBy needs makeParents: true")]
    [InlineData("""{ "file": "cd.geojson", "level": "grid", "code": "BoroCD", "name": "BoroName" }""",
        "there are no streets to make the district of (cd.geojson: Grid); a file of one level with no parents takes \"makeParents\": true")]
    public async Task AMappingThatCannotWork_IsRefusedSayingWhy_AndStoresNothing(string layer, string reason)
    {
        var error = await Assert.ThrowsAsync<ImportRejectedException>(() =>
            ImportAsync($$"""{ "district": { "code": "NYC", "name": "New York" }, "layers": [ {{layer}} ] }""", ThreeWards));

        Assert.Contains(error.Problems, p => p.Reason.Contains(reason, StringComparison.Ordinal) && p.File is "cd.geojson" or "mapping");
        Assert.Equal(0, await _database.CountAsync("SELECT count(*) FROM areas"));
    }

    [Fact]
    public async Task HangzhouCommunities_AsOneLayerOfGrids_GroupedByStreet_PlaceTheRealEventsInTheirCommunity()
    {
        var summary = await _importer.ImportAsync(ImportMapping.Parse("""
            { "district": { "code": "HZ", "name": "下城区" }, "codePrefix": "HZ-",
              "layers": [ { "file": "community.geojson", "level": "grid", "code": "社区编码", "name": "社区", "makeParents": true, "groupBy": "街道" } ] }
            """), file => File.OpenRead(Path.Combine(SharedData.HangzhouFolder, file)), null, CancellationToken.None);

        Assert.Equal(8, summary.Areas[AreaLevel.Street]);
        Assert.Equal(75, summary.Areas[AreaLevel.Grid]);
        using var events = await HangzhouData.EventsAsync();
        var points = events.RootElement.GetProperty("features").EnumerateArray()
            .Select(f => f.GetProperty("geometry").GetProperty("coordinates")).Select(c => (c[0].GetDouble(), c[1].GetDouble())).ToList();
        var located = await new LocateQueries(_database.DataSource).LocateManyAsync(points, CancellationToken.None);
        Assert.All(located, l => Assert.Equal("天水街道", l?.Street?.Name));
        Assert.All(located, l => Assert.StartsWith("HZ-TS-", l?.Grid.Code, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AMadeParent_CountsEachMemberOnce_HoweverManyPolygonsItHas()
    {
        // Ward 101 is drawn as two polygons (split by a road), each repeating its 300 households; ward 102 has 200.
        var file = new JsonObject
        {
            ["type"] = "FeatureCollection",
            ["features"] = new JsonArray(new[] { (101, 300, 0.0), (101, 300, 2.0), (102, 200, 4.0) }.Select(w => (JsonNode)new JsonObject
            {
                ["type"] = "Feature",
                ["properties"] = new JsonObject { ["BoroCD"] = w.Item1, ["BoroName"] = "Manhattan", ["hh"] = w.Item2 },
                ["geometry"] = NativeGeoJson.Square(w.Item3, 0, w.Item3 + 2, 2),
            }).ToArray()),
        }.ToJsonString();

        await ImportAsync("""
            { "district": { "code": "NYC", "name": "New York" },
              "layers": [ { "file": "cd.geojson", "level": "grid", "code": "{BoroCD}", "name": "BoroName", "households": "hh", "makeParents": true, "groupBy": "BoroName" } ] }
            """, file);

        Assert.Equal(1, await _database.CountAsync("SELECT count(*) FROM areas WHERE code = '101' AND households = 300"));
        Assert.Equal(1, await _database.CountAsync("SELECT count(*) FROM areas WHERE code = 'Manhattan/street' AND households = 500"));
        Assert.Equal(1, await _database.CountAsync("SELECT count(*) FROM areas WHERE code = 'NYC' AND households = 500"));
    }
}
