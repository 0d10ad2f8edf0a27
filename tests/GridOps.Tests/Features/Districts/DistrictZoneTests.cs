using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GridOps.TestSupport;
using GridOps.Tests.Features.HierarchyImport;

namespace GridOps.Tests.Features.Districts;

/// <summary>
/// A district with its own time zone beside one on GridOps' (issue 20, part 1): its ticket numbers take its day, Open311
/// answers in its offset, the CSV export writes its local times, and its history is read in its zone.
/// </summary>
public sealed class DistrictZoneTests : IAsyncLifetime
{
    // 22:00 on Sunday 22 November in New York (EST, UTC−5) is 11:00 on Monday the 23rd in Shanghai.
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 3, 0, 0, TimeSpan.Zero);
    private readonly ManualClock _clock = new(Now);
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(withDemo: false, time: _clock, settings: new Dictionary<string, string> { ["Alerts:Sweep"] = "false" });
        await NativeGeoJson.ImportNewYorkAndShanghaiAsync(_app);

        using var put = await _app.Client.PutAsJsonAsync("/api/districts/NY/settings", new { timeZone = "America/New_York" });
        put.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TheSettingReadsBack_AndAnEmptyZoneGoesBackToGridOps()
    {
        var ny = await _app.Client.GetFromJsonAsync<JsonElement>("/api/districts/NY/settings");
        using var reset = await _app.Client.PutAsJsonAsync("/api/districts/SH/settings", new { timeZone = "" });
        var sh = JsonDocument.Parse(await reset.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal("America/New_York", ny.GetProperty("timeZone").GetString());
        Assert.False(ny.GetProperty("timeZoneIsDefault").GetBoolean());
        Assert.Equal("Asia/Shanghai", sh.GetProperty("timeZone").GetString());
        Assert.True(sh.GetProperty("timeZoneIsDefault").GetBoolean());
    }

    [Fact]
    public async Task LevelNames_AreTheDistrictsOwn_CheckedByField_AndAnEmptyObjectGoesBack()
    {
        using var named = await _app.Client.PutAsJsonAsync("/api/districts/NY/settings",
            new { levelNames = new Dictionary<string, Dictionary<string, string>> { ["en"] = new() { ["Street"] = "Borough", ["Grid"] = "Area" } } });
        using var refused = await _app.Client.PutAsJsonAsync("/api/districts/NY/settings", new
        {
            timeZone = "UTC",
            levelNames = new Dictionary<string, Dictionary<string, string>>
            {
                ["fr"] = new() { ["Street"] = "Arrondissement" }, ["en"] = new() { ["Town"] = "Town", ["Community"] = new string('x', 31) },
            },
        });
        var problem = JsonDocument.Parse(await refused.Content.ReadAsStringAsync()).RootElement.GetProperty("errors");
        var kept = await _app.Client.GetFromJsonAsync<JsonElement>("/api/districts/NY/settings");
        using var reset = await _app.Client.PutAsJsonAsync("/api/districts/NY/settings", new { levelNames = new Dictionary<string, object>() });

        Assert.Equal(HttpStatusCode.OK, named.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["levelNames.en.Community", "levelNames.en.Town", "levelNames.fr"], problem.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal("Borough", kept.GetProperty("levelNames").GetProperty("en").GetProperty("Street").GetString());
        Assert.Equal("America/New_York", kept.GetProperty("timeZone").GetString());
        Assert.Empty(JsonDocument.Parse(await reset.Content.ReadAsStringAsync()).RootElement.GetProperty("levelNames").EnumerateObject());
    }

    [Fact]
    public void Today_OnADayTheClocksChange_StartsAtThatDaysMidnight()
    {
        var newYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

        // Sunday 8 March 2026, 14:00 EDT: midnight was still EST (UTC−5); 1 November, 14:00 EST: midnight was EDT (UTC−4).
        var (spring, _) = GridOps.Web.Features.Live.LiveKpiQueries.Periods(new DateTimeOffset(2026, 3, 8, 18, 0, 0, TimeSpan.Zero), newYork);
        var (autumn, _) = GridOps.Web.Features.Live.LiveKpiQueries.Periods(new DateTimeOffset(2026, 11, 1, 19, 0, 0, TimeSpan.Zero), newYork);

        Assert.Equal(new DateTimeOffset(2026, 3, 8, 5, 0, 0, TimeSpan.Zero), spring);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 4, 0, 0, TimeSpan.Zero), autumn);
    }

    [Fact]
    public async Task APatrolOnANewYorkEvening_CountsInNewYorksMonth()
    {
        // Monday 30 November, 20:00 in New York: already 1 December in Shanghai.
        _clock.Advance(new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero) - Now);
        var grid = await IdOfAsync("NY-S-C-1");
        var worker = new GridOps.Web.Features.Access.Viewer(GridOps.Web.Features.Access.PrincipalKind.User, 0, "ny-worker", "Grid worker",
            GridOps.Web.Features.Access.AccessRole.GridWorker, new GridOps.Web.Features.Access.AccessScope(grid, GridOps.Web.Features.Hierarchy.AreaLevel.Grid, null));

        var result = await _app.Service<GridOps.Web.Features.Patrols.PatrolService>().CheckInAsync(worker,
            new GridOps.Web.Features.Patrols.PatrolCheckIn(110.01, 30.01, GridOps.Web.Features.Locate.CoordinateSystem.Wgs84, 10, null, null), CancellationToken.None);
        var patrols = _app.Service<GridOps.Web.Features.Patrols.PatrolQueries>();
        var november = await patrols.MonthAsync(grid, new DateOnly(2026, 11, 1), CancellationToken.None);
        var december = await patrols.MonthAsync(grid, new DateOnly(2026, 12, 1), CancellationToken.None);

        Assert.NotNull(result.Patrol);
        Assert.Equal(1, november!.CheckIns);
        Assert.Equal(0, december!.CheckIns);
        Assert.Equal(1, await _app.Database.CountAsync("SELECT count(*) FROM patrols WHERE local_date = '2026-11-30'"));
    }

    [Fact]
    public async Task ANewYorkEveningReport_CountsInNewYorksMonth_AndTheMonthIsFrozenOnlyOnceOverInNewYork()
    {
        // Monday 30 November, 20:00 in New York: already 1 December in Shanghai, 09:00.
        _clock.Advance(new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero) - Now);
        var admin = await _app.SignInAsync(TestApp.AdminName, TestApp.AdminPassword);
        await TestApp.ReportAsync(admin, 110.01, 30.01);
        await TestApp.ReportAsync(admin, 110.11, 30.01);
        var store = _app.Service<GridOps.Web.Features.Assessment.AssessmentStore>();
        var november = new DateOnly(2026, 11, 1);

        var live = (await store.ComputeAsync(november, CancellationToken.None))
            .Where(r => r.Counts.Level == GridOps.Web.Features.Assessment.AssessmentLevel.District).ToDictionary(r => r.Counts.Unit, r => r.Counts.Due);
        var frozenEarly = await store.FreezeAsync(november, CancellationToken.None);
        // New York's midnight: 05:00 UTC, 13:00 in Shanghai.
        _clock.Advance(TimeSpan.FromHours(4));
        var frozen = await store.FreezeAsync(november, CancellationToken.None);
        var final = (await store.LoadAsync(november, GridOps.Web.Features.Assessment.AssessmentKind.Final, CancellationToken.None))!;

        Assert.Equal(1, live["NY"]);
        Assert.False(live.ContainsKey("SH"));
        Assert.False(frozenEarly);
        Assert.True(frozen);
        Assert.Equal(1, final.Single(r => r.Counts.Level == GridOps.Web.Features.Assessment.AssessmentLevel.District && r.Counts.Unit == "NY").Counts.Due);
    }

    [Fact]
    public async Task ANeedsClaimDeadline_IsTheCommunitysDistrictsDay()
    {
        // Monday 30 November, 20:00 in New York: already 1 December in Shanghai.
        _clock.Advance(new DateTimeOffset(2026, 12, 1, 1, 0, 0, TimeSpan.Zero) - Now);
        var needs = _app.Service<GridOps.Web.Features.Needs.NeedsService>();
        var tonight = new DateOnly(2026, 11, 30);

        var newYork = await needs.ListAsync(GridOps.Web.Features.Access.Viewer.System,
            new GridOps.Web.Features.Needs.NeedDraft("NY-S-C", GridOps.Web.Features.Needs.NeedKind.Health, "Flu shots", null, tonight), CancellationToken.None);
        var shanghai = await needs.ListAsync(GridOps.Web.Features.Access.Viewer.System,
            new GridOps.Web.Features.Needs.NeedDraft("SH-S-C", GridOps.Web.Features.Needs.NeedKind.Health, "义诊", null, tonight), CancellationToken.None);
        var nyId = await IdOfAsync("NY-S-C-1");
        var nyToday = await needs.TodayAsync(new GridOps.Web.Features.Access.AccessScope(nyId, GridOps.Web.Features.Hierarchy.AreaLevel.Grid, null), CancellationToken.None);

        Assert.True(newYork.Done);
        Assert.False(shanghai.Done);
        Assert.Equal("claimBy", Assert.Single(shanghai.Errors).Key);
        Assert.Equal(tonight, nyToday);
    }

    [Fact]
    public async Task AHotlineRowNamingADistrict_IsReadInThatDistrictsClock()
    {
        using var hotline = _app.WithKey(TestApp.HotlineKey);
        using var batch = await hotline.PostAsync("/api/hotline/tickets", new StringContent(
            "ticket_id,category_code,description,reported_at,district\nHL-NY-1,dispute.neighbour,Noise upstairs,2026-11-22 20:00:00,NY\n", Encoding.UTF8, "text/csv"));
        var row = JsonDocument.Parse(await batch.Content.ReadAsStringAsync()).RootElement.GetProperty("rows")[0];

        Assert.Equal("created", row.GetProperty("status").GetString());
        Assert.Equal(1, await _app.Database.CountAsync($"SELECT count(*) FROM incidents WHERE ticket_no = '{row.GetProperty("incidentTicketNo").GetString()}' AND reported_at = '2026-11-23T01:00:00Z'"));
    }

    [Fact]
    public async Task TicketNumbers_TakeEachDistrictsOwnDay()
    {
        var newYork = await TestApp.ReportAsync(_app.Client, 110.01, 30.01);
        var shanghai = await TestApp.ReportAsync(_app.Client, 110.11, 30.01);

        Assert.StartsWith("20261122", newYork, StringComparison.Ordinal);
        Assert.StartsWith("20261123", shanghai, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Open311AndTheCsvExport_SpeakTheIncidentsDistrictTime()
    {
        var (_, secret, _) = await _app.Service<GridOps.Web.Features.Access.AccessKeys>().CreateAsync(
            new GridOps.Web.Features.Access.NewAccessKey("Open311", GridOps.Web.Features.Access.AccessRole.Open311Client, null, null), "test", CancellationToken.None);
        var ticket = await TestApp.ReportAsync(_app.Client, 110.01, 30.01);

        var read = JsonDocument.Parse(await _app.WithKey(secret!).GetStringAsync($"/open311/v2/requests/{ticket}.json")).RootElement[0];
        var csv = await _app.Client.GetStringAsync("/incidents/export.csv");

        Assert.Equal("2026-11-22T22:00:00-05:00", read.GetProperty("requested_datetime").GetString());
        Assert.Contains(csv.Split('\n'), line => line.StartsWith(ticket, StringComparison.Ordinal) && line.Contains("2026-11-22 22:00", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DayFilters_CountEachIncidentsOwnDistrictDay()
    {
        var newYork = await TestApp.ReportAsync(_app.Client, 110.01, 30.01);
        var shanghai = await TestApp.ReportAsync(_app.Client, 110.11, 30.01);

        var sunday = await TicketsAsync("/api/incidents?from=2026-11-22&to=2026-11-22");
        var monday = await TicketsAsync("/api/incidents?from=2026-11-23&to=2026-11-23");

        Assert.Equal([newYork], sunday);
        Assert.Equal([shanghai], monday);
    }

    [Fact]
    public async Task TodayOnTheWallAndInAScope_IsTheDistrictsOwnDay()
    {
        // 10:00Z on the 22nd: Sunday 05:00 in New York (today there), Sunday 18:00 in Shanghai (yesterday there).
        foreach (var lon in new[] { 110.01, 110.11 })
        {
            using var response = await _app.Client.PostAsJsonAsync("/api/incidents",
                new { category = "dispute.neighbour", description = "楼上漏水引发邻里纠纷", lon, lat = 30.01, reportedAt = "2026-11-22T10:00:00Z" });
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        }

        var kpis = _app.Service<GridOps.Web.Features.Live.LiveKpiQueries>();
        var newYork = await kpis.KpisAsync($"district:{await IdOfAsync("NY")}", CancellationToken.None);
        var shanghai = await kpis.KpisAsync($"district:{await IdOfAsync("SH")}", CancellationToken.None);
        var street = await _app.Service<GridOps.Web.Features.Districts.DistrictZones>().OfScopeAsync(
            new GridOps.Web.Features.Access.AccessScope(await IdOfAsync("NY-S"), GridOps.Web.Features.Hierarchy.AreaLevel.Street, null), CancellationToken.None);

        Assert.Equal(1, newYork.TodayReported);
        Assert.Equal(0, shanghai.TodayReported);
        Assert.Equal("America/New_York", street.Id);
    }

    private Task<long> IdOfAsync(string code) => _app.Database.CountAsync($"SELECT id FROM areas WHERE code = '{code}'");

    private async Task<string[]> TicketsAsync(string address) =>
        [.. (await _app.Client.GetFromJsonAsync<JsonElement>(address)).GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("ticketNo").GetString()!)];

    [Fact]
    public async Task History_WithoutOffsets_IsReadInTheDistrictsZone()
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent("""{ "district": "NY", "format": "ndjson", "defaultCategory": "dispute.neighbour", "columns": { "ref": "id", "reportedAt": "opened", "closedAt": "closed" } }"""), "mapping" },
            { new StringContent("""{"id": "311-1", "opened": "2026-07-01T10:58:00", "closed": "2026-07-01T16:00:00"}"""), "file", "history.ndjson" },
            { new StringContent(await SignIn.AntiforgeryTokenAsync(_app.Client, "/account")), "__RequestVerificationToken" },
        };

        using var response = await _app.Client.PostAsync("/api/history/import", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await _app.Database.CountAsync("SELECT count(*) FROM incidents WHERE source_ref = '311-1' AND reported_at = '2026-07-01T14:58:00Z'"));
    }
}
