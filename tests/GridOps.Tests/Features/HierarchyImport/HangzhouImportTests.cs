using System.Text.Json;
using GridOps.TestSupport;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.HierarchyImport;
using GridOps.Web.Features.Locate;

namespace GridOps.Tests.Features.HierarchyImport;

/// <summary>The real Xiacheng district from ../shared/data, imported with the documented mapping.</summary>
public sealed class HangzhouImportTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private ImportSummary _summary = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateEmptyAsync();
        _summary = await HangzhouData.ImportAsync(_database);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Import_StoresEveryStreetCommunityAndGridPolygonUnderItsParent()
    {
        Assert.Equal(8, _summary.SourcePolygons[AreaLevel.Street]);
        Assert.Equal(90, _summary.SourcePolygons[AreaLevel.Community]);
        Assert.Equal(332, _summary.SourcePolygons[AreaLevel.Grid]);
        // Several polygons share one code in the source: 75 communities and 297 grids.
        Assert.Equal(75, _summary.Areas[AreaLevel.Community]);
        Assert.Equal(297, _summary.Areas[AreaLevel.Grid]);
        Assert.Equal(332, await _database.CountAsync("SELECT sum(ST_NumGeometries(boundary)) FROM areas WHERE level = 3"));
        Assert.Equal(0, await _database.CountAsync(
            "SELECT count(*) FROM areas g JOIN areas c ON c.id = g.parent_id WHERE g.level = 3 AND g.code NOT LIKE c.code || '-%'"));
        Assert.Equal(0, await _database.CountAsync("SELECT count(*) FROM areas WHERE NOT ST_IsValid(boundary)"));
    }

    [Fact]
    public async Task Locate_RealEventPoints_FallInTheGridTheirLabelNames()
    {
        using var events = await HangzhouData.EventsAsync();
        var features = events.RootElement.GetProperty("features").EnumerateArray().ToList();
        var points = features.Select(f => f.GetProperty("geometry").GetProperty("coordinates"))
            .Select(c => (c[0].GetDouble(), c[1].GetDouble())).ToList();

        var located = await new LocateQueries(_database.DataSource).LocateManyAsync(points, CancellationToken.None);
        var labels = await HangzhouData.CommunityByLabelAsync(_database.DataSource);

        var matching = features.Zip(located).Count(pair => pair.Second?.Grid.Code == HangzhouData.LabelledGrid(pair.First, labels));
        // The source says 226 of 228 lie in their labelled grid; two sit just across a border.
        Assert.Equal(228, features.Count);
        Assert.Equal(226, matching);
        Assert.All(located, l => Assert.Equal("天水街道", l?.Street?.Name));
    }
}
