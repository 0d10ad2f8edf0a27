using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GridOps.TestSupport;
using GridOps.Tests.Features.HierarchyImport;
using GridOps.Web.Features.Assessment;

namespace GridOps.Tests.Features.History;

/// <summary>
/// A district brings its past (issue 20, part 6): closed incidents with their real times and stated due dates, all or
/// nothing, no alerts and no live events, counted in the assessment of the months they happened in.
/// </summary>
public sealed class HistoryImportTests : IAsyncLifetime
{
    // Monday 23 November 2026, 09:00 in the district.
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(8));
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(withDemo: false, time: new ManualClock(Now), settings: new Dictionary<string, string> { ["Alerts:Sweep"] = "false" });
        var district = NativeGeoJson.District("T0", 0).Add("grid", "T0-S-C-1", "T0-S-C", NativeGeoJson.Square(0, 0, 4, 4));
        using var imported = await _app.Client.PostAsync("/api/hierarchy/import", new StringContent(district.ToString(), Encoding.UTF8, "application/geo+json"));
        imported.EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private const string Mapping = """
        { "district": "T0", "format": "csv", "timeFormat": "MM/dd/yyyy HH:mm",
          "columns": { "ref": "Unique Key", "reportedAt": "Created Date", "closedAt": "Closed Date", "dueAt": "Due Date",
                       "category": "Complaint Type", "description": "Descriptor", "address": "Incident Address", "lon": "Longitude", "lat": "Latitude",
                       "evaluation": "Survey" },
          "categories": { "Noise - Residential": "dispute.neighbour" }, "defaultCategory": "dispute.neighbour",
          "evaluations": { "5": "satisfied", "3": "basicallySatisfied", "1": "unsatisfied" } }
        """;

    // Four requests of August and September, local times; one closed a day after its due date; one description spans
    // two lines and holds the separator; one has no position.
    private const string Export = """
        Unique Key,Created Date,Closed Date,Due Date,Complaint Type,Descriptor,Incident Address,Longitude,Latitude,Survey
        A-1,08/03/2026 09:15,08/03/2026 17:40,08/05/2026 09:15,Noise - Residential,Loud Music/Party,1 Main St,110.01,30.01,5
        A-2,08/20/2026 22:05,08/21/2026 08:00,08/22/2026 22:05,Noise - Residential,"Banging, pounding
        after midnight",2 Main St,110.02,30.02,
        A-3,08/30/2026 10:00,09/04/2026 12:00,09/03/2026 10:00,Street Condition,Pothole,,,,1
        A-4,09/10/2026 11:30,09/10/2026 15:00,09/12/2026 11:30,Noise - Residential,Loud Talking,4 Main St,110.03,30.03,3
        """;

    private async Task<HttpResponseMessage> ImportAsync(string mapping, string file, HttpClient? client = null)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(mapping), "mapping" },
            { new StringContent(file), "file", "export.csv" },
            { new StringContent(await SignIn.AntiforgeryTokenAsync(_app.Client, "/account")), "__RequestVerificationToken" },
        };
        return await (client ?? _app.Client).PostAsync("/api/history/import", form);
    }

    [Fact]
    public async Task AnExport_IsStoredClosedWithItsRealTimes_QuietlyAndCountedInItsMonths()
    {
        var response = await ImportAsync(Mapping, Export);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var summary = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(4, summary.RootElement.GetProperty("incidents").GetInt32());
        Assert.Equal(3, summary.RootElement.GetProperty("located").GetInt32());
        Assert.Equal(1, summary.RootElement.GetProperty("late").GetInt32());
        Assert.Equal(["2026-08", "2026-09"], summary.RootElement.GetProperty("months").EnumerateArray().Select(m => m.GetString()));
        // Times as they were, in the district's zone (08/03 09:15 in Shanghai is 01:15 UTC); closed, the first one evaluated.
        Assert.Equal(1, await _app.Database.CountAsync(
            "SELECT count(*) FROM incidents WHERE source_ref = 'A-1' AND reported_at = '2026-08-03T01:15:00Z' AND closed_at = '2026-08-03T09:40:00Z' AND state = 6 AND ticket_no LIKE '20260803%'"));
        Assert.Equal(1, await _app.Database.CountAsync("SELECT count(*) FROM incidents WHERE source_ref = 'A-2' AND description = E'Banging, pounding\\nafter midnight'"));
        Assert.Equal(1, await _app.Database.CountAsync("SELECT count(*) FROM incidents WHERE source_ref = 'A-3' AND unlocated AND district_id IS NOT NULL"));
        // A report and a close each, three evaluations, and the late one's overdue turn at its due date.
        Assert.Equal(12, await _app.Database.CountAsync("SELECT count(*) FROM incident_events"));
        Assert.Equal(0, await _app.Database.CountAsync("SELECT count(*) FROM live_events"));
        Assert.Equal(0, await _app.Database.CountAsync("SELECT count(*) FROM alerts"));

        // August: closed on time; A-3 (received in August) still open at its end. September: A-3 closed a day late, A-4 on time.
        var september = await _app.Service<AssessmentStore>().LoadAsync(new DateOnly(2026, 9, 1), AssessmentKind.Final, CancellationToken.None);
        var district = Assert.Single(september!, r => r.Counts.Level == AssessmentLevel.District).Counts;
        Assert.Equal(2, district.Closed);
        Assert.Equal(1, district.OnTime);
        var august = await _app.Service<AssessmentStore>().LoadAsync(new DateOnly(2026, 8, 1), AssessmentKind.Final, CancellationToken.None);
        Assert.Equal(2, Assert.Single(august!, r => r.Counts.Level == AssessmentLevel.District).Counts.OnTime);
    }

    [Fact]
    public async Task ABadExport_IsRefusedLineByLine_AndNothingIsStored()
    {
        const string bad = """
            Unique Key,Created Date,Closed Date,Due Date,Complaint Type,Descriptor,Incident Address,Longitude,Latitude,Survey
            B-1,08/03/2026 09:15,08/02/2026 17:40,,Noise - Residential,Closed before it was reported,,,,
            B-2,yesterday,08/03/2026 17:40,,Noise - Residential,Unreadable time,,,,
            B-3,08/03/2026 09:15,08/03/2026 17:40,,Noise - Residential,Unknown survey,,,,7
            B-4,08/03/2026 09:15,08/03/2026 17:40,,Noise - Residential,Fine,,,,
            B-4,08/03/2026 09:15,08/03/2026 17:40,,Noise - Residential,The same key again,,,,
            B-5,08/03/2026 09:15,12/24/2026 17:40,,Noise - Residential,Closed in the future,,,,
            """;

        var response = await ImportAsync(Mapping, bad);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("line 2: closedAt", body, StringComparison.Ordinal);
        Assert.Contains("is before reportedAt", body, StringComparison.Ordinal);
        Assert.Contains("line 3: reportedAt", body, StringComparison.Ordinal);
        Assert.Contains("line 4: evaluation", body, StringComparison.Ordinal);
        Assert.Contains("line 6: ref", body, StringComparison.Ordinal);
        Assert.Contains("is also on line 5", body, StringComparison.Ordinal);
        Assert.Contains("is in the future", body, StringComparison.Ordinal);
        Assert.Equal(0, await _app.Database.CountAsync("SELECT count(*) FROM incidents"));
    }

    [Fact]
    public async Task TheSameExportTwice_IsRefusedTheSecondTime()
    {
        Assert.Equal(HttpStatusCode.OK, (await ImportAsync(Mapping, Export)).StatusCode);

        var again = await ImportAsync(Mapping, Export);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, again.StatusCode);
        Assert.Contains("imported before", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(4, await _app.Database.CountAsync("SELECT count(*) FROM incidents"));
    }

    [Fact]
    public async Task NdJson_InAnotherZone_ReadsLocalTimesThere()
    {
        const string mapping = """
            { "district": "T0", "format": "ndjson", "timeZone": "America/New_York", "defaultCategory": "dispute.neighbour",
              "columns": { "ref": "id", "reportedAt": "opened", "closedAt": "closed", "description": "what" } }
            """;
        const string lines = """
            {"id": 7, "opened": "2026-07-01T10:58:00", "closed": "2026-07-01T16:00:00-04:00", "what": "Graffiti"}

            {"id": 8, "opened": "2026-07-02T09:00:00Z", "closed": "2026-07-02T09:30:00Z", "what": "Sidewalk"}
            """;

        var response = await ImportAsync(mapping, lines);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await _app.Database.CountAsync("SELECT count(*) FROM incidents WHERE source_ref = '7' AND reported_at = '2026-07-01T14:58:00Z' AND closed_at = '2026-07-01T20:00:00Z'"));
        Assert.Equal(1, await _app.Database.CountAsync("SELECT count(*) FROM incidents WHERE source_ref = '8' AND reported_at = '2026-07-02T09:00:00Z'"));
    }

    [Fact]
    public async Task AnImportKeyForAnotherDistrict_CannotWriteThisDistrictsHistory()
    {
        await _app.Client.PostAsync("/api/hierarchy/import", new StringContent(NativeGeoJson.District("T9", 10).ToString(), Encoding.UTF8, "application/geo+json"));
        var (_, secret, _) = await _app.Service<GridOps.Web.Features.Access.AccessKeys>().CreateAsync(
            new GridOps.Web.Features.Access.NewAccessKey("T9 历史导入", GridOps.Web.Features.Access.AccessRole.Importer, "T9", null), "test", CancellationToken.None);
        using var key = _app.Factory.CreateClient();
        key.DefaultRequestHeaders.Add("X-Api-Key", secret);

        var response = await ImportAsync(Mapping, Export, key);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("no district 'T0' in your scope", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await _app.Database.CountAsync("SELECT count(*) FROM incidents"));
    }

    [Fact]
    public async Task AMonthFrozenBeforeTheDistrictHadAnyRowsInIt_GetsTheDistrictsRows_AndNothingElseChanges()
    {
        // September was frozen while T0 had nothing in it (it did not use GridOps yet).
        var store = _app.Service<AssessmentStore>();
        Assert.True(await store.FreezeAsync(new DateOnly(2026, 9, 1), CancellationToken.None));

        var response = await ImportAsync(Mapping, Export);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var summary = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Empty(summary.RootElement.GetProperty("keptFrozen").EnumerateArray());
        var september = await store.LoadAsync(new DateOnly(2026, 9, 1), AssessmentKind.Final, CancellationToken.None);
        Assert.Equal(2, Assert.Single(september!, r => r.Counts.Level == AssessmentLevel.District).Counts.Closed);
        var august = await store.LoadAsync(new DateOnly(2026, 8, 1), AssessmentKind.Final, CancellationToken.None);
        Assert.Equal(2, Assert.Single(august!, r => r.Counts.Level == AssessmentLevel.District).Counts.Closed);
    }

    [Fact]
    public async Task AMonthFrozenWithTheDistrictInIt_KeepsItsFinal_AndTheAnswerSaysSo()
    {
        Assert.Equal(HttpStatusCode.OK, (await ImportAsync(Mapping, Export)).StatusCode);
        var store = _app.Service<AssessmentStore>();
        var before = Assert.Single((await store.LoadAsync(new DateOnly(2026, 9, 1), AssessmentKind.Final, CancellationToken.None))!,
            r => r.Counts.Level == AssessmentLevel.District).Counts;

        // More of September, found later: September is T0's and frozen, so it stays as it was.
        var response = await ImportAsync(Mapping, """
            Unique Key,Created Date,Closed Date,Due Date,Complaint Type,Descriptor,Incident Address,Longitude,Latitude,Survey
            B-1,09/15/2026 10:00,09/15/2026 16:00,09/17/2026 10:00,Noise - Residential,Loud Music,5 Main St,110.01,30.01,
            """);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var summary = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(["2026-09"], summary.RootElement.GetProperty("keptFrozen").EnumerateArray().Select(m => m.GetString()));
        var after = Assert.Single((await store.LoadAsync(new DateOnly(2026, 9, 1), AssessmentKind.Final, CancellationToken.None))!,
            r => r.Counts.Level == AssessmentLevel.District).Counts;
        Assert.Equal(before, after);
    }

    [Theory]
    [InlineData("C-1,08/03/2026 09:15,08/03/2026 17:40,,Noise - Residential,Loud, very loud,,,,", "has 11 values where the header has 10")]
    [InlineData("C-1,08/03/2026 09:15,08/03/2026 17:40,,Noise - Residential,\"Loud\" music,,,,", "has 11 values where the header has 10")]
    [InlineData("C-1,08/03/2026 09:15,08/03/2026 17:40,,Noise - Residential,\"Loud music,,,,", "values where the header has 10")]
    public async Task ARowThatDoesNotReadAsItsHeader_IsRefusedByLine(string row, string reason)
    {
        var file = "Unique Key,Created Date,Closed Date,Due Date,Complaint Type,Descriptor,Incident Address,Longitude,Latitude,Survey\n" + row + "\n";

        var response = await ImportAsync(Mapping, file);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains(reason, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(0, await _app.Database.CountAsync("SELECT count(*) FROM incidents"));
    }
}
