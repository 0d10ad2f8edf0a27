using System.Net.Http.Json;
using GridOps.TestSupport;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.GridHealth;
using GridOps.Web.Features.Locate;
using Microsoft.Extensions.Options;

namespace GridOps.Tests.Features.GridHealth;

/// <summary>Splitting an overloaded demo grid along its micro-grids: the preview, then applying it.</summary>
public sealed class GridSplitTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private TestDatabase _database = null!;
    private GridSplitter _splitter = null!;
    private string _grid = "";

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(withDemo: true, settings: new Dictionary<string, string> { ["Alerts:Sweep"] = "false" });
        _database = _app.Database;
        _splitter = _app.Service<GridSplitter>();
        _grid = (await _database.StringsAsync("SELECT code FROM areas WHERE level = 3 AND households > 400 ORDER BY households DESC, code LIMIT 1"))[0];
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Preview_SplitsEveryMicroGridIntoBalancedParts_AndStoresNothing()
    {
        var (outcome, preview) = await _splitter.PreviewAsync(_grid, null, AccessScope.Everything, CancellationToken.None);

        Assert.Equal(SplitOutcome.Applied, outcome);
        Assert.Equal(2, preview!.PartCount);
        var micro = await _database.StringsAsync($"SELECT m.code FROM areas m JOIN areas g ON g.id = m.parent_id WHERE g.code = '{_grid}' ORDER BY m.code");
        Assert.Equal(micro, preview.Parts.SelectMany(p => p.MicroGrids).Select(m => m.Code).Order(StringComparer.Ordinal));
        Assert.Equal(preview.Households, preview.Parts.Sum(p => p.Households));
        // Balanced: the parts differ by less than one micro-grid's households (at most 50).
        Assert.True(Math.Abs(preview.Parts[0].Households - preview.Parts[1].Households) <= 50);
        Assert.Equal(_grid, preview.Parts[0].Code);
        Assert.StartsWith(_grid[.._grid.LastIndexOf('-')] + "-", preview.Parts[1].Code, StringComparison.Ordinal);
        Assert.Equal(0, await _database.CountAsync("SELECT count(*) FROM area_versions"));
        Assert.Equal(0, await _database.CountAsync($"SELECT count(*) FROM areas WHERE code = '{preview.Parts[1].Code}'"));
    }

    [Fact]
    public async Task Apply_FromThePreview_MakesTheNewGrid_KeepsTheOldBoundary_AndEarlierIncidentsStayWithTheGrid()
    {
        var (_, preview) = await _splitter.PreviewAsync(_grid, 2, AccessScope.Everything, CancellationToken.None);
        var movedMicro = preview!.Parts[1].MicroGrids[0];
        using (var report = await _app.Client.PostAsJsonAsync("/api/incidents",
            new { category = "environment.waste", description = "拆分前上报", lon = movedMicro.Lon, lat = movedMicro.Lat, sourceRef = "before-split" }))
        {
            report.EnsureSuccessStatusCode();
        }

        var gridId = await _database.CountAsync($"SELECT id FROM areas WHERE code = '{_grid}'");
        var areaBefore = await _database.CountAsync($"SELECT round(ST_Area(boundary::geography))::bigint FROM areas WHERE code = '{_grid}'");

        var (outcome, codes) = await _splitter.ApplyAsync(_grid, 2, preview.Fingerprint, Viewer.System, CancellationToken.None);

        Assert.Equal(SplitOutcome.Applied, outcome);
        Assert.Equal([_grid, preview.Parts[1].Code], codes);
        // The two grids cover exactly what the one did.
        Assert.Equal(areaBefore, (double)await _database.CountAsync(
            $"SELECT round(sum(ST_Area(boundary::geography)))::bigint FROM areas WHERE code IN ('{_grid}', '{codes[1]}')"), 0.002 * areaBefore);
        Assert.Equal(areaBefore, await _database.CountAsync(
            $"SELECT round(ST_Area(v.boundary::geography))::bigint FROM area_versions v JOIN areas a ON a.id = v.area_id WHERE a.code = '{_grid}'"));
        Assert.Equal(preview.Parts[1].MicroGrids.Count, await _database.CountAsync(
            $"SELECT count(*) FROM areas m JOIN areas g ON g.id = m.parent_id WHERE g.code = '{codes[1]}' AND m.ancestor_ids[4] = g.id"));
        // A new report in the moved micro-grid lands in the new grid; the one before the split stays with the old.
        var located = await new LocateQueries(_database.DataSource).LocateAsync(movedMicro.Lon, movedMicro.Lat, CancellationToken.None);
        Assert.Equal(codes[1], located!.Grid.Code);
        Assert.Equal(gridId, await _database.CountAsync("SELECT grid_id FROM incidents WHERE source_ref = 'before-split'"));
        var health = await new GridHealthQueries(_database.DataSource, Options.Create(new GridHealthOptions())).ComputeAsync(AccessScope.Everything, CancellationToken.None);
        Assert.Empty(health.BlindZones);
        Assert.Empty(health.Overlaps);
    }

    [Fact]
    public async Task Apply_AfterTheGridChanged_IsRefused_AndChangesNothing()
    {
        var (_, preview) = await _splitter.PreviewAsync(_grid, 2, AccessScope.Everything, CancellationToken.None);
        await _database.CountAsync($"WITH u AS (UPDATE areas SET households = households + 1 WHERE id = (SELECT min(m.id) FROM areas m JOIN areas g ON g.id = m.parent_id WHERE g.code = '{_grid}') RETURNING 1) SELECT count(*) FROM u");

        var (outcome, codes) = await _splitter.ApplyAsync(_grid, 2, preview!.Fingerprint, Viewer.System, CancellationToken.None);

        Assert.Equal(SplitOutcome.Changed, outcome);
        Assert.Empty(codes);
        Assert.Equal(0, await _database.CountAsync("SELECT count(*) FROM area_versions"));
        Assert.Equal(0, await _database.CountAsync($"SELECT count(*) FROM areas WHERE code = '{preview.Parts[1].Code}'"));
    }

    [Fact]
    public async Task Preview_OutOfScope_OrWithoutMicroGrids_OrTooManyParts_SaysWhy()
    {
        var otherStreet = await _database.CountAsync($"SELECT id FROM areas WHERE level = 1 AND id <> (SELECT ancestor_ids[2] FROM areas WHERE code = '{_grid}') ORDER BY id LIMIT 1");
        var streetScope = new AccessScope(otherStreet, Web.Features.Hierarchy.AreaLevel.Street, null);

        Assert.Equal(SplitOutcome.NotFound, (await _splitter.PreviewAsync(_grid, 2, streetScope, CancellationToken.None)).Outcome);
        Assert.Equal(SplitOutcome.NotFound, (await _splitter.PreviewAsync("NO-SUCH", 2, AccessScope.Everything, CancellationToken.None)).Outcome);
        Assert.Equal(SplitOutcome.BadPartCount, (await _splitter.PreviewAsync(_grid, 7, AccessScope.Everything, CancellationToken.None)).Outcome);
        Assert.Equal(SplitOutcome.BadPartCount, (await _splitter.PreviewAsync(_grid, 1, AccessScope.Everything, CancellationToken.None)).Outcome);
    }
}
