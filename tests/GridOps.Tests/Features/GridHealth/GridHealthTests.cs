using System.Net.Http.Json;
using GridOps.TestSupport;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.GridHealth;
using GridOps.Web.Features.Hierarchy;
using Microsoft.Extensions.Options;
using Xunit.Abstractions;

namespace GridOps.Tests.Features.GridHealth;

/// <summary>Blind zones, overlaps, empty and overloaded grids: on crafted shapes, on the demo district and on the real Hangzhou grids.</summary>
public sealed class GridHealthTests(ITestOutputHelper output)
{
    private static GridHealthQueries Queries(TestDatabase database, GridHealthOptions? options = null) =>
        new(database.DataSource, Options.Create(options ?? new GridHealthOptions()));

    [Fact]
    public async Task CraftedShapes_TheGapAndTheOverlap_AreListedWithTheirAreas_TheSliverIsNot()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        await new HierarchyWriter(database.DataSource).WriteAsync(HealthShapes.Build(), [], null, CancellationToken.None);

        var report = await Queries(database).ComputeAsync(AccessScope.Everything, CancellationToken.None);

        var zone = Assert.Single(report.BlindZones);
        Assert.InRange(zone.SquareMeters, HealthShapes.CellSquareMeters * 0.995, HealthShapes.CellSquareMeters * 1.005);
        Assert.InRange(zone.Lon, 101.03, 101.04);
        Assert.Equal("体检社区", zone.CommunityName);
        var overlap = Assert.Single(report.Overlaps);
        Assert.Equal(("H1-1-3", "H1-1-4"), (overlap.CodeA, overlap.CodeB));
        Assert.InRange(overlap.SquareMeters, HealthShapes.CellSquareMeters * 0.5 * 0.995, HealthShapes.CellSquareMeters * 0.5 * 1.005);
        // Nobody works these grids: every one is listed empty, for want of staff, not of households.
        Assert.Equal(4, report.Empty.Count);
        Assert.All(report.Empty, g => Assert.Equal([GridProblem.NoStaff], g.Problems));
    }

    [Fact]
    public async Task CraftedShapes_ReimportedWithTheGapClosed_HaveNoBlindZone()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        var writer = new HierarchyWriter(database.DataSource);
        await writer.WriteAsync(HealthShapes.Build(), [], null, CancellationToken.None);
        await writer.WriteAsync(HealthShapes.Repaired(), [], null, CancellationToken.None);

        var report = await Queries(database).ComputeAsync(AccessScope.Everything, CancellationToken.None);

        Assert.Empty(report.BlindZones);
        // Widening H1-1-4 over the empty cell added no overlap; the old one remains.
        Assert.Single(report.Overlaps);
    }

    [Fact]
    public async Task DemoDistrict_HasNoGapsNoOverlaps_AndOnlyGridsOverTheHouseholdThresholdAreOverloaded()
    {
        await using var database = await TestDatabase.CreateWithDemoAsync();

        var report = await Queries(database).ComputeAsync(AccessScope.Everything, CancellationToken.None);

        Assert.Empty(report.BlindZones);
        Assert.Empty(report.Overlaps);
        Assert.Empty(report.Empty);
        // Every demo grid has two grid workers: above 200 households each means above 400 households.
        var big = await database.StringsAsync("SELECT code FROM areas WHERE level = 3 AND households > 400 ORDER BY code");
        Assert.NotEmpty(big);
        Assert.Equal(big, report.Overloaded.Select(g => g.Code).Order(StringComparer.Ordinal));
        Assert.All(report.Overloaded, g => Assert.Equal([GridProblem.HouseholdsPerWorker], g.Problems));

        var relaxed = await Queries(database, new GridHealthOptions { MaxHouseholdsPerWorker = 260 }).ComputeAsync(AccessScope.Everything, CancellationToken.None);
        Assert.Empty(relaxed.Overloaded);
    }

    [Fact]
    public async Task DemoGrid_LeftWithoutStaffOrHouseholds_IsListedEmpty_WithItsReasons()
    {
        await using var database = await TestDatabase.CreateWithDemoAsync();
        var grid = (await database.StringsAsync("SELECT code FROM areas WHERE level = 3 AND households <= 400 ORDER BY code LIMIT 1"))[0];
        await database.CountAsync($"""
            WITH g AS (SELECT id FROM areas WHERE code = '{grid}'),
            gone AS (DELETE FROM staff_assignments sa USING areas a, g WHERE sa.area_id = a.id AND (a.id = g.id OR a.parent_id = g.id) RETURNING 1),
            emptied AS (UPDATE areas SET households = 0 WHERE code = '{grid}' RETURNING 1)
            SELECT (SELECT count(*) FROM gone) + (SELECT count(*) FROM emptied)
            """);

        var report = await Queries(database).ComputeAsync(AccessScope.Everything, CancellationToken.None);

        var empty = Assert.Single(report.Empty);
        Assert.Equal(grid, empty.Code);
        Assert.Equal([GridProblem.NoHouseholds, GridProblem.NoStaff], empty.Problems);
    }

    [Fact]
    public async Task DemoGrid_WithMoreOpenIncidentsPerWorkerThanTheThreshold_IsOverloaded()
    {
        await using var app = await TestApp.StartAsync(withDemo: true, settings: new Dictionary<string, string> { ["Alerts:Sweep"] = "false" });
        var grid = (await app.Database.StringsAsync("SELECT code FROM areas WHERE level = 3 AND households <= 400 ORDER BY code LIMIT 1"))[0];
        var (lon, lat) = await app.Database.LabelPointAsync(grid);
        for (var i = 0; i < 21; i++)
        {
            using var response = await app.Client.PostAsJsonAsync("/api/incidents", new { category = "environment.waste", description = $"垃圾堆放 {i}", lon, lat });
            response.EnsureSuccessStatusCode();
        }

        var overloaded = await app.Client.GetFromJsonAsync<HealthDto>("/api/grid-health");

        var row = Assert.Single(overloaded!.Overloaded, g => g.Code == grid);
        Assert.Equal(21, row.OpenIncidents);
        Assert.Equal(10.5, row.OpenPerWorker);
        Assert.Equal(["OpenIncidentsPerWorker"], row.Problems);
    }

    [Fact]
    public async Task Hangzhou_AgainstItsOfficialOutline_HasRealBlindZones_AndGridsBeyondIt_ButNoOverlappingGrids()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();
        await HangzhouData.ImportAsync(database);

        var report = await Queries(database).ComputeAsync(AccessScope.Everything, CancellationToken.None);

        foreach (var zone in report.BlindZones)
        {
            output.WriteLine(FormattableString.Invariant($"blind #{zone.Number}: {zone.SquareMeters:N0} m² at {zone.Lon:F5}, {zone.Lat:F5}"));
        }

        foreach (var grid in report.Beyond)
        {
            output.WriteLine(FormattableString.Invariant($"beyond: {grid.Code} {grid.SquareMeters:N0} m²"));
        }

        Assert.Equal(297, report.Grids);
        // The grid layer leaves about a tenth of the official district uncovered (docs/grid-health.md lists the zones);
        // the largest, 0.82 km², lies in the north-west between the streets' edge and the outline.
        Assert.InRange(report.BlindZones.Count, 15, 25);
        Assert.InRange(report.BlindZones[0].SquareMeters, 800_000, 835_000);
        Assert.InRange(report.BlindSquareMeters, 2_600_000, 2_800_000);
        // Some grids reach past the outline, the most by 5 ha (WH-7-1).
        Assert.InRange(report.Beyond.Count, 18, 28);
        Assert.Equal("WH-7-1", report.Beyond[0].Code);
        // The grids themselves tile without overlapping: not even a square metre, in the source polygons too.
        Assert.Empty(report.Overlaps);
        Assert.Empty((await Queries(database, new GridHealthOptions { MinOverlapSquareMeters = 1 }).ComputeAsync(AccessScope.Everything, CancellationToken.None)).Overlaps);
    }

    private sealed record HealthDto(int Grids, IReadOnlyList<LoadDto> Overloaded, IReadOnlyList<LoadDto> Empty);

    private sealed record LoadDto(string Code, int OpenIncidents, double? OpenPerWorker, IReadOnlyList<string> Problems);
}
