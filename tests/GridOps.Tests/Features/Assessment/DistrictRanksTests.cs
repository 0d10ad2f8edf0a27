using GridOps.TestSupport;
using GridOps.Tests.Features.HierarchyImport;
using GridOps.Web.Features.Assessment;

namespace GridOps.Tests.Features.Assessment;

/// <summary>A district's units are ranked among themselves (issue 20): a New York grid is not ranked behind a Shanghai one.</summary>
public sealed class DistrictRanksTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 23, 3, 0, 0, TimeSpan.Zero));
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(withDemo: false, time: _clock,
            settings: new Dictionary<string, string> { ["Alerts:Sweep"] = "false", ["Assessment:MinimumIncidentsToRank"] = "1" });
        await NativeGeoJson.ImportNewYorkAndShanghaiAsync(_app);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task EachDistrictsBestGrid_IsRankedFirst_AndSoIsEachDistrict()
    {
        // The same score in both (one report each, none closed): across the database one would be second.
        await TestApp.ReportAsync(_app.Client, 110.01, 30.01);
        await TestApp.ReportAsync(_app.Client, 110.11, 30.01);

        var rows = await _app.Service<AssessmentStore>().ComputeAsync(new DateOnly(2026, 11, 1), CancellationToken.None);

        int? RankOf(AssessmentLevel level, string unit) => rows.Single(r => r.Counts.Level == level && r.Counts.Unit == unit).Rank;
        Assert.Equal(1, RankOf(AssessmentLevel.Grid, "NY-S-C-1"));
        Assert.Equal(1, RankOf(AssessmentLevel.Grid, "SH-S-C-1"));
        Assert.Equal(1, RankOf(AssessmentLevel.District, "NY"));
        Assert.Equal(1, RankOf(AssessmentLevel.District, "SH"));
    }
}
