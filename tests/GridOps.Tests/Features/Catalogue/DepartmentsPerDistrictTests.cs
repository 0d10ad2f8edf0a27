using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GridOps.TestSupport;
using GridOps.Tests.Features.HierarchyImport;
using GridOps.Web.Features.Access;

namespace GridOps.Tests.Features.Catalogue;

/// <summary>
/// Departments per district (issue 20, part 7), over the API with two districts: the demo's (YJ) and an imported one
/// (T0). A district's administrator adds, renames and retires its own departments; they take that district's incidents
/// only; the shared bureaus are the whole database's to change.
/// </summary>
public sealed class DepartmentsPerDistrictTests : IAsyncLifetime
{
    private const string Password = "long-enough-password";
    private static readonly string[] Parks = ["T0-PARKS"];
    private static readonly string[] HealthAndParks = ["SF", "T0-PARKS"];
    private TestApp _app = null!;
    private HttpClient _t0Admin = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(withDemo: true, settings: new Dictionary<string, string> { ["Alerts:Sweep"] = "false" });
        var other = NativeGeoJson.District("T0", 0).Add("grid", "T0-S-C-1", "T0-S-C", NativeGeoJson.Square(0, 0, 4, 4));
        using var imported = await _app.Client.PostAsync("/api/hierarchy/import", new StringContent(other.ToString(), Encoding.UTF8, "application/geo+json"));
        imported.EnsureSuccessStatusCode();
        Assert.Empty((await _app.Service<UserAccounts>().CreateAsync(new NewUser("t0-admin", "T0 管理员", Password, AccessRole.Administrator, "T0", null), "test", CancellationToken.None)).Errors);
        _t0Admin = await _app.SignInAsync("t0-admin", Password);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private static async Task<HttpResponseMessage> PutAsync(HttpClient client, string code, object body) =>
        await client.PutAsJsonAsync($"/api/departments/{code}", body);

    private static async Task<List<string>> CodesAsync(HttpClient client) =>
        [.. (await client.GetFromJsonAsync<JsonElement>("/api/departments")).EnumerateArray().Select(d => d.GetProperty("code").GetString()!)];

    private async Task<string> DemoReportAsync()
    {
        var grid = (await _app.Database.StringsAsync("SELECT g.code FROM areas g JOIN areas d ON d.id = g.ancestor_ids[1] WHERE d.code = 'YJ' AND g.level = 3 ORDER BY g.code LIMIT 1"))[0];
        var (lon, lat) = await _app.Database.LabelPointAsync(grid);
        return await TestApp.ReportAsync(_app.Client, lon, lat);
    }

    private async Task<HttpResponseMessage> DispatchToAsync(string ticket, params string[] departments)
    {
        using (var accepted = await _app.Client.PostAsJsonAsync($"/api/incidents/{ticket}/accept", new { version = 1 }))
        {
            accepted.EnsureSuccessStatusCode();
        }

        return await _app.Client.PostAsJsonAsync($"/api/incidents/{ticket}/dispatch", new { version = 2, departmentCodes = departments });
    }

