using GridOps.TestSupport;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.HierarchyImport;

namespace GridOps.Tests.Features.HierarchyImport;

public sealed class HierarchyImporterTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private HierarchyImporter _importer = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateEmptyAsync();
        _importer = new HierarchyImporter(new HierarchyWriter(_database.DataSource), StandaloneMeters.Metrics());
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    private Task<ImportSummary> ImportNativeAsync(NativeGeoJson json) =>
        _importer.ImportAsync(ImportMapping.Native("test.geojson"), _ => json.ToStream(), null, CancellationToken.None);

    [Fact]
    public async Task Import_ValidNativeFile_StoresEveryLevelUnderItsParent()
    {
        var json = NativeGeoJson.District()
            .Add("grid", "T0-S-C-1", "T0-S-C", NativeGeoJson.Square(0, 0, 2, 4))
            .Add("grid", "T0-S-C-2", "T0-S-C", NativeGeoJson.Square(2, 0, 4, 4));

        var summary = await ImportNativeAsync(json);

        Assert.Equal(2, summary.Areas[AreaLevel.Grid]);
        Assert.Equal(5, await _database.CountAsync("SELECT count(*) FROM areas"));
        Assert.Equal(2, await _database.CountAsync(
            "SELECT count(*) FROM areas g JOIN areas c ON c.id = g.parent_id WHERE g.level = 3 AND c.code = 'T0-S-C' AND array_length(g.ancestor_ids, 1) = 3"));
    }

    public static TheoryData<string, string, string> BadGeometries => new()
    {
        { "self-intersecting", """[[[110.0,30.0],[110.02,30.02],[110.02,30.0],[110.0,30.02],[110.0,30.0]]]""", "Self-intersection" },
        { "empty", "[]", "is empty" },
        { "unclosed", """[[[110.0,30.0],[110.02,30.0],[110.02,30.02],[110.0,30.02]]]""", "not closed" },
        { "lat,lon order", """[[[30.0,110.0],[30.0,110.02],[30.02,110.02],[30.02,110.0],[30.0,110.0]]]""", "latitude, longitude order" },
        { "metres", """[[[13358338,3503549],[13360338,3503549],[13360338,3505549],[13358338,3505549],[13358338,3503549]]]""", "metres" },
        { "out of range", """[[[200.0,30.0],[200.02,30.0],[200.02,30.02],[200.0,30.02],[200.0,30.0]]]""", "outside longitude" },
        { "too short", """[[[110.0,30.0],[110.02,30.0],[110.0,30.0]]]""", "at least 4" },
        { "empty first ring", """[[],[[110.0,30.0],[110.02,30.0],[110.02,30.02],[110.0,30.02],[110.0,30.0]]]""", "empty ring" },
        { "text coordinates", """[[["110","30"],[110.02,30.0],[110.02,30.02],[110.0,30.0]]]""", "is not [longitude, latitude]" },
    };

    [Theory]
    [MemberData(nameof(BadGeometries))]
    public async Task Import_BadGeometry_IsRefusedNamingTheFeature_AndStoresNothing(string why, string coordinates, string reason)
    {
        var json = NativeGeoJson.District().Add("grid", "T0-S-C-9", "T0-S-C", NativeGeoJson.Raw("Polygon", coordinates));

        var error = await Assert.ThrowsAsync<ImportRejectedException>(() => ImportNativeAsync(json));

        var problem = Assert.Single(error.Problems);
        Assert.Equal(3, problem.FeatureIndex);
        Assert.Equal("T0-S-C-9", problem.Code);
        Assert.Contains(reason, problem.Reason, StringComparison.Ordinal);
        Assert.Equal(0, await _database.CountAsync("SELECT count(*) FROM areas"));
        Assert.False(string.IsNullOrEmpty(why));
    }

    [Fact]
    public async Task Import_PointGeometry_IsRefused()
    {
        var json = NativeGeoJson.District().Add("grid", "T0-S-C-9", "T0-S-C", NativeGeoJson.Raw("Point", "[110.0, 30.0]"));

        var error = await Assert.ThrowsAsync<ImportRejectedException>(() => ImportNativeAsync(json));

        Assert.Contains("must be Polygon or MultiPolygon", error.Problems[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_NullCrsAndAFeatureThatIsNotAnObject_AreReportedNotCrashed()
    {
        var text = NativeGeoJson.District().ToString().Replace("\"features\":[", "\"crs\":null,\"features\":[42,", StringComparison.Ordinal);

        var error = await Assert.ThrowsAsync<ImportRejectedException>(() =>
            _importer.ImportAsync(ImportMapping.Native("test.geojson"), _ => new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), null, CancellationToken.None));

        Assert.Equal(0, error.Problems[0].FeatureIndex);
        Assert.Contains("is not a GeoJSON Feature object", error.Problems[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_UnknownParent_IsRefused()
    {
        var json = NativeGeoJson.District().Add("grid", "T0-S-X-1", "T0-S-X", NativeGeoJson.Square(0, 0, 1, 1));

        var error = await Assert.ThrowsAsync<ImportRejectedException>(() => ImportNativeAsync(json));

        Assert.Contains("names parent T0-S-X, which is not in the import", error.Problems[0].Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_SelfIntersectionWithRepair_IsFixedAndReported()
    {
        // A bow-tie whose two lobes touch: the fixer splits it into two valid triangles.
        var json = NativeGeoJson.District().Add("grid", "T0-S-C-9", "T0-S-C",
            NativeGeoJson.Raw("Polygon", """[[[110.0,30.0],[110.02,30.02],[110.02,30.0],[110.0,30.02],[110.0,30.0]]]"""));
        var mapping = ImportMapping.Native("test.geojson");
        mapping.Repair = true;

        var summary = await _importer.ImportAsync(mapping, _ => json.ToStream(), null, CancellationToken.None);

        Assert.Single(summary.Repairs);
        Assert.Contains("T0-S-C-9", summary.Repairs[0], StringComparison.Ordinal);
        Assert.Equal(1, await _database.CountAsync("SELECT count(*) FROM areas WHERE code = 'T0-S-C-9' AND ST_IsValid(boundary)"));
    }

    [Fact]
    public async Task AnotherDistrictsCodes_AreThisDistrictsToo_EachAreaItsOwn()
    {
        var other = NativeGeoJson.District("T9", 10);
        var same = NativeGeoJson.District();
        for (var i = 0; i < 11; i++)
        {
            other.Add("grid", $"T9-S-C-{i}", "T9-S-C", NativeGeoJson.Square(10 + i * 0.3, 0, 10.3 + i * 0.3, 0.3));
            same.Add("grid", $"T9-S-C-{i}", "T0-S-C", NativeGeoJson.Square(i * 0.3, 0, 0.3 + i * 0.3, 0.3));
        }

        await ImportNativeAsync(other);
        await ImportNativeAsync(same);

        // Codes are unique per district (issue 20): each district has its eleven, under its own community.
        Assert.Equal(22, await _database.CountAsync("SELECT count(*) FROM areas WHERE code LIKE 'T9-S-C-%'"));
        Assert.Equal(11, await _database.CountAsync(
            "SELECT count(*) FROM areas g JOIN areas c ON c.id = g.parent_id WHERE g.code LIKE 'T9-S-C-%' AND c.code = 'T0-S-C' AND g.ancestor_ids[1] = (SELECT id FROM areas WHERE code = 'T0')"));
    }

    [Fact]
    public async Task Reimport_ThatFails_LeavesTheEarlierDistrictExactlyAsItWas()
    {
        var eight = NativeGeoJson.District();
        for (var i = 0; i < 8; i++)
        {
            eight.Add("grid", $"T0-S-C-{i}", "T0-S-C", NativeGeoJson.Square(i * 0.5, 0, 0.5 + i * 0.5, 4));
        }

        await ImportNativeAsync(eight);
        await ImportNativeAsync(NativeGeoJson.District("T9", 10).Add("grid", "T9-S-C-1", "T9-S-C", NativeGeoJson.Square(10, 0, 14, 4)));
        var before = await DatabaseFingerprint.TakeAsync(_database);

        // Valid shapes, but it would retire seven of T0's eight grids: refused inside the transaction, after T0's rows were merged.
        var shrunk = NativeGeoJson.District().Add("grid", "T0-S-C-0", "T0-S-C", NativeGeoJson.Square(0, 0, 4, 4));
        var error = await Assert.ThrowsAsync<ImportRejectedException>(() => ImportNativeAsync(shrunk));

        Assert.Contains("would retire", error.Problems[0].Reason, StringComparison.Ordinal);
        Assert.Empty(DatabaseFingerprint.Differences(before, await DatabaseFingerprint.TakeAsync(_database)));
    }

    [Fact]
    public async Task Reimport_OfTheSameDistrict_ReplacesIt()
    {
        await ImportNativeAsync(NativeGeoJson.District().Add("grid", "T0-S-C-1", "T0-S-C", NativeGeoJson.Square(0, 0, 4, 4)));

        await ImportNativeAsync(NativeGeoJson.District()
            .Add("grid", "T0-S-C-1", "T0-S-C", NativeGeoJson.Square(0, 0, 2, 4))
            .Add("grid", "T0-S-C-2", "T0-S-C", NativeGeoJson.Square(2, 0, 4, 4)));

        Assert.Equal(2, await _database.CountAsync("SELECT count(*) FROM areas WHERE level = 3"));
        Assert.Equal(1, await _database.CountAsync("SELECT count(*) FROM areas WHERE level = 0"));
    }

    [Fact]
    public async Task ConcurrentImports_OfOneDistrict_AreSerialised_AndLeaveOneCopy()
    {
        var json = NativeGeoJson.District().Add("grid", "T0-S-C-1", "T0-S-C", NativeGeoJson.Square(0, 0, 4, 4));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Task.Run(() => ImportNativeAsync(json))));

        Assert.Equal(1, await _database.CountAsync("SELECT count(*) FROM areas WHERE level = 0"));
        Assert.Equal(4, await _database.CountAsync("SELECT count(*) FROM areas"));
    }

    [Fact]
    public async Task Write_OnlyIfMissing_LeavesAnExistingDistrictAlone()
    {
        await ImportNativeAsync(NativeGeoJson.District().Add("grid", "T0-S-C-1", "T0-S-C", NativeGeoJson.Square(0, 0, 4, 4)));
        var drafts = new List<AreaDraft>
        {
            new("T0", "另一个", AreaLevel.District, null, (NetTopologySuite.Geometries.MultiPolygon)new NetTopologySuite.IO.WKTReader().Read(
                "MULTIPOLYGON (((110 30, 110.01 30, 110.01 30.01, 110 30.01, 110 30)))")),
        };

        var written = await new HierarchyWriter(_database.DataSource).WriteAsync(drafts, [], null, CancellationToken.None, onlyIfMissing: true);

        Assert.False(written);
        Assert.Equal(4, await _database.CountAsync("SELECT count(*) FROM areas"));
    }
}
