using GridOps.Tests.Features.Locate;
using GridOps.TestSupport;
using GridOps.Web.Features.GridMap;
using GridOps.Web.Features.Hierarchy;

namespace GridOps.Tests.Features.GridMap;

public sealed class MapTileQueriesTests : IAsyncLifetime
{
    private TestDatabase _database = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateEmptyAsync();
        await new HierarchyWriter(_database.DataSource).WriteAsync(CraftedDistrict.Build(), [], null, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _database.DisposeAsync();

    [Fact]
    public async Task Tile_OverTheDistrict_HoldsFillsAndEdges()
    {
        var tiles = new MapTileQueries(_database.DataSource, TimeProvider.System);

        // z10 tile holding 100°E 30°N.
        var tile = await tiles.TileAsync(10, 796, 422, CancellationToken.None);

        Assert.NotEmpty(tile);
        var text = System.Text.Encoding.UTF8.GetString(tile);
        Assert.Contains("areas", text, StringComparison.Ordinal);
        Assert.Contains("edges", text, StringComparison.Ordinal);
        Assert.Contains("T1-1-5", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tile_FarAway_IsEmpty()
    {
        var tiles = new MapTileQueries(_database.DataSource, TimeProvider.System);

        Assert.Empty(await tiles.TileAsync(10, 0, 0, CancellationToken.None));
    }

    [Fact]
    public async Task LevelWidths_AreKeptForAMinute_ThenRecomputed()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero));
        var tiles = new MapTileQueries(_database.DataSource, clock);
        var before = await tiles.LevelWidthsAsync(CancellationToken.None);
        await using (var shrink = _database.DataSource.CreateCommand("UPDATE areas SET boundary = ST_Multi(ST_Scale(boundary, 0.5, 0.5)) WHERE level = 3"))
        {
            await shrink.ExecuteNonQueryAsync();
        }

        clock.Advance(TimeSpan.FromSeconds(59));
        var cached = await tiles.LevelWidthsAsync(CancellationToken.None);
        clock.Advance(TimeSpan.FromSeconds(2));
        var fresh = await tiles.LevelWidthsAsync(CancellationToken.None);

        Assert.Equal(before, cached);
        Assert.NotEqual(before, fresh);
        Assert.StartsWith("1:", before, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Labels_InABox_ComeLargestFirst()
    {
        var tiles = new MapTileQueries(_database.DataSource, TimeProvider.System);

        var labels = await tiles.LabelsAsync(AreaLevel.Grid, [99.99, 29.99, 100.2, 100.2], CancellationToken.None);

        Assert.Equal(6, labels.Count);
        Assert.All(labels, l => Assert.StartsWith("网格T1-1-", l.Name, StringComparison.Ordinal));
    }
}