    [Fact]
    public async Task ADistrictsAdministrator_AddsItsOwnDepartment_WhichOnlyThatDistrictSees_AndTheAuditRecords()
    {
        using var added = await PutAsync(_t0Admin, "T0-PARKS", new { name = "公园管理处", nameEn = "Parks Department" });
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var listing = await added.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("T0", listing.GetProperty("district").GetString());

        var theirs = await CodesAsync(_t0Admin);
        Assert.Contains("T0-PARKS", theirs);
        Assert.Contains("CG", theirs);
        Assert.DoesNotContain("T0-PARKS", await CodesAsync(await _app.SignInAsync("command")));
        Assert.Contains("T0-PARKS", await CodesAsync(_app.Client));
        Assert.Equal(1, await _app.Database.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'department-changed' AND target = 'T0-PARKS' AND actor LIKE '%t0-admin%'"));
    }

    [Fact]
    public async Task ADistrictsAdministrator_CannotChangeASharedDepartment_NorAddToAnotherDistrict_NorTouchAnotherDistrictsOfTheSameCode()
    {
        using var shared = await PutAsync(_t0Admin, "CG", new { name = "改掉", nameEn = "Changed" });
        Assert.Equal(HttpStatusCode.Forbidden, shared.StatusCode);
        Assert.Equal(0, await _app.Database.CountAsync("SELECT count(*) FROM departments WHERE name = '改掉'"));

        using var elsewhere = await PutAsync(_t0Admin, "T0-X", new { name = "别区", nameEn = "Elsewhere", district = "YJ" });
        Assert.Equal(HttpStatusCode.BadRequest, elsewhere.StatusCode);
        Assert.Contains("district", Problems.NamedFields(await elsewhere.Content.ReadAsStringAsync()));

        using (var demoOwn = await PutAsync(_app.Client, "YJ-WATER", new { name = "区水务站", nameEn = "Water Station", district = "YJ" }))
        {
            Assert.Equal(HttpStatusCode.Created, demoOwn.StatusCode);
        }

        // Codes are unique per district (issue 20): YJ's code is free in T0, and T0's own of it leaves YJ's as it was.
        using var own = await PutAsync(_t0Admin, "yj-water", new { name = "T0 水务", nameEn = "T0 Water" });
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);
        // One spelling per code across the database: T0's takes YJ's.
        Assert.Equal(["YJ-WATER 区水务站", "YJ-WATER T0 水务"], await _app.Database.StringsAsync("SELECT code || ' ' || name FROM departments WHERE lower(code) = 'yj-water' ORDER BY id"));
        // T0 lists its own, not YJ's.
        var listed = (await _t0Admin.GetFromJsonAsync<JsonElement>("/api/departments")).EnumerateArray().Where(d => d.GetProperty("code").GetString() == "YJ-WATER");
        Assert.Equal("T0 水务", Assert.Single(listed).GetProperty("name").GetString());
    }

