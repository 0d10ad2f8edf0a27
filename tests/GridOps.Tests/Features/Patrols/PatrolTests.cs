using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridOps.TestSupport;
using GridOps.Web.Features.Assessment;
using GridOps.Web.Features.Patrols;

namespace GridOps.Tests.Features.Patrols;

/// <summary>Patrol check-ins from a grid worker, the monthly plan, and the patrol rate the assessment shows.</summary>
public sealed class PatrolTests : IAsyncLifetime
{
    private static readonly TimeSpan Beijing = TimeSpan.FromHours(8);
    private static readonly DateOnly November = new(2026, 11, 1);
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 23, 10, 0, 0, Beijing));
    private TestApp _app = null!;
    private HttpClient _worker = null!;
    private (double Lon, double Lat) _inside;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(withDemo: true, time: _clock, settings: new Dictionary<string, string> { ["Alerts:Sweep"] = "false" });
        _worker = await _app.SignInAsync("grid");
        _inside = await _app.Database.LabelPointAsync("BS-1-1");
        await _app.Service<PatrolPlans>().PublishAsync(November, CancellationToken.None);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ThePlan_IsWorkersTimesWorkingDays_AndPublishingAgainChangesNothing()
    {
        // November 2026: no holidays, 21 weekdays (2–6, 9–13, 16–20, 23–27, 30); demo grids have two grid workers.
        Assert.Equal(42, await _app.Database.CountAsync($"SELECT planned FROM patrol_plans p JOIN areas g ON g.id = p.grid_id WHERE g.code = 'BS-1-1' AND p.month = '{November:yyyy-MM-dd}'"));
        Assert.Equal(0, await _app.Service<PatrolPlans>().PublishAsync(November, CancellationToken.None));
        Assert.Equal(await _app.Database.CountAsync("SELECT count(*) FROM areas WHERE level = 3"), await _app.Database.CountAsync("SELECT count(*) FROM patrol_plans"));
    }

    [Fact]
    public async Task ThePlan_CarriesOverTheGridsOpenIncidents()
    {
        foreach (var text in new[] { "楼道堆物", "路灯不亮" })
        {
            using var response = await _app.Client.PostAsJsonAsync("/api/incidents", new { category = "environment.appearance", description = text, lon = _inside.Lon, lat = _inside.Lat });
            response.EnsureSuccessStatusCode();
        }

        await _app.Service<PatrolPlans>().PublishAsync(November.AddMonths(1), CancellationToken.None);

        Assert.Equal(2, await _app.Database.CountAsync("SELECT carried_over FROM patrol_plans p JOIN areas g ON g.id = p.grid_id WHERE g.code = 'BS-1-1' AND p.month = '2026-12-01'"));
        Assert.Equal(0, await _app.Database.CountAsync("SELECT carried_over FROM patrol_plans p JOIN areas g ON g.id = p.grid_id WHERE g.code = 'BS-1-1' AND p.month = '2026-11-01'"));
    }

    [Fact]
    public async Task CheckIns_InsideTheGrid_CountOncePerWorkerAndDay_OutsideTheToleranceAreKeptButNotCounted()
    {
        var first = await CheckInAsync(_inside.Lon, _inside.Lat);
        Assert.False(first.GetProperty("outside").GetBoolean());
        Assert.Equal(0, first.GetProperty("distanceMeters").GetDouble());
        await CheckInAsync(_inside.Lon, _inside.Lat);               // the same day again: still one patrol
        _clock.Advance(TimeSpan.FromDays(1));
        _worker = await _app.SignInAsync("grid");                   // the session does not outlive a day
        await CheckInAsync(_inside.Lon, _inside.Lat);
        var far = await CheckInAsync(_inside.Lon + 0.02, _inside.Lat);  // about 2 km east
        Assert.True(far.GetProperty("outside").GetBoolean());
        Assert.True(far.GetProperty("distanceMeters").GetDouble() > 100);

        var rows = await _app.Service<AssessmentStore>().ComputeAsync(November, CancellationToken.None);

        var grid = rows.Single(r => r.Counts.Level == AssessmentLevel.Grid && r.Counts.Unit == "BS-1-1").Counts;
        Assert.Equal((2, 42), (grid.PatrolsDone, grid.PatrolsPlanned));
        var community = rows.Single(r => r.Counts.Level == AssessmentLevel.Community && r.Counts.Unit == "BS-1").Counts;
        Assert.Equal(2, community.PatrolsDone);
        Assert.Equal(await _app.Database.CountAsync("SELECT sum(p.planned) FROM patrol_plans p JOIN areas g ON g.id = p.grid_id JOIN areas c ON c.id = g.parent_id WHERE c.code = 'BS-1'"),
            community.PatrolsPlanned);
        Assert.Equal(await _app.Database.CountAsync("SELECT sum(planned) FROM patrol_plans"),
            rows.Single(r => r.Counts.Level == AssessmentLevel.District).Counts.PatrolsPlanned);
        Assert.Contains("4.76 %", await _worker.GetStringAsync("/m/patrol"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ACheckInJustOutsideTheGrid_WithinTheTolerance_Counts()
    {
        var (lon, lat) = await JustOutsideAsync(0.0004);

        var patrol = await CheckInAsync(lon, lat);

        Assert.False(patrol.GetProperty("outside").GetBoolean());
        Assert.InRange(patrol.GetProperty("distanceMeters").GetDouble(), 1, 60);
    }

    [Fact]
    public async Task BadCheckIns_AreRefusedWithTheField_AndOnlyGridWorkersCheckIn()
    {
        using var badLon = await _worker.PostAsJsonAsync("/api/patrols", new { lon = 200.0, lat = _inside.Lat });
        Assert.Equal(HttpStatusCode.BadRequest, badLon.StatusCode);
        Assert.Contains("\"lon\"", await badLon.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var noLat = await _worker.PostAsJsonAsync("/api/patrols", new { lon = _inside.Lon });
        Assert.Contains("\"lat\"", await noLat.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        using var badCrs = await _worker.PostAsJsonAsync("/api/patrols", new { lon = _inside.Lon, lat = _inside.Lat, crs = "utm" });
        Assert.Equal(HttpStatusCode.BadRequest, badCrs.StatusCode);
        var community = await _app.SignInAsync("community");
        using var notAWorker = await community.PostAsJsonAsync("/api/patrols", new { lon = _inside.Lon, lat = _inside.Lat });
        Assert.Equal(HttpStatusCode.Forbidden, notAWorker.StatusCode);
        Assert.Equal(0, await _app.Database.CountAsync("SELECT count(*) FROM patrols"));
    }

    [Fact]
    public async Task TheSameIdempotencyKey_RecordsOneCheckIn()
    {
        var first = await CheckInAsync(_inside.Lon, _inside.Lat, key: "tap-1");
        var again = await CheckInAsync(_inside.Lon, _inside.Lat, key: "tap-1");

        Assert.Equal(first.GetProperty("id").GetInt64(), again.GetProperty("id").GetInt64());
        Assert.Equal(1, await _app.Database.CountAsync("SELECT count(*) FROM patrols"));
    }

    [Fact]
    public async Task TodaysPatrols_AreAMapLayer_InTheViewersScope()
    {
        await CheckInAsync(_inside.Lon, _inside.Lat);
        var leader2 = await _app.SignInAsync("leader2");   // another street

        using var mine = JsonDocument.Parse(await _worker.GetStringAsync("/api/map/patrols"));
        using var theirs = JsonDocument.Parse(await leader2.GetStringAsync("/api/map/patrols"));

        var point = Assert.Single(mine.RootElement.GetProperty("features").EnumerateArray());
        Assert.Equal("BS-1-1", point.GetProperty("properties").GetProperty("grid").GetString());
        Assert.Empty(theirs.RootElement.GetProperty("features").EnumerateArray());
    }

    private async Task<JsonElement> CheckInAsync(double lon, double lat, string? key = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/patrols") { Content = JsonContent.Create(new { lon, lat, accuracy = 12.0 }) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        using var response = await _worker.SendAsync(request);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.Clone();
    }

    /// <summary>A point east of the grid's eastern edge by <paramref name="degrees"/> of longitude.</summary>
    private async Task<(double Lon, double Lat)> JustOutsideAsync(double degrees)
    {
        var xy = await _app.Database.StringsAsync("""
            SELECT ST_X(p)::text || ' ' || ST_Y(p)::text FROM (
                SELECT ST_ClosestPoint(boundary, ST_SetSRID(ST_MakePoint(ST_X(label_point) + 1, ST_Y(label_point)), 4326)) AS p
                FROM areas WHERE code = 'BS-1-1') q
            """);
        var parts = xy[0].Split(' ').Select(v => double.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray();
        return (parts[0] + degrees, parts[1]);
    }
}
