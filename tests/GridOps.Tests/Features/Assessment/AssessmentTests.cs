using System.Net.Http.Json;
using System.Text.Json;
using GridOps.TestSupport;
using GridOps.Web.Features.Alerts;
using GridOps.Web.Features.Assessment;

namespace GridOps.Tests.Features.Assessment;

/// <summary>Indicator formulas on a hand-computed month, freezing, and late events counting when recorded.</summary>
public sealed class AssessmentTests : IAsyncLifetime
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 9, 28, 9, 0, 0, Beijing));
    private TestApp _app = null!;
    private string _grid = "";

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(withDemo: true, time: _clock, settings: new Dictionary<string, string> { ["Alerts:Sweep"] = "false" });
        _grid = (await _app.Database.StringsAsync("SELECT code FROM areas WHERE level = 3 ORDER BY code LIMIT 1"))[0];
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public void Rates_AreNumeratorOverDenominator_ToTwoDecimals()
    {
        Assert.Equal(99.05, Rate.Of(16_871, 17_033));
        Assert.Equal("99.05 %", Rate.Text(16_871, 17_033));
        Assert.Equal(93.12, Rate.Of(9_312, 10_000));
        Assert.Null(Rate.Of(0, 0));
    }

    [Fact]
    public void TheScore_WeighsWhatAUnitHas_GradesIt_AndRanksOnlyUnitsWithEnoughIncidents()
    {
        AssessmentCounts Unit(string code, int due, int closed, int evaluated) =>
            new(AssessmentLevel.Street, code, code, due, closed, closed, due, closed, closed, closed, 0, closed, evaluated, evaluated, 0, 0, null, null, 0);
        var rows = AssessmentScoring.Score([Unit("A", 100, 100, 10), Unit("B", 100, 50, 0), Unit("C", 5, 5, 5)], new AssessmentOptions());
        var a = rows.Single(r => r.Counts.Unit == "A");
        var b = rows.Single(r => r.Counts.Unit == "B");
        var c = rows.Single(r => r.Counts.Unit == "C");
        Assert.Equal(100, a.Score);
        Assert.Equal("A", a.Grade);
        // No evaluations and no patrol plan: disposal 50, on-time 50, rework 100 weighted 30/30/10 → (1500+1500+1000)/70.
        Assert.Equal(57.14, b.Score);
        Assert.Equal("D", b.Grade);
        Assert.Equal(1, a.Rank);
        Assert.Equal(2, b.Rank);
        Assert.Null(c.Rank); // five incidents: scored, not ranked
        Assert.Equal("E", AssessmentScoring.Grade(39.99));
        Assert.Equal("C", AssessmentScoring.Grade(60));
    }

    [Fact]
    public async Task October_ComputedFromTheEventLog_MatchesTheHandCount_IsFrozen_AndLateEventsCountInNovember()
    {
        // 28 Sep: E reported; it is still open when October begins (carried over), closed on 9 Oct.
        var e = await ReportAsync("小区门口垃圾堆放");
        await AtAsync(2026, 10, 9, 9);
        await CloseAsync(e);
        // 12 Oct (after the National Day holidays, when clocks stand still): A reported and worked through the loop within the hour, evaluated satisfied.
        await AtAsync(2026, 10, 12, 9);
        var a = await ReportAsync("楼道灯不亮");
        await CloseAsync(a);
        await PostAsync($"/api/incidents/{a}/evaluate", new { version = 6, evaluation = "satisfied" });
        // 13 Oct: B left alone past its deadline (escalated at 11:00), closed on 19 Oct.
        await AtAsync(2026, 10, 13, 9);
        var b = await ReportAsync("邻里噪音纠纷");
        await AtAsync(2026, 10, 13, 11);
        await _app.Service<DeadlineSweep>().SweepAsync(CancellationToken.None);
        // 14 Oct: C voided (not due); 15 Oct: D reported and still open at the month's end.
        await AtAsync(2026, 10, 14, 9);
        var c = await ReportAsync("重复上报");
        await PostAsync($"/api/incidents/{c}/void", new { version = 1, reason = "重复" });
        await AtAsync(2026, 10, 15, 9);
        var d = await ReportAsync("路灯损坏");
        await AtAsync(2026, 10, 19, 9);
        await CloseAsync(b, firstVersion: 2);

        // 1 Nov 00:10: October frozen.
        await AtAsync(2026, 11, 1, 0, 10);
        var store = _app.Service<AssessmentStore>();
        // (The app's own monthly job, on the same moved clock, may freeze it first: either way it is frozen once.)
        await store.FreezeAsync(new DateOnly(2026, 10, 1), CancellationToken.None);
        Assert.False(await store.FreezeAsync(new DateOnly(2026, 10, 1), CancellationToken.None));
        var october = (await store.LoadAsync(new DateOnly(2026, 10, 1), AssessmentKind.Final, CancellationToken.None))!;
        var district = october.Single(r => r.Counts.Level == AssessmentLevel.District).Counts;

        Assert.Equal(4, district.Due);          // E (carried over), A, B, D — C was voided
        Assert.Equal(3, district.Closed);       // E, A, B
        Assert.Equal("75.00 %", Rate.Text(district.Closed, district.Due));
        Assert.Equal(2, district.OnTime);       // E and A; B ran overdue before it closed
        Assert.Equal(4, district.OnTimeDue);
        Assert.Equal(1, district.ClosedDay1);   // A; E took eleven days, B six
        Assert.Equal(1, district.ClosedDay3);
        Assert.Equal(3, district.Handled);      // reported back in October: E, A, B
        Assert.Equal(0, district.Reworked);
        Assert.Equal(1, district.Satisfied);
        Assert.Equal(1, district.Evaluated);
        var grid = october.Single(r => r.Counts.Level == AssessmentLevel.Grid && r.Counts.Unit == _grid).Counts;
        Assert.Equal(district.Due, grid.Due);

        // 3 Nov: D is closed — recorded in November, so October's frozen numbers stay, and November counts it.
        await AtAsync(2026, 11, 3, 9);
        await CloseAsync(d);
        var frozenAgain = (await store.LoadAsync(new DateOnly(2026, 10, 1), AssessmentKind.Final, CancellationToken.None))!;
        Assert.Equal(3, frozenAgain.Single(r => r.Counts.Level == AssessmentLevel.District).Counts.Closed);
        var recomputed = await store.ComputeAsync(new DateOnly(2026, 10, 1), CancellationToken.None);
        Assert.Equal(district, recomputed.Single(r => r.Counts.Level == AssessmentLevel.District).Counts);
        var november = (await store.ComputeAsync(new DateOnly(2026, 11, 1), CancellationToken.None)).Single(r => r.Counts.Level == AssessmentLevel.District).Counts;
        Assert.Equal(1, november.Due);
        Assert.Equal(1, november.Closed);

        // And the database itself refuses to change a frozen month.
        var refused = await Assert.ThrowsAnyAsync<Npgsql.PostgresException>(() => _app.Database.CountAsync("WITH u AS (UPDATE assessments SET row = '{}' RETURNING 1) SELECT count(*) FROM u"));
        Assert.Contains("frozen", refused.MessageText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAssessmentPage_ShowsTheMonth_AndExportsIt()
    {
        var ticket = await ReportAsync("井盖缺失");
        _clock.Advance(TimeSpan.FromHours(3)); // due after 60 working minutes: two hours past it now
        var admin = await AdminAsync();
        var page = await admin.GetStringAsync("/assessment?level=District");
        Assert.Contains("0.00 %", page, StringComparison.Ordinal);
        Assert.Contains("0 ÷ 1", page, StringComparison.Ordinal);
        // The month under way names what weighs on it: the overdue incident, and for how long.
        var weighing = page[page.IndexOf("weighing-title", StringComparison.Ordinal)..];
        Assert.Contains(ticket, weighing, StringComparison.Ordinal);
        Assert.Contains("已超期 2 小时", weighing, StringComparison.Ordinal);
        var bytes = await admin.GetByteArrayAsync("/assessment.csv?month=2026-09");
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]); // spreadsheet software reads the Chinese names as UTF-8
        var csv = System.Text.Encoding.UTF8.GetString(bytes[3..]);
        Assert.StartsWith("level,unit,name,due,closed,disposal_rate", csv, StringComparison.Ordinal);
        Assert.Contains("District,", csv, StringComparison.Ordinal);
        using var grid = await (await _app.SignInAsync("grid")).GetAsync("/assessment");
        Assert.Equal(System.Net.HttpStatusCode.Forbidden, grid.StatusCode);
    }

    private async Task AtAsync(int year, int month, int day, int hour, int minute = 0) =>
        _clock.Advance(new DateTimeOffset(year, month, day, hour, minute, 0, Beijing) - _clock.GetUtcNow());

    private Task<HttpClient> AdminAsync() => _app.SignInAsync(TestApp.AdminName, TestApp.AdminPassword);

    private async Task<string> ReportAsync(string description)
    {
        var (lon, lat) = await _app.Database.LabelPointAsync(_grid);
        using var response = await (await AdminAsync()).PostAsJsonAsync("/api/incidents", new { category = "dispute.neighbour", description, lon, lat });
        response.EnsureSuccessStatusCode();
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("ticketNo").GetString()!;
    }

    /// <summary>Accept, dispatch, handle, report back and close, one after another.</summary>
    private async Task CloseAsync(string ticket, int firstVersion = 1)
    {
        var version = firstVersion;
        await PostAsync($"/api/incidents/{ticket}/accept", new { version = version++ });
        await PostAsync($"/api/incidents/{ticket}/dispatch", new { version = version++, areaCode = _grid });
        await PostAsync($"/api/incidents/{ticket}/startHandling", new { version = version++ });
        await PostAsync($"/api/incidents/{ticket}/reportBack", new { version = version++, text = "已处理" });
        await PostAsync($"/api/incidents/{ticket}/close", new { version });
    }

    private async Task PostAsync(string path, object body)
    {
        using var response = await (await AdminAsync()).PostAsJsonAsync(path, body);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }
}
