using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GridOps.TestSupport;
using GridOps.Tests.Features.HierarchyImport;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Alerts;
using GridOps.Web.Features.Assessment;
using GridOps.Web.Features.DemoDistrict;

namespace GridOps.Tests.Features.Districts;

/// <summary>
/// Two districts in one GridOps (issue 20, part 3): the demo and an imported one. Each district's people see its
/// incidents only, located or not; an unlocated report is its channel's district's and escalates there; the demo's
/// simulator never touches the other district; the assessment scores each district on its own row.
/// </summary>
public sealed class DistrictsApartTests : IAsyncLifetime
{
    // Monday 23 November 2026, 09:00 in the district: a working day.
    private static readonly DateTimeOffset Monday = new(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(8));
    private readonly ManualClock _clock = new(Monday);
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(withDemo: true, time: _clock, settings: new Dictionary<string, string> { ["Alerts:Sweep"] = "false" });
        var other = NativeGeoJson.District("T0", 0).Add("grid", "T0-S-C-1", "T0-S-C", NativeGeoJson.Square(0, 0, 4, 4));
        using var imported = await _app.Client.PostAsync("/api/hierarchy/import", new StringContent(other.ToString(), Encoding.UTF8, "application/geo+json"));
        imported.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<IReadOnlyList<string>> DistrictOfAsync(string ticket) =>
        _app.Database.StringsAsync($"SELECT d.code FROM incidents i JOIN areas d ON d.id = i.district_id WHERE i.ticket_no = '{ticket}'");

    private async Task<HttpClient> HotlineKeyForAsync(string districtCode)
    {
        var (_, secret, errors) = await _app.Service<AccessKeys>().CreateAsync(new NewAccessKey($"{districtCode} 12345", AccessRole.HotlineGateway, districtCode, null), "test", CancellationToken.None);
        Assert.Empty(errors);
        var client = _app.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", secret);
        return client;
    }

    [Fact]
    public async Task TheDemosCentre_DoesNotSeeAnotherDistrictsIncident_ButTheWholeDatabaseDoes()
    {
        var ticket = await TestApp.ReportAsync(_app.Client, 110.01, 30.01);
        var command = await _app.SignInAsync("command");

        Assert.Equal("T0", Assert.Single(await DistrictOfAsync(ticket)));
        Assert.Equal(HttpStatusCode.NotFound, (await command.GetAsync($"/api/incidents/{ticket}")).StatusCode);
        var list = await command.GetFromJsonAsync<JsonElement>("/api/incidents?pageSize=500");
        Assert.DoesNotContain(list.GetProperty("rows").EnumerateArray(), r => r.GetProperty("ticketNo").GetString() == ticket);
        Assert.Equal(HttpStatusCode.OK, (await _app.Client.GetAsync($"/api/incidents/{ticket}")).StatusCode);
    }

    [Fact]
    public async Task AnUnlocatedReport_IsItsChannelsDistricts_AndEscalatesThere()
    {
        using var hotline = await HotlineKeyForAsync("T0");
        // Far from every grid of both districts: in no grid, nowhere near one.
        var ticket = await TestApp.ReportAsync(hotline, 100.0, 20.0);
        Assert.Equal("T0", Assert.Single(await DistrictOfAsync(ticket)));
        Assert.Equal(HttpStatusCode.NotFound, (await (await _app.SignInAsync("command")).GetAsync($"/api/incidents/{ticket}")).StatusCode);

        // Nobody accepts it: at its deadline it goes to its own district, not the first district in the database.
        _clock.Advance(TimeSpan.FromDays(3));
        await _app.Service<DeadlineSweep>().SweepAsync(CancellationToken.None);

        var incident = await (await _app.SignInAsync(TestApp.AdminName, TestApp.AdminPassword)).GetFromJsonAsync<JsonElement>($"/api/incidents/{ticket}");
        Assert.Equal("T0", incident.GetProperty("assigneeArea").GetString());
    }

