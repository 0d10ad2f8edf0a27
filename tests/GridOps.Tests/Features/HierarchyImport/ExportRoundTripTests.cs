using GridOps.TestSupport;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.HierarchyImport;

namespace GridOps.Tests.Features.HierarchyImport;

public sealed class ExportRoundTripTests
{
    [Fact]
    public async Task Export_ThenImportElsewhere_ThenExport_GivesTheSameFile()
    {
        await using var source = await TestDatabase.CreateWithDemoAsync();
        await using var target = await TestDatabase.CreateEmptyAsync();
        var first = new MemoryStream();
        Assert.True(await new HierarchyExporter(source.CreateContextFactory()).ExportAsync("YJ", first, CancellationToken.None));

        var summary = await new HierarchyImporter(new HierarchyWriter(target.DataSource), StandaloneMeters.Metrics()).ImportAsync(
            ImportMapping.Native("yj.geojson"), _ => new MemoryStream(first.ToArray()), null, CancellationToken.None);
        var second = new MemoryStream();
        await new HierarchyExporter(target.CreateContextFactory()).ExportAsync("YJ", second, CancellationToken.None);

        Assert.Equal(await source.CountAsync("SELECT count(*) FROM areas WHERE level = 4"), summary.Areas[AreaLevel.MicroGrid]);
        Assert.Equal(first.ToArray(), second.ToArray());
        Assert.Equal(0, await target.CountAsync("SELECT count(*) FROM areas WHERE NOT ST_IsValid(boundary)"));
    }

    [Fact]
    public async Task Export_UnknownDistrict_ReportsFalse()
    {
        await using var database = await TestDatabase.CreateEmptyAsync();

        Assert.False(await new HierarchyExporter(database.CreateContextFactory()).ExportAsync("NOPE", new MemoryStream(), CancellationToken.None));
    }
}
