using System.Net.Http.Json;
using GridOps.TestSupport;
using GridOps.Tests.Features.HierarchyImport;
using GridOps.Web.Features.Assessment;

namespace GridOps.Tests.Features.Assessment;

/// <summary>
/// The mid-month review at each district's own 08:00 on the 15th (issue 20, part 1): Shanghai's rows are taken when it
/// is 08:30 there and still the 14th in New York; New York's half a day later, with what was reported meanwhile.
/// </summary>
public sealed class DistrictSnapshotTests : IAsyncLifetime
{
    // 00:30Z on the 15th: 08:30 on the 15th in Shanghai, 19:30 on the 14th in New York (EST).
    private static readonly DateTimeOffset ShanghaiMorning = new(2026, 11, 15, 0, 30, 0, TimeSpan.Zero);
    private static readonly DateOnly November = new(2026, 11, 1);
    private readonly ManualClock _clock = new(ShanghaiMorning);
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(withDemo: false, time: _clock, settings: new Dictionary<string, string> { ["Alerts:Sweep"] = "false" });
        await NativeGeoJson.ImportNewYorkAndShanghaiAsync(_app);
        using var zone = await _app.Client.PutAsJsonAsync("/api/districts/NY/settings", new { timeZone = "America/New_York" });
        zone.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task EachDistrictsRows_AreTakenAtItsOwnMoment_OnceAMonth()
    {
        var snapshots = _app.Service<AssessmentSnapshots>();
        await TestApp.ReportAsync(_app.Client, 110.01, 30.01);
        await TestApp.ReportAsync(_app.Client, 110.11, 30.01);

        // Shanghai's morning: its rows (and the shared departments', on GridOps' clock); New York's evening before: none.
        Assert.Equal(2, await snapshots.TakeDueAsync(AssessmentKind.MidMonth, CancellationToken.None));
        var first = await GridsAsync();
        Assert.Equal(1, first["SH-S-C-1"]);
        Assert.False(first.ContainsKey("NY-S-C-1"));

        // Reports in both during the day; at 08:00 in New York its rows are taken with its own, Shanghai's stay as taken.
        await TestApp.ReportAsync(_app.Client, 110.01, 30.01);
        await TestApp.ReportAsync(_app.Client, 110.11, 30.01);
        _clock.Advance(TimeSpan.FromHours(12.5)); // 13:00Z: 08:00 in New York
        Assert.Equal(1, await snapshots.TakeDueAsync(AssessmentKind.MidMonth, CancellationToken.None));
        var second = await GridsAsync();
        Assert.Equal(1, second["SH-S-C-1"]);
        Assert.Equal(2, second["NY-S-C-1"]);

        // Taken once a month: later runs of the day take nothing; nor does the month-end summary before its evening.
        _clock.Advance(TimeSpan.FromHours(15)); // 04:00Z on the 16th
        Assert.Equal(0, await snapshots.TakeDueAsync(AssessmentKind.MidMonth, CancellationToken.None));
        Assert.Equal(0, await snapshots.TakeDueAsync(AssessmentKind.MonthEnd, CancellationToken.None));
    }

    private async Task<Dictionary<string, int>> GridsAsync() =>
        (await _app.Service<AssessmentStore>().LoadAsync(November, AssessmentKind.MidMonth, CancellationToken.None))!
            .Where(r => r.Counts.Level == AssessmentLevel.Grid).ToDictionary(r => r.Counts.Unit, r => r.Counts.Due);
}
