using System.Text;
using GridOps.TestSupport;
using GridOps.Tests.Features.HierarchyImport;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Assessment;
using GridOps.Web.Features.Hierarchy;

namespace GridOps.Tests.Features.Districts;

/// <summary>
/// Codes unique per district (issue 20, part 3; decision 027): two cities each with their grid "1". Each district's
/// people name their own; the whole database is asked which one, or writes it with its district (<c>SB:1</c>); each
/// "1" is its own row in the assessment, read by its own district only.
/// </summary>
public sealed class CodesPerDistrictTests : IAsyncLifetime
{
    // Tuesday 10 November 2026, 10:00 in both districts (GridOps' own clock).
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 10, 10, 0, 0, TimeSpan.FromHours(8)));
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(withDemo: false, time: _clock, settings: new Dictionary<string, string> { ["Alerts:Sweep"] = "false" });
        foreach (var (code, x0) in new[] { ("NA", 0.0), ("SB", 10.0) })
        {
            var district = NativeGeoJson.District(code, x0).Add("grid", "1", $"{code}-S-C", NativeGeoJson.Square(x0, 0, x0 + 4, 4));
            using var imported = await _app.Client.PostAsync("/api/hierarchy/import", new StringContent(district.ToString(), Encoding.UTF8, "application/geo+json"));
            imported.EnsureSuccessStatusCode();
        }
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    // A leader of NA's street, signed in: a person of one district.
    private async Task<HttpClient> SignInNaLeaderAsync()
    {
        var (leader, errors) = await _app.Service<UserAccounts>().CreateAsync(
            new NewUser("na-leader", "NA 领导", "long-enough-password", AccessRole.Leader, "NA-S", null), "test", CancellationToken.None);
        Assert.NotNull(leader);
        Assert.Empty(errors);
        return await _app.SignInAsync("na-leader", "long-enough-password");
    }

    private async Task<long> IdOfDistrictAsync(string code) => await _app.Database.CountAsync($"SELECT id FROM areas WHERE code = '{code}' AND level = 0");

    [Fact]
    public async Task ACode_IsReadInTheReadersDistrict_AndTheWholeDatabaseIsAskedWhichOne()
    {
        var dataSource = _app.Service<Npgsql.NpgsqlDataSource>();
        var na = new AccessScope(await IdOfDistrictAsync("NA"), AreaLevel.District, null);

        var own = await AreaCodes.FindAsync(dataSource, "1", na, null, CancellationToken.None);
        var everything = await AreaCodes.FindAsync(dataSource, "1", AccessScope.Everything, null, CancellationToken.None);
        var qualified = await AreaCodes.FindAsync(dataSource, "SB:1", AccessScope.Everything, null, CancellationToken.None);
        var othersFromNa = await AreaCodes.FindAsync(dataSource, "SB:1", na, null, CancellationToken.None);

        Assert.Equal("NA", own.Area?.DistrictCode);
        Assert.True(everything.IsAmbiguous);
        Assert.Equal("'1' is a code in 2 districts; write it with its district: NA:1, SB:1.", everything.Problem("1"));
        Assert.Equal("SB", qualified.Area?.DistrictCode);
        Assert.Null(othersFromNa.Area); // another district's areas are nobody's to name from here, qualified or not
        // What no code can be (a circuit's form passes no HTTP guard) names nothing rather than failing in the database.
        foreach (var hostile in new[] { "1\u0000", "NA:\u0000", new string('1', 100_000), " " })
        {
            Assert.Empty((await AreaCodes.FindAsync(dataSource, hostile, AccessScope.Everything, null, CancellationToken.None)).Candidates);
        }

        // Grid health (both grids have nobody assigned): the whole database reads each "1" with its district, the district its own.
        var health = _app.Service<GridOps.Web.Features.GridHealth.GridHealthQueries>();
        Assert.Equal(["NA:1", "SB:1"], (await health.ComputeAsync(AccessScope.Everything, CancellationToken.None)).Empty.Select(l => l.Code).Order());
        Assert.Equal(["1"], (await health.ComputeAsync(na, CancellationToken.None)).Empty.Select(l => l.Code));
    }

    [Fact]
    public async Task TheMap_ShowsADistrictsPeopleTheirOwnGridOne_AndOffersTheWholeDatabaseBoth()
    {
        var naLeader = await SignInNaLeaderAsync();

        var theirs = await naLeader.GetStringAsync("/map?area=1");
        var both = await _app.Client.GetStringAsync("/map?area=1");
        var chosen = await _app.Client.GetStringAsync("/map?area=SB%3A1");

        Assert.Contains("data-code=\"1\"", theirs, StringComparison.Ordinal);
        Assert.Contains("href=\"/map?area=NA-S-C\"", theirs, StringComparison.Ordinal);
        Assert.DoesNotContain("SB-S", theirs, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"area-choices\"", both, StringComparison.Ordinal);
        Assert.Contains("/map?area=NA%3A1", both, StringComparison.Ordinal);
        Assert.Contains("/map?area=SB%3A1", both, StringComparison.Ordinal);
        Assert.Contains("data-code=\"1\"", chosen, StringComparison.Ordinal);
        // The whole database's links write the district's codes with it.
        Assert.Contains("href=\"/map?area=SB%3ASB-S-C\"", chosen, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LinksToAGridOne_FromASearch_AMapClick_AndAnIncident_LeadToThatDistrictsGrid()
    {
        var sbTicket = await TestApp.ReportAsync(_app.Client, 110.12, 30.02);
        var naLeader = await SignInNaLeaderAsync();
        var areas = _app.Service<AreaQueries>();
        var sbGrid = await _app.Database.CountAsync("SELECT a.id FROM areas a JOIN areas d ON d.id = a.ancestor_ids[1] WHERE a.code = '1' AND d.code = 'SB'");
        var naCommunity = await _app.Database.CountAsync("SELECT id FROM areas WHERE code = 'NA-S-C'");

        var wholeSearch = await _app.Client.GetStringAsync("/map?q=1");
        var naSearch = await naLeader.GetStringAsync("/map?q=1");
        var incident = await _app.Client.GetStringAsync($"/incidents/{sbTicket}");

        // The search lists both "1"s for the whole database, each linked to its own; a district's reader finds its own as "1".
        Assert.Contains("href=\"/map?area=NA%3A1\"", wholeSearch, StringComparison.Ordinal);
        Assert.Contains("href=\"/map?area=SB%3A1\"", wholeSearch, StringComparison.Ordinal);
        Assert.Contains("href=\"/map?area=1\"", naSearch, StringComparison.Ordinal);
        // A code searched as the whole database writes it finds that district's area only.
        var qualifiedSearch = await _app.Client.GetStringAsync("/map?q=SB%3A1");
        Assert.Contains("href=\"/map?area=SB%3A1\"", qualifiedSearch, StringComparison.Ordinal);
        Assert.DoesNotContain("NA%3A1", qualifiedSearch, StringComparison.Ordinal);
        Assert.DoesNotContain("SB-S", naSearch, StringComparison.Ordinal);
        // A click on a polygon names it by id: SB's "1" opens SB's "1", not the choice between the two (nor NA's for NA's people).
        var na = new AccessScope(await IdOfDistrictAsync("NA"), AreaLevel.District, null);
        Assert.Equal("SB:1", await areas.LinkCodeAsync(sbGrid, AccessScope.Everything, CancellationToken.None));
        Assert.Equal("NA-S-C", await areas.LinkCodeAsync(naCommunity, AccessScope.Everything, CancellationToken.None)); // a code only one district has stays as it is
        Assert.Null(await areas.LinkCodeAsync(-1, AccessScope.Everything, CancellationToken.None));
        var naGrid = await _app.Database.CountAsync("SELECT a.id FROM areas a JOIN areas d ON d.id = a.ancestor_ids[1] WHERE a.code = '1' AND d.code = 'NA'");
        Assert.Equal("1", await areas.LinkCodeAsync(naGrid, na, CancellationToken.None)); // NA's reader writes its own "1" as it is
        Assert.Null(await areas.LinkCodeAsync(sbGrid, na, CancellationToken.None)); // and SB's polygon opens nothing for them
        // The township view's list of streets: the whole database's written with their districts, NA's reader's as they are.
        var township = _app.Service<GridOps.Web.Features.Township.TownshipQueries>();
        Assert.Equal(["NA:NA-S", "SB:SB-S"], (await township.StreetsAsync(AccessScope.Everything, CancellationToken.None)).Select(s => s.Code));
        Assert.Equal(["NA-S"], (await township.StreetsAsync(na, CancellationToken.None)).Select(s => s.Code));
        // An SB incident's place links to SB's grid.
        Assert.Contains("/map?area=SB%3A1\"", incident, StringComparison.Ordinal);
        Assert.DoesNotContain("/map?area=1\"", incident, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EachGridOne_IsItsOwnAssessmentRow_FrozenSideBySide_AndReadByItsOwnDistrictOnly()
    {
        await TestApp.ReportAsync(_app.Client, 110.02, 30.02);
        await TestApp.ReportAsync(_app.Client, 110.02, 30.03);
        await TestApp.ReportAsync(_app.Client, 110.12, 30.02);
        // The whole database's live map colours each "1" by its own count, not their sum.
        var live = await _app.Service<GridOps.Web.Features.Live.LiveKpiQueries>().AllAreaCountsAsync(GridOps.Web.Realtime.LiveGroups.District, CancellationToken.None);
        Assert.Equal([1, 2], live.Where(c => c.Code == "1").Select(c => c.Open).Order());
        Assert.Equal(2, live.Where(c => c.Code == "1").Select(c => c.Id).Distinct().Count());
        _clock.Advance(TimeSpan.FromDays(22)); // 2 December: November is over everywhere
        var store = _app.Service<AssessmentStore>();
        var november = new DateOnly(2026, 11, 1);

        Assert.True(await store.FreezeAsync(november, CancellationToken.None));
        var frozen = (await store.LoadAsync(november, AssessmentKind.Final, CancellationToken.None))!;
        var naId = await IdOfDistrictAsync("NA");
        var sbId = await IdOfDistrictAsync("SB");

        var gridOnes = frozen.Where(r => r.Counts is { Level: AssessmentLevel.Grid, Unit: "1" }).OrderBy(r => r.Counts.Due).ToList();
        Assert.Equal([(sbId, 1), (naId, 2)], gridOnes.Select(r => (r.Counts.DistrictId, r.Counts.Due)));
        var viewer = new Viewer(PrincipalKind.User, 98, "na-leader", "NA 领导", AccessRole.Leader, new AccessScope(naId, AreaLevel.District, null));
        var (_, naRows) = await AssessmentPageModel.RowsAsync(store, _app.Service<AreaQueries>(), _app.Service<GridOps.Web.Features.Catalogue.CatalogueQueries>(),
            viewer, november, AssessmentKind.Final, CancellationToken.None);
        var naGrid = Assert.Single(naRows, r => r.Counts.Level == AssessmentLevel.Grid);
        Assert.Equal((naId, 2), (naGrid.Counts.DistrictId, naGrid.Counts.Due));

        // The whole database's page lists both, each linked to its own district's incidents.
        await _app.Service<UserAccounts>().CreateAsync(new NewUser("centre", "平台", "long-enough-password", AccessRole.CommandCentre, null, null), "test", CancellationToken.None);
        var centre = await _app.SignInAsync("centre", "long-enough-password");
        var page = await centre.GetStringAsync("/assessment?month=2026-11&level=Grid");
        Assert.Equal(2, System.Text.RegularExpressions.Regex.Count(page, "data-unit=\"1\""));
        Assert.Contains("/incidents?area=NA%3A1&amp;from=2026-11-01", page, StringComparison.Ordinal);
        Assert.Contains("/incidents?area=SB%3A1&amp;from=2026-11-01", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheIncidentsWeighingOnAGridOne_AreItsOwnDistricts_NotTheOtherCitysGridOne()
    {
        var ours = await TestApp.ReportAsync(_app.Client, 110.02, 30.02);
        var theirs = await TestApp.ReportAsync(_app.Client, 110.12, 30.02);
        _clock.Advance(TimeSpan.FromDays(18)); // both long past their limits, still November
        var naLeader = await SignInNaLeaderAsync();

        var page = await naLeader.GetStringAsync("/assessment?level=Grid");

        Assert.Contains($"/incidents/{ours}", page, StringComparison.Ordinal);
        Assert.DoesNotContain(theirs, page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACodeWithTheSeparator_IsRefused_SoNoDistrictCanPassForAnothersArea()
    {
        // SB importing a grid coded "NA:1" would take the links the whole database writes for NA's grid 1.
        var hijack = NativeGeoJson.District("SB", 10).Add("grid", "1", "SB-S-C", NativeGeoJson.Square(10, 0, 12, 4))
            .Add("grid", "NA:1", "SB-S-C", NativeGeoJson.Square(12, 0, 14, 4));
        var before = await DatabaseFingerprint.TakeAsync(_app.Database);

        using var refused = await _app.Client.PostAsync("/api/hierarchy/import", new StringContent(hijack.ToString(), Encoding.UTF8, "application/geo+json"));

        Assert.Equal(System.Net.HttpStatusCode.UnprocessableEntity, refused.StatusCode); // as every refused import
        Assert.Contains("may not contain ':'", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(DatabaseFingerprint.Differences(before, await DatabaseFingerprint.TakeAsync(_app.Database)));
        Assert.Equal("NA", (await AreaCodes.FindAsync(_app.Service<Npgsql.NpgsqlDataSource>(), "NA:1", AccessScope.Everything, null, CancellationToken.None)).Area?.DistrictCode);
    }
}