    [Fact]
    public async Task AReportWithoutAPoint_FromAChannelOfEveryDistrict_NamesItsDistrict_OrIsRefused()
    {
        static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        var report = new { category = "dispute.neighbour", description = "电话反映：邻里噪音" };

        // The API as the whole database: no point and no district is refused by field; a district's code places it.
        using var refused = await _app.Client.PostAsync("/api/incidents", Json(report));
        using var unknown = await _app.Client.PostAsync("/api/incidents", Json(new { report.category, report.description, district = "NOPE" }));
        using var named = await _app.Client.PostAsync("/api/incidents", Json(new { report.category, report.description, district = "T0" }));

        // Open311's jurisdiction_id, and the unbound 12345 gateway's district column, say the same.
        using var open311 = await _app.Anonymous().PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = "test-open311-key", ["service_code"] = "603", ["address_string"] = "T0 1 号", ["description"] = "路灯不亮", ["jurisdiction_id"] = "T0",
        }));
        using var open311Unnamed = await _app.Anonymous().PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = "test-open311-key", ["service_code"] = "603", ["address_string"] = "某路 1 号", ["description"] = "路灯不亮",
        }));
        using var hotline = _app.WithKey(TestApp.HotlineKey);
        using var batch = await hotline.PostAsync("/api/hotline/tickets", Json(new[] { new { ticket_id = "HL-T0-1", category_code = "dispute.neighbour", description = "噪音扰民", district = "T0" } }));

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("district", Problems.NamedFields(await refused.Content.ReadAsStringAsync()));
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.Created, named.StatusCode);
        var namedTicket = JsonDocument.Parse(await named.Content.ReadAsStringAsync()).RootElement.GetProperty("ticketNo").GetString()!;
        Assert.Equal("T0", Assert.Single(await DistrictOfAsync(namedTicket)));
        Assert.True(open311.IsSuccessStatusCode, await open311.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.BadRequest, open311Unnamed.StatusCode);
        Assert.Contains("jurisdiction_id", await open311Unnamed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        var row = JsonDocument.Parse(await batch.Content.ReadAsStringAsync()).RootElement.GetProperty("rows")[0];
        Assert.Equal("created", row.GetProperty("status").GetString());
        Assert.Equal("T0", Assert.Single(await DistrictOfAsync(row.GetProperty("incidentTicketNo").GetString()!)));
        Assert.Equal(3, await _app.Database.CountAsync("SELECT count(*) FROM incidents i JOIN areas d ON d.id = i.district_id WHERE d.code = 'T0'"));
    }

    [Fact]
    public async Task ANamedDistrict_ThatIsNotThePointsOrTheChannelsOwn_IsRefused()
    {
        using var hotline = await HotlineKeyForAsync("T0");
        using var otherDistrict = await hotline.PostAsJsonAsync("/api/incidents", new { category = "dispute.neighbour", description = "噪音扰民", district = "YJ" });
        using var batch = await hotline.PostAsync("/api/hotline/tickets", new StringContent(JsonSerializer.Serialize(new[]
        {
            new { ticket_id = "HL-YJ-1", category_code = "dispute.neighbour", description = "噪音扰民", district = "YJ" },
        }), Encoding.UTF8, "application/json"));
        // A point in T0's grid, said to be the demo's.
        using var mismatched = await _app.Client.PostAsJsonAsync("/api/incidents", new { category = "dispute.neighbour", description = "噪音扰民", lon = 110.01, lat = 30.01, district = "YJ" });

        Assert.Equal(HttpStatusCode.BadRequest, mismatched.StatusCode);
        Assert.Contains("district", Problems.NamedFields(await mismatched.Content.ReadAsStringAsync()));
        Assert.Equal("rejected", JsonDocument.Parse(await batch.Content.ReadAsStringAsync()).RootElement.GetProperty("rows")[0].GetProperty("status").GetString());
        Assert.Equal(0, await _app.Database.CountAsync("SELECT count(*) FROM incidents"));
        Assert.NotEqual(HttpStatusCode.Created, otherDistrict.StatusCode);
    }

    [Fact]
    public async Task AFieldFormsReportWithoutAPoint_IsTheSignedInWorkersDistricts()
    {
        var t0 = await _app.Database.CountAsync("SELECT id FROM areas WHERE code = 'T0-S-C-1'");
        var outcome = await _app.Service<GridOps.Web.Features.Incidents.ReportIncidentHandler>().HandleAsync(new GridOps.Web.Features.Incidents.ReportIncidentCommand
        {
            Source = GridOps.Web.Features.Incidents.IncidentSource.GridWorker, Actor = "网格员", Category = "dispute.neighbour", Description = "定位失败时上报",
            Reporter = Viewer.System, ChannelScope = new AccessScope(t0, GridOps.Web.Features.Hierarchy.AreaLevel.Grid, null),
        }, CancellationToken.None);

        Assert.Equal(GridOps.Web.Features.Incidents.ReportStatus.Created, outcome.Status);
        Assert.Equal("T0", Assert.Single(await DistrictOfAsync(outcome.Incident!.TicketNo)));
    }

    [Fact]
    public async Task CoBuildingUnits_AreTheirDistricts_AndAnotherDistrictCannotUseThem()
    {
        var needs = _app.Service<GridOps.Web.Features.Needs.NeedsService>();
        var queries = _app.Service<GridOps.Web.Features.Needs.NeedsQueries>();
        Viewer CentreOf(long districtId) => new(PrincipalKind.User, 0, "centre", "指挥中心", AccessRole.CommandCentre, new AccessScope(districtId, GridOps.Web.Features.Hierarchy.AreaLevel.District, null));
        var demoCentre = CentreOf(await _app.Database.CountAsync("SELECT id FROM areas WHERE code = 'YJ'"));
        var other = CentreOf(await _app.Database.CountAsync("SELECT id FROM areas WHERE code = 'T0'"));
        Assert.True((await needs.AddUnitAsync(demoCentre, "人民医院", null, CancellationToken.None)).Done);
        var demoUnit = Assert.Single(await queries.UnitsAsync(demoCentre.Scope, CancellationToken.None), u => u.Name == "人民医院");

        // The other district does not see it, cannot offer through it or claim with it, and may list its own of that name.
        Assert.DoesNotContain(await queries.UnitsAsync(other.Scope, CancellationToken.None), u => u.Id == demoUnit.Id);
        Assert.Equal("unit", Assert.Single((await needs.AddResourceAsync(other, demoUnit.Id, GridOps.Web.Features.Needs.ResourceKind.Venue, "会议室", null, CancellationToken.None)).Errors).Key);
        Assert.True((await needs.ListAsync(other, new GridOps.Web.Features.Needs.NeedDraft("T0-S-C", GridOps.Web.Features.Needs.NeedKind.Health, "义诊", null, needs.Today.AddDays(10)), CancellationToken.None)).Done);
        var need = Assert.Single(await queries.NeedsAsync(other.Scope, null, CancellationToken.None));
        Assert.False((await needs.ClaimAsync(other, need.Id, need.Version, demoUnit.Id, CancellationToken.None)).Done);
        // Not even the whole database claims a need of one district with another district's unit.
        Assert.False((await needs.ClaimAsync(Viewer.System, need.Id, need.Version, demoUnit.Id, CancellationToken.None)).Done);
        Assert.True((await needs.AddUnitAsync(other, "人民医院", null, CancellationToken.None)).Done);
        Assert.Equal(0, await _app.Database.CountAsync($"SELECT count(*) FROM unit_resources WHERE unit_id = {demoUnit.Id}"));
        Assert.Equal(2, await _app.Database.CountAsync("SELECT count(*) FROM co_building_units WHERE name = '人民医院'"));
    }

    [Fact]
    public async Task TheDemosSimulator_ReportsAndWorksInTheDemoDistrictOnly()
    {
        var outsider = await TestApp.ReportAsync(_app.Client, 110.01, 30.01);
        var day = _app.Service<DemoDay>();
        await day.LoadAsync(CancellationToken.None);

        // Two busy hours at once: every step has all the chance it needs.
        await day.TickAsync(TimeSpan.FromHours(2), 100, CancellationToken.None);

        Assert.True(await _app.Database.CountAsync("SELECT count(*) FROM incident_events WHERE actor LIKE '演示%'") > 0);
        Assert.Equal(1, await _app.Database.CountAsync("SELECT count(*) FROM incidents i JOIN areas d ON d.id = i.district_id WHERE d.code = 'T0'"));
        Assert.Equal(1, await _app.Database.CountAsync($"SELECT version FROM incidents WHERE ticket_no = '{outsider}'"));
    }

    [Fact]
    public async Task TheAssessment_ScoresEachDistrictOnItsOwnRow()
    {
        await TestApp.ReportAsync(_app.Client, 110.01, 30.01);
        var demoDistrict = (await _app.Database.StringsAsync("SELECT code FROM areas WHERE level = 0 AND code <> 'T0'"))[0];
        var demoGrid = (await _app.Database.StringsAsync($"SELECT g.code FROM areas g JOIN areas d ON d.id = g.ancestor_ids[1] WHERE g.level = 3 AND d.code = '{demoDistrict}' ORDER BY g.code LIMIT 1"))[0];
        var (lon, lat) = await _app.Database.LabelPointAsync(demoGrid);
        await TestApp.ReportAsync(_app.Client, lon, lat);
        await TestApp.ReportAsync(_app.Client, lon, lat + 0.0001);

        var rows = await _app.Service<AssessmentCalculator>().ComputeAsync(new DateOnly(2026, 11, 1),
            new DateTimeOffset(2026, 10, 31, 16, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 30, 16, 0, 0, TimeSpan.Zero), CancellationToken.None);

        var districts = rows.Where(r => r.Level == AssessmentLevel.District).ToDictionary(r => r.Unit, r => r.Due);
        Assert.Equal(1, districts["T0"]);
        Assert.True(districts[demoDistrict] >= 2);
    }

    [Fact]
    public async Task AnotherDistrictsHistory_JoinsAMonthFrozenWithoutIt_AndTheFrozenRowsStay()
    {
        var demoDistrict = (await _app.Database.StringsAsync("SELECT code FROM areas WHERE level = 0 AND code <> 'T0'"))[0];
        var demoGrid = (await _app.Database.StringsAsync($"SELECT g.code FROM areas g JOIN areas d ON d.id = g.ancestor_ids[1] WHERE g.level = 3 AND d.code = '{demoDistrict}' ORDER BY g.code LIMIT 1"))[0];
        var (lon, lat) = await _app.Database.LabelPointAsync(demoGrid);
        await TestApp.ReportAsync(_app.Client, lon, lat);
        _clock.Advance(TimeSpan.FromDays(9));
        var store = _app.Service<AssessmentStore>();
        var november = new DateOnly(2026, 11, 1);
        Assert.True(await store.FreezeAsync(november, CancellationToken.None));
        var demoBefore = Assert.Single((await store.LoadAsync(november, AssessmentKind.Final, CancellationToken.None))!,
            r => r.Counts.Level == AssessmentLevel.District).Counts;

        var admin = await _app.SignInAsync(TestApp.AdminName, TestApp.AdminPassword);
        using var form = new MultipartFormDataContent
        {
            { new StringContent("""
                { "district": "T0", "format": "csv", "timeFormat": "MM/dd/yyyy HH:mm", "defaultCategory": "dispute.neighbour",
                  "columns": { "ref": "Key", "reportedAt": "Created", "closedAt": "Closed", "category": "Type", "description": "Desc", "lon": "Lon", "lat": "Lat" } }
                """), "mapping" },
            { new StringContent("Key,Created,Closed,Type,Desc,Lon,Lat\nH-1,11/05/2026 09:00,11/05/2026 15:00,Noise,Loud,110.01,30.01\n"), "file", "export.csv" },
            { new StringContent(await SignIn.AntiforgeryTokenAsync(admin, "/account")), "__RequestVerificationToken" },
        };
        using var imported = await admin.PostAsync("/api/history/import", form);
        var body = await imported.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, imported.StatusCode);
        Assert.Empty(JsonDocument.Parse(body).RootElement.GetProperty("keptFrozen").EnumerateArray());
        var final = (await store.LoadAsync(november, AssessmentKind.Final, CancellationToken.None))!;
        Assert.Equal(1, final.Single(r => r.Counts.Level == AssessmentLevel.District && r.Counts.Unit == "T0").Counts.Closed);
        Assert.Equal(demoBefore, final.Single(r => r.Counts.Level == AssessmentLevel.District && r.Counts.Unit == demoDistrict).Counts);
    }

    [Fact]
    public async Task TheDemosLiveScreens_ReceiveTheirDistrictsEvents_AndNotAnothers()
    {
        await using var command = await _app.HubAsync("command");
        await using var admin = await _app.HubAsync(TestApp.AdminName, TestApp.AdminPassword);
        var outsider = await TestApp.ReportAsync(_app.Client, 110.01, 30.01);
        var demoGrid = (await _app.Database.StringsAsync("SELECT g.code FROM areas g JOIN areas d ON d.id = g.ancestor_ids[1] WHERE g.level = 3 AND d.code <> 'T0' ORDER BY g.code LIMIT 1"))[0];
        var (lon, lat) = await _app.Database.LabelPointAsync(demoGrid);
        var own = await TestApp.ReportAsync(_app.Client, lon, lat);

        // The stream keeps commit order: once the later report has arrived, the earlier one would have too.
        await command.WaitForAsync(e => e.Incident.Ticket == own, TimeSpan.FromSeconds(20));
        await admin.WaitForAsync(e => e.Incident.Ticket == own, TimeSpan.FromSeconds(20));
        Assert.DoesNotContain(command.Received, e => e.Incident.Ticket == outsider);
        Assert.Contains(admin.Received, e => e.Incident.Ticket == outsider);
    }

    [Fact]
    public async Task ADistrictsAdministrator_MakesAndManagesPeopleOfThatDistrictOnly()
    {
        var accounts = _app.Service<UserAccounts>();
        var demoDistrict = (await _app.Database.StringsAsync("SELECT code FROM areas WHERE level = 0 AND code <> 'T0'"))[0];
        var demoId = long.Parse((await _app.Database.StringsAsync($"SELECT id::text FROM areas WHERE code = '{demoDistrict}'"))[0], System.Globalization.CultureInfo.InvariantCulture);
        var districtAdmin = new AccessScope(demoId, GridOps.Web.Features.Hierarchy.AreaLevel.District, null);
        var (outsider, _) = await accounts.CreateAsync(new NewUser("t0-worker", "外区网格员", "long-enough-password", AccessRole.GridWorker, "T0-S-C-1", null), "test", CancellationToken.None);

        var (everything, everythingErrors) = await accounts.CreateAsync(
            new NewUser("new-admin", "新管理员", "long-enough-password", AccessRole.Administrator, null, null), "test", CancellationToken.None, districtAdmin);
        var (foreign, foreignErrors) = await accounts.CreateAsync(
            new NewUser("t0-leader", "外区领导", "long-enough-password", AccessRole.Leader, "T0-S", null), "test", CancellationToken.None, districtAdmin);
        var (department, departmentErrors) = await accounts.CreateAsync(
            new NewUser("new-dept", "部门人员", "long-enough-password", AccessRole.DepartmentStaff, null, "CG"), "test", CancellationToken.None, districtAdmin);
        var (own, ownErrors) = await accounts.CreateAsync(
            new NewUser("own-admin", "本区管理员", "long-enough-password", AccessRole.Administrator, demoDistrict, null), "test", CancellationToken.None, districtAdmin);

        Assert.Null(everything);
        Assert.Contains("outside your own scope", everythingErrors["areaCode"][0], StringComparison.Ordinal);
        Assert.Null(foreign);
        Assert.Contains("No area has the code", foreignErrors["areaCode"][0], StringComparison.Ordinal); // another district's codes are not this one's to name
        Assert.Null(department);
        Assert.Contains("outside your own scope", departmentErrors["departmentCode"][0], StringComparison.Ordinal);
        Assert.NotNull(own);
        Assert.Empty(ownErrors);
        Assert.False(await accounts.SetStateAsync(outsider!.Id, disabled: true, unlock: false, "test", CancellationToken.None, districtAdmin));
        Assert.Equal(0, await _app.Database.CountAsync("SELECT count(*) FROM users WHERE user_name = 't0-worker' AND disabled"));
    }

    [Fact]
    public async Task ADistrictsAdministrator_ReadsTheAuditOfItsOwnIncidents_NotTheAccessLogOfEveryDistrict()
    {
        var outsider = await TestApp.ReportAsync(_app.Client, 110.01, 30.01);
        var demoDistrict = (await _app.Database.StringsAsync("SELECT code FROM areas WHERE level = 0 AND code <> 'T0'"))[0];
        var demoGrid = (await _app.Database.StringsAsync($"SELECT g.code FROM areas g JOIN areas d ON d.id = g.ancestor_ids[1] WHERE g.level = 3 AND d.code = '{demoDistrict}' ORDER BY g.code LIMIT 1"))[0];
        var (lon, lat) = await _app.Database.LabelPointAsync(demoGrid);
        var own = await TestApp.ReportAsync(_app.Client, lon, lat);
        var demoId = long.Parse((await _app.Database.StringsAsync($"SELECT id::text FROM areas WHERE code = '{demoDistrict}'"))[0], System.Globalization.CultureInfo.InvariantCulture);
        var districtAdmin = new Viewer(PrincipalKind.User, 99, "district-admin", "区管理员", AccessRole.Administrator,
            new AccessScope(demoId, GridOps.Web.Features.Hierarchy.AreaLevel.District, null));

        var lines = await _app.Service<AuditQueries>().ReadAsync(new AuditFilter(null, null, null, null, 1000), districtAdmin, CancellationToken.None);
        var everything = await _app.Service<AuditQueries>().ReadAsync(new AuditFilter(null, null, null, null, 1000), Viewer.System, CancellationToken.None);

        Assert.Contains(lines, l => l.Target == own);
        Assert.DoesNotContain(lines, l => l.Target == outsider);
        Assert.All(lines, l => Assert.StartsWith("incident.", l.Action, StringComparison.Ordinal));
        Assert.Contains(everything, l => l.Target == outsider);
        Assert.Contains(everything, l => l.Action == "hierarchy-imported");
    }

    [Fact]
    public async Task WhatEveryDistrictShares_IsChangedByTheWholeDatabaseOnly()
    {
        var demoDistrict = (await _app.Database.StringsAsync("SELECT code FROM areas WHERE level = 0 AND code <> 'T0'"))[0];
        await _app.Service<UserAccounts>().CreateAsync(new NewUser("district-admin", "区管理员", "long-enough-password", AccessRole.Administrator, demoDistrict, null),
            "test", CancellationToken.None);
        var districtAdmin = await _app.SignInAsync("district-admin", "long-enough-password");

        using var calendar = await districtAdmin.PutAsync("/api/calendar/years/2027", new StringContent("""{"year": 2027, "source": "x", "holidays": [], "makeUpWorkdays": []}""", Encoding.UTF8, "application/json"));
        using var category = await districtAdmin.PutAsync("/api/categories/dispute.neighbour", new StringContent("""{"name": "邻里", "nameEn": "Neighbours"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Forbidden, calendar.StatusCode);
        Assert.Contains("whole database", await calendar.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, category.StatusCode);
        Assert.Equal(0, await _app.Database.CountAsync("SELECT count(*) FROM calendar_days WHERE day >= '2027-01-01'"));
    }

    [Fact]
    public async Task ADistrictsHotlineKey_CannotClaimTheGatewaysTicketIdsInAdvance()
    {
        using var district = await HotlineKeyForAsync("T0");
        var (_, secret, _) = await _app.Service<AccessKeys>().CreateAsync(new NewAccessKey("12345", AccessRole.HotlineGateway, null, null), "test", CancellationToken.None);
        using var gateway = _app.Factory.CreateClient();
        gateway.DefaultRequestHeaders.Add("X-Api-Key", secret);
        object Ticket() => new { source = "hotline", sourceRef = "HL-777", category = "dispute.neighbour", description = "楼上漏水", lon = 110.01, lat = 30.01 };

        using var planted = await district.PostAsJsonAsync("/api/incidents", Ticket());
        using var real = await gateway.PostAsJsonAsync("/api/incidents", Ticket());

        Assert.Equal(HttpStatusCode.Created, planted.StatusCode);
        Assert.Equal(HttpStatusCode.Created, real.StatusCode);
        Assert.Equal(2, await _app.Database.CountAsync("SELECT count(*) FROM incidents WHERE source_ref = 'HL-777'"));
    }
}
