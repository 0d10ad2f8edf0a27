using System.Net.Http.Json;
using System.Text.Json;
using GridOps.TestSupport;
using GridOps.Web.Features.Hotspots;

namespace GridOps.Tests.Features.Hotspots;

/// <summary>Repeat reports clustered in space and time raise one early warning per hotspot.</summary>
public sealed class HotspotTests : IAsyncLifetime
{
    private readonly ManualClock _clock = new(new DateTimeOffset(2026, 11, 23, 9, 0, 0, TimeSpan.FromHours(8)));
    private TestApp _app = null!;
    private (double Lon, double Lat) _centre;
    private HttpClient _client = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(withDemo: true, time: _clock, settings: new Dictionary<string, string> { ["Alerts:Sweep"] = "false" });
        _centre = await _app.Database.LabelPointAsync("BS-1-1");
        _client = _app.Client;
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task ThreeReportsOfOneKindWithin200Metres_RaiseOneHotspotAlert_WhichGrowsSilently()
    {
        await ReportAsync("environment.waste", 0, 0);
        await ReportAsync("environment.waste", 0.0005, 0.0003);     // ~60 m away
        await ReportAsync("dispute.neighbour", 0.0002, 0);            // another kind: not a repeat
        var scanner = _app.Service<HotspotScanner>();
        Assert.Equal(0, await scanner.ScanAsync(CancellationToken.None));

        _clock.Advance(TimeSpan.FromHours(5));
        await ReportAsync("environment.waste", -0.0006, 0.0008);    // the third, within 200 m of the others
        Assert.Equal(1, await scanner.ScanAsync(CancellationToken.None));
        Assert.Equal(0, await scanner.ScanAsync(CancellationToken.None));

        await ReportAsync("environment.waste", 0.0001, -0.0004);
        Assert.Equal(0, await scanner.ScanAsync(CancellationToken.None));

        Assert.Equal(1, await _app.Database.CountAsync("SELECT count(*) FROM alerts WHERE kind = 4"));
        Assert.Equal(4, await _app.Database.CountAsync("SELECT cardinality(incident_ids) FROM hotspots"));
        using var layer = JsonDocument.Parse(await _app.Client.GetStringAsync("/api/map/hotspots"));
        var hotspot = Assert.Single(layer.RootElement.GetProperty("features").EnumerateArray());
        Assert.Equal(4, hotspot.GetProperty("properties").GetProperty("reports").GetInt32());
        Assert.EndsWith("Polygon", hotspot.GetProperty("geometry").GetProperty("type").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportsFarApartOrOutsideTheWindow_AreNoHotspot()
    {
        await ReportAsync("environment.waste", 0, 0);
        await ReportAsync("environment.waste", 0.01, 0);            // ~1 km away
        _clock.Advance(TimeSpan.FromHours(80));                       // beyond the 72-hour window
        _client = await _app.SignInAsync(TestApp.AdminName, TestApp.AdminPassword);
        await ReportAsync("environment.waste", 0.0001, 0);
        await ReportAsync("environment.waste", 0.0002, 0);

        Assert.Equal(0, await _app.Service<HotspotScanner>().ScanAsync(CancellationToken.None));
        Assert.Equal(0, await _app.Database.CountAsync("SELECT count(*) FROM hotspots"));
    }

    [Fact]
    public async Task AHotspotOutsideEveryGrid_IsShownToItsDistrictsCentre_NotToAStreet()
    {
        // Half a degree east of the grid: outside every grid, nearest the demo district, so the demo's unlocated reports.
        foreach (var dLat in new[] { 0.0, 0.0004, 0.0008 })
        {
            await ReportAsync("environment.waste", 0.5, dLat);
        }

        Assert.Equal(1, await _app.Service<HotspotScanner>().ScanAsync(CancellationToken.None));

        // Another district's administrator: the hotspot's reports are not theirs.
        var other = GridOps.Tests.Features.HierarchyImport.NativeGeoJson.District("T0", 0).Add("grid", "T0-S-C-1", "T0-S-C", GridOps.Tests.Features.HierarchyImport.NativeGeoJson.Square(0, 0, 4, 4));
        using (var imported = await _app.Client.PostAsync("/api/hierarchy/import", new StringContent(other.ToString(), System.Text.Encoding.UTF8, "application/geo+json")))
        {
            imported.EnsureSuccessStatusCode();
        }

        Assert.Empty((await _app.Service<GridOps.Web.Features.Access.UserAccounts>().CreateAsync(new GridOps.Web.Features.Access.NewUser(
            "t0-admin", "T0 管理员", "long-enough-password", GridOps.Web.Features.Access.AccessRole.Administrator, "T0", null), "test", CancellationToken.None)).Errors);

        Assert.Equal(1, await HotspotsSeenByAsync("command"));
        Assert.Equal(0, await HotspotsSeenByAsync("leader"));
        Assert.Equal(0, await HotspotsSeenByAsync("t0-admin", "long-enough-password"));
        Assert.Equal(1, await HotspotsSeenByAsync(TestApp.AdminName, TestApp.AdminPassword));
    }

    private async Task<int> HotspotsSeenByAsync(string user, string? password = null)
    {
        var client = await _app.SignInAsync(user, password ?? GridOps.Web.Features.Access.AccessSeeder.DemoPassword);
        using var layer = JsonDocument.Parse(await client.GetStringAsync("/api/map/hotspots"));
        return layer.RootElement.GetProperty("features").GetArrayLength();
    }

    private async Task ReportAsync(string category, double dLon, double dLat)
    {
        using var response = await _client.PostAsJsonAsync("/api/incidents",
            new { category, description = "重复上报", lon = _centre.Lon + dLon, lat = _centre.Lat + dLat });
        response.EnsureSuccessStatusCode();
    }
}