    [Fact]
    public async Task TwoDistrictsEachHaveTheirOwnDot_EachIncidentGoesToItsOwn_AndEachDotsStaffReadOnlyTheirs()
    {
        using (var yjDot = await PutAsync(_app.Client, "DOT", new { name = "区交通局", nameEn = "YJ Transport", district = "YJ" }))
        {
            Assert.Equal(HttpStatusCode.Created, yjDot.StatusCode);
        }

        using (var t0Dot = await PutAsync(_t0Admin, "DOT", new { name = "T0 交通部", nameEn = "Department of Transportation" }))
        {
            Assert.Equal(HttpStatusCode.Created, t0Dot.StatusCode);
        }

        // The whole database says which one it means; a shared DOT would be every district's, so none may be added now.
        using (var which = await PutAsync(_app.Client, "DOT", new { name = "改", nameEn = "x" }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, which.StatusCode);
            Assert.Contains("district", Problems.NamedFields(await which.Content.ReadAsStringAsync()));
        }

        using (var shared = await PutAsync(_app.Client, "DOT", new { name = "共享", nameEn = "Shared", district = "" }))
        {
            Assert.Equal(HttpStatusCode.Conflict, shared.StatusCode);
        }

        // Nor may a district take a shared code: the shared CG is read-only to T0, so "CG" is not T0's to add.
        using (var sharedCode = await PutAsync(_t0Admin, "CG", new { name = "T0 城管", nameEn = "T0 CG" }))
        {
            Assert.Equal(HttpStatusCode.Forbidden, sharedCode.StatusCode);
        }

        Assert.Equal(2, await _app.Database.CountAsync("SELECT count(*) FROM departments WHERE code = 'DOT'"));

        // Staff: the whole database names the district when the code is in several; T0's administrator means T0's.
        var accounts = _app.Service<UserAccounts>();
        var ambiguous = await accounts.CreateAsync(new NewUser("dot-x", "交通", Password, AccessRole.DepartmentStaff, null, "DOT"), "test", CancellationToken.None);
        Assert.Equal("areaCode", Assert.Single(ambiguous.Errors).Key);
        Assert.Empty((await accounts.CreateAsync(new NewUser("dot-yj", "YJ 交通", Password, AccessRole.DepartmentStaff, "YJ", "DOT"), "test", CancellationToken.None)).Errors);
        var t0Scope = new AccessScope(await _app.Database.CountAsync("SELECT id FROM areas WHERE code = 'T0'"), GridOps.Web.Features.Hierarchy.AreaLevel.District, null);
        Assert.Empty((await accounts.CreateAsync(new NewUser("dot-t0", "T0 交通", Password, AccessRole.DepartmentStaff, null, "DOT"), "t0-admin", CancellationToken.None, t0Scope)).Errors);
        var yjStaff = await _app.SignInAsync("dot-yj", Password);
        var t0Staff = await _app.SignInAsync("dot-t0", Password);
        await using var yjLive = await _app.HubAsync("dot-yj", Password);
        await using var t0Live = await _app.HubAsync("dot-t0", Password);

        // Each district's incident goes to its own DOT: the demo's first, then T0's.
        var demo = await DemoReportAsync();
        var t0 = await TestApp.ReportAsync(_app.Client, 110.01, 30.01);
        foreach (var ticket in new[] { demo, t0 })
        {
            using var sent = await DispatchToAsync(ticket, "dot");
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }

        // Live, over the hub: each DOT's staff receive their own district's dispatch. Events arrive in commit order, so
        // had the demo's reached T0's staff it would have come before T0's own; catch-up applies the same rule in SQL.
        await t0Live.WaitForAsync(e => e.Incident.Ticket == t0, TimeSpan.FromSeconds(30));
        await yjLive.WaitForAsync(e => e.Incident.Ticket == demo, TimeSpan.FromSeconds(30));
        Assert.DoesNotContain(t0Live.Received, e => e.Incident.Ticket == demo);
        var yjHistory = await yjLive.InvokeAsync<GridOps.Web.Realtime.LiveCatchUp>("CatchUp", 0L);
        Assert.Contains(yjHistory.Events, e => e.Incident.Ticket == demo);
        Assert.DoesNotContain(yjHistory.Events, e => e.Incident.Ticket == t0);
        Assert.Equal([demo], await TicketsAsync(yjStaff));
        Assert.Equal([t0], await TicketsAsync(t0Staff));
        Assert.Equal(HttpStatusCode.NotFound, (await t0Staff.GetAsync($"/api/incidents/{demo}")).StatusCode);
        // No area's page opens to a department's staff, so the township view lists them no streets (not their district's, nor every district's).
        Assert.Empty(await _app.Service<GridOps.Web.Features.Township.TownshipQueries>().StreetsAsync(t0Scope with { DepartmentCode = "DOT" }, CancellationToken.None));
        // Each incident names its own district's DOT.
        Assert.Contains("T0 交通部", await _app.Client.GetStringAsync($"/incidents/{t0}"), StringComparison.Ordinal);
        Assert.Contains("区交通局", await _app.Client.GetStringAsync($"/incidents/{demo}"), StringComparison.Ordinal);
        // Live: T0's DOT listens in its own group, which the demo's incident is not sent to.
        var t0Group = GridOps.Web.Realtime.LiveGroups.For(new AccessScope(t0Scope.AreaId, t0Scope.AreaLevel, "DOT"));
        var yjDistrict = await _app.Database.CountAsync("SELECT id FROM areas WHERE code = 'YJ'");
        Assert.DoesNotContain(t0Group, GridOps.Web.Realtime.LiveGroups.Of(new GridOps.Web.Realtime.LiveIncidentScope(null, null, null, null, ["DOT"]) { DistrictId = yjDistrict }));
        Assert.Contains(t0Group, GridOps.Web.Realtime.LiveGroups.Of(new GridOps.Web.Realtime.LiveIncidentScope(null, null, null, null, ["DOT"]) { DistrictId = t0Scope.AreaId }));

        // Two rows in the assessment, each its district's.
        var whole = (await _app.Client.GetStringAsync("/assessment.csv")).Split('\n');
        Assert.Equal(2, whole.Count(l => l.StartsWith("Department,DOT,", StringComparison.Ordinal)));
        Assert.Single((await _t0Admin.GetStringAsync("/assessment.csv")).Split('\n'), l => l.StartsWith("Department,DOT,", StringComparison.Ordinal));
        // T0's DOT staff read their own row (the assessment page's rule), not YJ's.
        var store = _app.Service<GridOps.Web.Features.Assessment.AssessmentStore>();
        var staff = new Viewer(PrincipalKind.User, 0, "dot-t0", "T0 交通", AccessRole.DepartmentStaff, t0Scope with { DepartmentCode = "DOT" });
        var (_, staffRows) = await GridOps.Web.Features.Assessment.AssessmentPageModel.RowsAsync(store, _app.Service<GridOps.Web.Features.Hierarchy.AreaQueries>(),
            _app.Service<GridOps.Web.Features.Catalogue.CatalogueQueries>(), staff, store.CurrentMonth(TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai")), null, CancellationToken.None);
        Assert.Equal((t0Scope.AreaId!.Value, "DOT"), Assert.Single(staffRows).Counts is var counts ? (counts.DistrictId, counts.Unit) : default);
    }

    [Fact]
    public async Task MovingADistrictsDepartment_TakesItsStaffAlong_AndEndsTheirSessions_UnlessItWorkedOnItsDistrictsIncidents()
    {
        foreach (var code in new[] { "T0-PARKS", "T0-DOGS" })
        {
            using var added = await PutAsync(_t0Admin, code, new { name = code, nameEn = code });
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        var t0Scope = new AccessScope(await _app.Database.CountAsync("SELECT id FROM areas WHERE code = 'T0'"), GridOps.Web.Features.Hierarchy.AreaLevel.District, null);
        Assert.Empty((await _app.Service<UserAccounts>().CreateAsync(new NewUser("parks-1", "公园员工", Password, AccessRole.DepartmentStaff, null, "T0-PARKS"), "t0-admin", CancellationToken.None, t0Scope)).Errors);
        var stamp = (await _app.Database.StringsAsync("SELECT security_stamp::text FROM users WHERE user_name = 'parks-1'"))[0];
        var own = await TestApp.ReportAsync(_app.Client, 110.01, 30.01);
        using (var sent = await DispatchToAsync(own, "T0-DOGS"))
        {
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }

        // The page moves a row by id (an API PUT naming YJ would mean YJ's own T0-PARKS, a new one).
        var editing = _app.Service<GridOps.Web.Features.Catalogue.DepartmentEditing>();
        var parks = await _app.Database.CountAsync("SELECT id FROM departments WHERE code = 'T0-PARKS'");
        var moved = await editing.StoreAsync("T0-PARKS", new("公园", "Parks", "YJ", null), Viewer.System, CancellationToken.None, parks);
        var dogs = await _app.Database.CountAsync("SELECT id FROM departments WHERE code = 'T0-DOGS'");
        var refused = await editing.StoreAsync("T0-DOGS", new("犬只", "Dogs", "YJ", null), Viewer.System, CancellationToken.None, dogs);

        Assert.Equal((int)HttpStatusCode.OK, moved.Status);
        Assert.Equal(["YJ"], await _app.Database.StringsAsync("SELECT a.code FROM users u JOIN areas a ON a.id = u.scope_area_id WHERE u.user_name = 'parks-1'"));
        Assert.NotEqual(stamp, (await _app.Database.StringsAsync("SELECT security_stamp::text FROM users WHERE user_name = 'parks-1'"))[0]);
        Assert.Equal((int)HttpStatusCode.Conflict, refused.Status);
        Assert.Equal(["T0"], await _app.Database.StringsAsync("SELECT a.code FROM departments d JOIN areas a ON a.id = d.district_id WHERE d.code = 'T0-DOGS'"));
    }

    private static async Task<string[]> TicketsAsync(HttpClient client)
    {
        var page = await client.GetFromJsonAsync<JsonElement>("/api/incidents?pageSize=500");
        return [.. page.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("ticketNo").GetString()!)];
    }

    [Fact]
    public async Task BadFields_AreRefusedByName_AndNothingIsStored()
    {
        using var bad = await PutAsync(_t0Admin, "T0 PARKS!", new { name = "", nameEn = new string('x', 101), district = "NOWHERE" });
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var named = Problems.NamedFields(await bad.Content.ReadAsStringAsync());
        Assert.Equal(["code", "district", "name", "nameEn"], named.Order(StringComparer.Ordinal));
        foreach (var (field, body) in new (string, object)[] { ("nameEn", new { name = "名", nameEn = "a\u0007b" }), ("district", new { name = "名", nameEn = "n", district = "\ud800" }) })
        {
            using var hostile = await PutAsync(_app.Client, "T0-OK", body);
            Assert.Equal(HttpStatusCode.BadRequest, hostile.StatusCode);
            Assert.Contains(field, Problems.NamedFields(await hostile.Content.ReadAsStringAsync()));
        }

        Assert.Equal(0, await _app.Database.CountAsync("SELECT count(*) FROM departments WHERE district_id IS NOT NULL"));
    }

    [Fact]
    public async Task AnIncident_GoesOnlyToDepartmentsServingItsDistrict_AndNotToARetiredOne()
    {
        using (var added = await PutAsync(_app.Client, "T0-PARKS", new { name = "公园管理处", nameEn = "Parks", district = "T0" }))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        // The demo's incident cannot be sent to T0's department; nothing about it changes.
        var demo = await DemoReportAsync();
        using (var refused = await DispatchToAsync(demo, "T0-PARKS"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
            Assert.Contains("departmentCodes", Problems.NamedFields(await refused.Content.ReadAsStringAsync()));
        }

        Assert.Equal(2, await _app.Database.CountAsync($"SELECT version FROM incidents WHERE ticket_no = '{demo}'"));

        // Retired, T0's own incident cannot be sent to it either; restored, it can.
        using (var retired = await PutAsync(_t0Admin, "T0-PARKS", new { name = "公园管理处", nameEn = "Parks", retired = true }))
        {
            Assert.Equal(HttpStatusCode.OK, retired.StatusCode);
            Assert.NotEqual(JsonValueKind.Null, (await retired.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("retiredAt").ValueKind);
        }

        var own = await TestApp.ReportAsync(_app.Client, 110.01, 30.01);
        using (var toRetired = await DispatchToAsync(own, "T0-PARKS"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, toRetired.StatusCode);
        }

        using (var restored = await PutAsync(_t0Admin, "T0-PARKS", new { name = "公园管理处", nameEn = "Parks", retired = false }))
        {
            Assert.Equal(HttpStatusCode.OK, restored.StatusCode);
        }

        using var sent = await _app.Client.PostAsJsonAsync($"/api/incidents/{own}/dispatch", new { version = 2, departmentCodes = Parks });
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        Assert.Equal("T0-PARKS", Assert.Single(await _app.Database.StringsAsync($"SELECT unnest(assignee_department_codes) FROM incidents WHERE ticket_no = '{own}'")));
    }

    [Fact]
    public async Task ACategorysDepartmentOfOneDistrict_IsNotGivenAnotherDistrictsReports()
    {
        using (var added = await PutAsync(_app.Client, "T0-PARKS", new { name = "公园管理处", nameEn = "Parks", district = "T0" }))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        var category = await _app.Client.GetFromJsonAsync<JsonElement>("/api/categories/dispute.neighbour");
        using (var changed = await _app.Client.PutAsJsonAsync("/api/categories/dispute.neighbour", new
        {
            name = category.GetProperty("name").GetString(), nameEn = category.GetProperty("nameEn").GetString(), group = category.GetProperty("categoryGroup").GetString(),
            defaultTier = category.GetProperty("defaultTier").GetString(), departmentCodes = HealthAndParks,
            serviceCode = category.GetProperty("serviceCode").GetString(), hotlineCode = category.GetProperty("hotlineCode").GetString(),
        }))
        {
            Assert.True(changed.IsSuccessStatusCode, await changed.Content.ReadAsStringAsync());
        }

        var demo = await DemoReportAsync();
        var own = await TestApp.ReportAsync(_app.Client, 110.01, 30.01);

        Assert.Equal(["SF"], await _app.Database.StringsAsync($"SELECT unnest(assignee_department_codes) FROM incidents WHERE ticket_no = '{demo}'"));
        Assert.Equal(["SF", "T0-PARKS"], await _app.Database.StringsAsync($"SELECT unnest(assignee_department_codes) FROM incidents WHERE ticket_no = '{own}' ORDER BY 1"));
    }

    [Fact]
    public async Task ADistrictsAdministrator_BindsStaffToItsOwnDepartment_NotToASharedOne_NorARetiredOne()
    {
        using (var added = await PutAsync(_t0Admin, "T0-PARKS", new { name = "公园管理处", nameEn = "Parks" }))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        var accounts = _app.Service<UserAccounts>();
        var admin = new AccessScope(await _app.Database.CountAsync("SELECT id FROM areas WHERE code = 'T0'"), GridOps.Web.Features.Hierarchy.AreaLevel.District, null);
        Assert.Empty((await accounts.CreateAsync(new NewUser("parks-1", "公园员工", Password, AccessRole.DepartmentStaff, null, "T0-PARKS"), "t0-admin", CancellationToken.None, admin)).Errors);
        Assert.Equal("departmentCode", Assert.Single((await accounts.CreateAsync(new NewUser("cg-1", "城管员工", Password, AccessRole.DepartmentStaff, null, "CG"), "t0-admin", CancellationToken.None, admin)).Errors).Key);

        using (var retired = await PutAsync(_t0Admin, "T0-PARKS", new { name = "公园管理处", nameEn = "Parks", retired = true }))
        {
            Assert.Equal(HttpStatusCode.OK, retired.StatusCode);
        }

        Assert.Equal("departmentCode", Assert.Single((await accounts.CreateAsync(new NewUser("parks-2", "公园员工", Password, AccessRole.DepartmentStaff, null, "T0-PARKS"), "t0-admin", CancellationToken.None, admin)).Errors).Key);
    }

    [Fact]
    public async Task ADistrictReadsItsOwnDepartmentsAssessmentRow_NotTheSharedOnes()
    {
        using (var added = await PutAsync(_t0Admin, "T0-PARKS", new { name = "公园管理处", nameEn = "Parks" }))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        var own = await TestApp.ReportAsync(_app.Client, 110.01, 30.01);
        using (var sent = await DispatchToAsync(own, "T0-PARKS", "CG"))
        {
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }

        var lines = (await _t0Admin.GetStringAsync("/assessment.csv")).Split('\n');
        Assert.Contains(lines, l => l.StartsWith("Department,T0-PARKS,", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("Department,CG,", StringComparison.Ordinal));
        Assert.Contains((await _app.Client.GetStringAsync("/assessment.csv")).Split('\n'), l => l.StartsWith("Department,CG,", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ARenameLeavesWhatItDoesNotSay_AndADepartmentThatWorkedForEveryDistrictIsNotGivenToOne()
    {
        using (var added = await PutAsync(_app.Client, "T0-PARKS", new { name = "公园管理处", nameEn = "Parks", district = "T0", retired = true }))
        {
            Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        }

        // Renamed without district or retired: still T0's, still retired.
        using (var renamed = await PutAsync(_app.Client, "t0-parks", new { name = "园林处", nameEn = "Gardens" }))
        {
            var body = await renamed.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Equal("T0-PARKS", body.GetProperty("code").GetString());
            Assert.Equal("T0", body.GetProperty("district").GetString());
            Assert.NotEqual(JsonValueKind.Null, body.GetProperty("retiredAt").ValueKind);
        }

        // CG has worked on the demo's incidents: it cannot become T0's (its staff and rows would carry them along).
        var demo = await DemoReportAsync();
        using (var sent = await DispatchToAsync(demo, "CG"))
        {
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        }

        using var moved = await PutAsync(_app.Client, "CG", new { name = "城市管理局", nameEn = "City Management Bureau", district = "T0" });
        Assert.Equal(HttpStatusCode.Conflict, moved.StatusCode);
        Assert.Contains("district", Problems.NamedFields(await moved.Content.ReadAsStringAsync()));
        Assert.Equal(0, await _app.Database.CountAsync("SELECT count(*) FROM departments WHERE code = 'CG' AND district_id IS NOT NULL"));
        await Assert.ThrowsAnyAsync<Exception>(() => _app.Database.ExecuteAsync("INSERT INTO departments (code, name, name_en) VALUES ('cg', 'x', 'x')"));
    }
}
