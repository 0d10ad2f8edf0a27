using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridOps.TestSupport;
using GridOps.Web.Data;
using GridOps.Web.Features.Incidents;
using Microsoft.EntityFrameworkCore;

namespace GridOps.Tests.Features.Incidents;

/// <summary>Reporting and working incidents over HTTP, on the demo district, with a clock the test moves.</summary>
public sealed class IncidentApiTests : IAsyncLifetime
{
    // Monday 23 November 2026, 10:00 in Beijing.
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, TimeSpan.FromHours(8)));
    private TestApp _app = null!;
    private (double Lon, double Lat) _inGrid;

    private HttpClient Client => _app.Client;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(withDemo: true, _clock);
        await using var command = _app.Database.DataSource.CreateCommand("SELECT ST_X(label_point), ST_Y(label_point) FROM areas WHERE code = 'QS-1-1-1'");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        _inGrid = (reader.GetDouble(0), reader.GetDouble(1));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private object Report(string description = "楼道堆放杂物，影响通行", string category = "dispute.neighbour", double? lon = null, double? lat = null) =>
        new { category, description, lon = lon ?? _inGrid.Lon, lat = lat ?? _inGrid.Lat, reporterName = "网格员张三" };

    // A session ends after 12 idle hours of the app's clock, so a test that moves the clock by days signs in again.
    private async Task AdvanceAsync(TimeSpan by)
    {
        _clock.Advance(by);
        await SignIn.WithPasswordAsync(Client, TestApp.AdminName, TestApp.AdminPassword);
    }

    private async Task<JsonElement> PostAsync(object body, string? key = null, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/incidents") { Content = JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        using var response = await Client.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<JsonElement> ActAsync(string ticket, string action, object body, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var response = await Client.PostAsJsonAsync($"/api/incidents/{ticket}/{action}", body);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(expected == response.StatusCode, $"{action}: {response.StatusCode}: {text}");
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    private async Task<long> CountIncidentsAsync()
    {
        await using var command = _app.Database.DataSource.CreateCommand("SELECT count(*) FROM incidents");
        return (long)(await command.ExecuteScalarAsync())!;
    }

    [Fact]
    public async Task Post_InsideAGrid_IsLocatedTieredAndLogged()
    {
        var incident = await PostAsync(Report());

        Assert.Equal("QS-1-1", incident.GetProperty("areas").GetProperty("grid").GetString());
        Assert.Equal("QS-1-1-1", incident.GetProperty("areas").GetProperty("microGrid").GetString());
        Assert.Equal("QS-1", incident.GetProperty("areas").GetProperty("community").GetString());
        Assert.Equal("QS", incident.GetProperty("areas").GetProperty("street").GetString());
        Assert.Equal("reported", incident.GetProperty("state").GetString());
        Assert.Equal("green", incident.GetProperty("tier").GetString());
        Assert.Equal("category:green", incident.GetProperty("tierReason").GetString());
        Assert.StartsWith("20261123", incident.GetProperty("ticketNo").GetString(), StringComparison.Ordinal);
        var events = await Client.GetFromJsonAsync<JsonElement>($"/api/incidents/{incident.GetProperty("ticketNo").GetString()}/events");
        var report = Assert.Single(events.EnumerateArray());
        Assert.Equal("report", report.GetProperty("action").GetString());
        // The log names whoever is signed in, not the reporter name the body carries.
        Assert.Equal("测试管理员 (test-admin)", report.GetProperty("actor").GetString());
    }

    [Fact]
    public async Task Post_OutsideEveryGrid_IsAcceptedAndFlaggedUnlocated()
    {
        var incident = await PostAsync(Report(lon: 100.0, lat: 20.0));

        Assert.True(incident.GetProperty("unlocated").GetBoolean());
        Assert.Equal(JsonValueKind.Null, incident.GetProperty("areas").GetProperty("grid").ValueKind);
        var list = await Client.GetFromJsonAsync<JsonElement>("/api/incidents?unlocated=true");
        Assert.Equal(1, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task Post_JustOutsideTheDistrictsEdge_GoesToTheNearestGrid_MarkedWithTheDistance()
    {
        // 12 m beyond the district's outermost corner, straight away from its centre: outside every grid, within 30 m of one.
        await using var command = _app.Database.DataSource.CreateCommand("""
            WITH d AS (SELECT boundary, ST_Centroid(boundary) AS c FROM areas WHERE level = 0 AND retired_at IS NULL),
            corner AS (SELECT (ST_DumpPoints(d.boundary)).geom AS g, d.c FROM d ORDER BY 1 LIMIT 1000000),
            outermost AS (SELECT g, c FROM corner ORDER BY ST_Distance(g, c) DESC LIMIT 1),
            p AS (SELECT ST_Project(g::geography, 12, ST_Azimuth(c, g))::geometry AS p, ST_Project(g::geography, 300, ST_Azimuth(c, g))::geometry AS far FROM outermost)
            SELECT ST_X(p), ST_Y(p), ST_X(far), ST_Y(far),
                (SELECT code FROM areas a WHERE a.level = 3 AND a.retired_at IS NULL ORDER BY ST_Distance(a.boundary::geography, p::geography) LIMIT 1) FROM p
            """);
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        var (lon, lat, farLon, farLat, nearest) = (reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetDouble(3), reader.GetString(4));

        var incident = await PostAsync(Report(lon: lon, lat: lat));
        var far = await PostAsync(Report(description: "河道漂浮物", lon: farLon, lat: farLat));

        Assert.False(incident.GetProperty("unlocated").GetBoolean());
        Assert.Equal(nearest, incident.GetProperty("areas").GetProperty("grid").GetString());
        Assert.InRange(incident.GetProperty("snappedMetres").GetDouble(), 0.5, 12.5);
        var stored = await Client.GetFromJsonAsync<JsonElement>("/api/incidents/" + incident.GetProperty("ticketNo").GetString());
        Assert.Equal(incident.GetProperty("snappedMetres").GetDouble(), stored.GetProperty("snappedMetres").GetDouble());
        Assert.True(far.GetProperty("unlocated").GetBoolean());
        Assert.Equal(JsonValueKind.Null, far.GetProperty("snappedMetres").ValueKind);
    }

    [Fact]
    public async Task Post_SameKeyConcurrently_YieldsOneIncident()
    {
        var body = Report();
        var responses = await Task.WhenAll(Enumerable.Range(0, 12).Select(async _ =>
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/incidents") { Content = JsonContent.Create(body) };
            request.Headers.Add("Idempotency-Key", "phone-7f3a-0001");
            using var response = await Client.SendAsync(request);
            var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
            return (response.StatusCode, Ticket: json.GetProperty("ticketNo").GetString());
        }));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Created);
        Assert.All(responses, r => Assert.Contains(r.StatusCode, new[] { HttpStatusCode.Created, HttpStatusCode.OK }));
        Assert.Single(responses.Select(r => r.Ticket).Distinct());
        Assert.Equal(1, await CountIncidentsAsync());
    }

    [Fact]
    public async Task Post_SameKeyWithADifferentReport_IsRefused()
    {
        await PostAsync(Report(), key: "k-1");
        var problem = await PostAsync(Report(description: "另一件事"), key: "k-1", expected: HttpStatusCode.UnprocessableEntity);
        Assert.True(problem.GetProperty("errors").TryGetProperty("Idempotency-Key", out _));
        Assert.Equal(1, await CountIncidentsAsync());
    }

    public static TheoryData<string, string> BadReports() => new()
    {
        { """{"category":"dispute.neighbour","description":"x","lon":"NaN","lat":30}""", "lon" },
        { """{"category":"dispute.neighbour","description":"x","lon":200,"lat":30}""", "lon" },
        { """{"category":"dispute.neighbour","description":"x","lon":120,"lat":-91}""", "lat" },
        { """{"category":"dispute.neighbour","description":"x","lon":120}""", "lat" },
        { """{"category":"no.such.thing","description":"x"}""", "category" },
        { """{"category":"dispute.neighbour","description":"   "}""", "description" },
        { """{"category":"dispute.neighbour","description":"x","crs":"mars"}""", "crs" },
        { """{"category":"dispute.neighbour","description":"x","reportedAt":"2099-01-01T00:00:00Z"}""", "reportedAt" },
    };

    [Theory]
    [MemberData(nameof(BadReports))]
    public async Task Post_BadInput_NamesTheFieldAndStoresNothing(string json, string field)
    {
        using var response = await Client.PostAsync("/api/incidents", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
        Assert.Equal(0, await CountIncidentsAsync());
    }

    [Fact]
    public async Task Post_TenMegabyteDescription_IsRefused()
    {
        var problem = await PostAsync(Report(description: new string('长', 10 * 1024 * 1024 / 3)), expected: HttpStatusCode.BadRequest);
        Assert.True(problem.GetProperty("errors").TryGetProperty("description", out _));
        Assert.Equal(0, await CountIncidentsAsync());
    }

    [Fact]
    public async Task Post_ScriptInText_IsStoredAsText()
    {
        const string script = "<script>alert('x')</script> & <img src=x onerror=alert(1)>";
        var incident = await PostAsync(Report(description: script));
        var read = await Client.GetFromJsonAsync<JsonElement>($"/api/incidents/{incident.GetProperty("ticketNo").GetString()}");
        Assert.Equal(script, read.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Post_ThirdSimilarReportNearby_IsRaisedOneColour()
    {
        await PostAsync(Report());
        await AdvanceAsync(TimeSpan.FromHours(20));
        await PostAsync(Report(lon: _inGrid.Lon + 0.0005));
        await AdvanceAsync(TimeSpan.FromHours(20));
        var third = await PostAsync(Report(lat: _inGrid.Lat + 0.0005));

        Assert.Equal("blue", third.GetProperty("tier").GetString());
        Assert.Contains("repeats:2", third.GetProperty("tierReason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ClosedLoop_EveryStepThroughTheApi_EndsEvaluatedWithTheWholeLog()
    {
        var ticket = (await PostAsync(Report())).GetProperty("ticketNo").GetString()!;
        var steps = new (string Action, object Body)[]
        {
            ("accept", new { version = 1 }),
            ("dispatch", new { version = 2, areaCode = "QS-1-1" }),
            ("whistle", new { version = 3, departmentCodes = new[] { "CG", "SJ" }, reportInMinutes = 30 }),
            ("reportIn", new { version = 4, departmentCode = "CG" }),
            ("startHandling", new { version = 5 }),
            ("reportBack", new { version = 6, text = "杂物已清理" }),
            ("close", new { version = 7 }),
            ("evaluate", new { version = 8, evaluation = "satisfied" }),
        };
        JsonElement last = default;
        foreach (var (action, body) in steps)
        {
            await AdvanceAsync(TimeSpan.FromMinutes(10));
            last = await ActAsync(ticket, action, body);
        }

        Assert.Equal("evaluated", last.GetProperty("state").GetString());
        Assert.Equal("QS-1-1", last.GetProperty("assigneeArea").GetString());
        var events = await Client.GetFromJsonAsync<JsonElement>($"/api/incidents/{ticket}/events");
        Assert.Equal(9, events.GetArrayLength());
        Assert.Equal(Enumerable.Range(1, 9), events.EnumerateArray().Select(e => e.GetProperty("seq").GetInt32()));
    }

    [Fact]
    public async Task Act_OnAStaleVersion_Is409WithTheCurrentState()
    {
        var ticket = (await PostAsync(Report())).GetProperty("ticketNo").GetString()!;
        await ActAsync(ticket, "accept", new { version = 1, actor = "调度员甲" });

        var conflict = await ActAsync(ticket, "void", new { version = 1, reason = "重复" }, HttpStatusCode.Conflict);

        Assert.Equal("accepted", conflict.GetProperty("current").GetProperty("state").GetString());
        Assert.Equal(2, conflict.GetProperty("current").GetProperty("version").GetInt32());
    }

    [Fact]
    public async Task Act_IllegalTransition_IsRefusedWithTheReason()
    {
        var ticket = (await PostAsync(Report())).GetProperty("ticketNo").GetString()!;
        var refusal = await ActAsync(ticket, "close", new { version = 1 }, HttpStatusCode.UnprocessableEntity);
        Assert.Equal("IllegalTransition", refusal.GetProperty("code").GetString());
        Assert.Contains("Reported", refusal.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Act_ConcurrentActionsOnOneVersion_ExactlyOneWins()
    {
        var ticket = (await PostAsync(Report())).GetProperty("ticketNo").GetString()!;
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(async i =>
        {
            using var response = await Client.PostAsJsonAsync($"/api/incidents/{ticket}/accept", new { version = 1, actor = $"调度员{i}" });
            return response.StatusCode;
        }));
        Assert.Single(results, s => s == HttpStatusCode.OK);
        Assert.All(results.Where(s => s != HttpStatusCode.OK), s => Assert.Equal(HttpStatusCode.Conflict, s));
    }

    [Fact]
    public async Task StoredState_IsTheReplayOfTheStoredLog()
    {
        var ticket = (await PostAsync(Report())).GetProperty("ticketNo").GetString()!;
        await ActAsync(ticket, "accept", new { version = 1 });
        await ActAsync(ticket, "dispatch", new { version = 2, areaCode = "QS-1" });
        await AdvanceAsync(TimeSpan.FromHours(3));
        await ActAsync(ticket, "suspend", new { version = 3, reason = "等待业主回来" });
        await AdvanceAsync(TimeSpan.FromDays(2));
        await ActAsync(ticket, "resume", new { version = 4 });
        await ActAsync(ticket, "retier", new { version = 5, tier = "yellow", reason = "涉及多户" });

        await using var context = await _app.Service<IDbContextFactory<GridOpsDbContext>>().CreateDbContextAsync();
        var stored = await context.Set<Incident>().AsNoTracking().SingleAsync(i => i.TicketNo == ticket);
        var replayed = IncidentLifecycle.Replay(await context.Set<IncidentEvent>().AsNoTracking().Where(e => e.IncidentId == stored.Id).ToListAsync());

        Assert.Equal(stored.State, replayed.State);
        Assert.Equal(stored.Tier, replayed.Tier);
        Assert.Equal(stored.Version, replayed.Version);
        Assert.Equal(stored.DueAt, replayed.DueAt);
        Assert.Equal(stored.StepElapsedMinutes, replayed.StepElapsedMinutes);
        Assert.Equal(stored.AssigneeAreaId, replayed.AssigneeAreaId);
    }

    [Fact]
    public async Task List_OverdueFilter_FindsWhatRanPastItsLimit()
    {
        var ticket = (await PostAsync(Report())).GetProperty("ticketNo").GetString()!;
        Assert.Equal(0, (await Client.GetFromJsonAsync<JsonElement>("/api/incidents?timeliness=overdue")).GetProperty("total").GetInt32());

        await AdvanceAsync(TimeSpan.FromHours(2)); // green accept limit is 60 working minutes
        var overdue = await Client.GetFromJsonAsync<JsonElement>("/api/incidents?timeliness=overdue");

        Assert.Equal(ticket, overdue.GetProperty("rows")[0].GetProperty("ticketNo").GetString());
        Assert.Equal("overdue", overdue.GetProperty("rows")[0].GetProperty("timeliness").GetString());
    }

    [Fact]
    public async Task List_BadFilter_NamesTheField()
    {
        using var response = await Client.GetAsync("/api/incidents?tier=purple&from=yesterday");
        var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(problem.GetProperty("errors").TryGetProperty("tier", out _));
        Assert.True(problem.GetProperty("errors").TryGetProperty("from", out _));
    }

    [Fact]
    public async Task List_EachOrderTheGridOffers_IsTheDatabasesOrder()
    {
        await PostAsync(Report("邻里因停车位发生口角"));
        await PostAsync(Report("小区内疑似燃气泄漏", category: "environment.appearance"));
        await PostAsync(Report("楼道堆放杂物"));
        await AdvanceAsync(TimeSpan.FromMinutes(10));
        await PostAsync(Report("夜间施工噪声扰民"));

        async Task<List<JsonElement>> RowsAsync(string sort) =>
            [.. (await Client.GetFromJsonAsync<JsonElement>($"/api/incidents?pageSize=500&sort={sort}")).GetProperty("rows").EnumerateArray()];
        static int Rank(JsonElement row) => Array.IndexOf(["green", "blue", "yellow", "red"], row.GetProperty("tier").GetString());
        static DateTimeOffset? Due(JsonElement row) => row.GetProperty("dueAt").ValueKind == JsonValueKind.Null ? null : row.GetProperty("dueAt").GetDateTimeOffset();

        var lowestFirst = (await RowsAsync("-tier")).Select(Rank).ToList();
        Assert.Equal(lowestFirst.Order(), lowestFirst);
        Assert.NotEqual(lowestFirst.First(), lowestFirst.Last());
        var highestFirst = (await RowsAsync("tier")).Select(Rank).ToList();
        Assert.Equal(highestFirst.OrderDescending(), highestFirst);

        var latestDue = (await RowsAsync("-due")).Select(Due).ToList();
        Assert.Equal(latestDue.Where(d => d is not null).OrderDescending(), latestDue.TakeWhile(d => d is not null));
        var soonestDue = (await RowsAsync("due")).Select(Due).ToList();
        Assert.Equal(soonestDue.Where(d => d is not null).Order(), soonestDue.TakeWhile(d => d is not null));
        Assert.NotEqual(latestDue.First(), soonestDue.First());
    }
}
