using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridOps.TestSupport;
using GridOps.Web.Features.Locate;

namespace GridOps.Tests.Features.Locate;

/// <summary>The locate API over HTTP, on the demo district.</summary>
public sealed class LocateEndpointTests : IAsyncLifetime
{
    private TestApp _app = null!;

    private TestDatabase Database => _app.Database;

    private HttpClient Client => _app.Client;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(withDemo: true);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<(double Lon, double Lat)> AGridLabelPointAsync()
    {
        await using var command = Database.DataSource.CreateCommand("SELECT ST_X(label_point), ST_Y(label_point) FROM areas WHERE code = 'QS-1-1-1'");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetDouble(0), reader.GetDouble(1));
    }

    [Fact]
    public async Task Get_PointInAMicroGrid_AnswersTheWholeChain()
    {
        var (lon, lat) = await AGridLabelPointAsync();

        using var body = JsonDocument.Parse(await Client.GetStringAsync(FormattableString.Invariant($"/api/locate?lon={lon}&lat={lat}")));

        var location = body.RootElement.GetProperty("location");
        Assert.Equal("QS-1-1-1", location.GetProperty("microGrid").GetProperty("code").GetString());
        Assert.Equal("QS-1-1", location.GetProperty("grid").GetProperty("code").GetString());
        Assert.Equal("QS-1", location.GetProperty("community").GetProperty("code").GetString());
        Assert.Equal("青山街道", location.GetProperty("street").GetProperty("name").GetString());
        Assert.Equal("grid", location.GetProperty("grid").GetProperty("level").GetString());
    }

    [Fact]
    public async Task Get_Gcj02Point_IsConvertedBeforeLocating()
    {
        var (lon, lat) = await AGridLabelPointAsync();
        var (gLon, gLat) = CoordinateConversion.Wgs84ToGcj02(lon, lat);

        using var body = JsonDocument.Parse(await Client.GetStringAsync(FormattableString.Invariant($"/api/locate?lon={gLon}&lat={gLat}&crs=gcj02")));

        Assert.Equal("QS-1-1-1", body.RootElement.GetProperty("location").GetProperty("microGrid").GetProperty("code").GetString());
        Assert.Equal(lon, body.RootElement.GetProperty("wgs84").GetProperty("lon").GetDouble(), 6);
    }

    [Fact]
    public async Task Get_PointOutsideEveryGrid_Answers404WithAReason()
    {
        var response = await Client.GetAsync("/api/locate?lon=100&lat=20");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("outside every grid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("lon=abc&lat=30", "lon")]
    [InlineData("lon=NaN&lat=30", "lon")]
    [InlineData("lon=112&lat=91", "lat")]
    [InlineData("lon=-181&lat=30", "lon")]
    [InlineData("lat=30", "lon")]
    [InlineData("lon=112&lat=28&crs=utm", "crs")]
    public async Task Get_BadInput_Answers400NamingTheField(string query, string field)
    {
        var response = await Client.GetAsync($"/api/locate?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(body.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"no error for {field}");
    }

    [Fact]
    public async Task Post_ManyPoints_AnswersEachInOrder()
    {
        var (lon, lat) = await AGridLabelPointAsync();

        var response = await Client.PostAsJsonAsync("/api/locate", new { points = new[] { new { lon, lat }, new { lon = 100.0, lat = 20.0 } } });

        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(1, body.RootElement.GetProperty("located").GetInt32());
        var results = body.RootElement.GetProperty("results");
        Assert.Equal("QS-1-1", results[0].GetProperty("location").GetProperty("grid").GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Null, results[1].ValueKind);
    }

    [Fact]
    public async Task Post_MoreThanTenThousandPoints_IsRefused()
    {
        var points = Enumerable.Range(0, LocateQueries.MaxBatch + 1).Select(_ => new { lon = 112.95, lat = 28.21 });

        var response = await Client.PostAsJsonAsync("/api/locate", new { points });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("At most 10000 points", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/map", "/map")]
    [InlineData("/%5Cevil.example", "/")]
    [InlineData("//evil.example", "/")]
    [InlineData("https://evil.example", "/")]
    public async Task LanguageSwitch_RedirectsOnlyWithinGridOps(string returnUrl, string expected)
    {
        using var client = _app.Factory.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

        var response = await client.GetAsync($"/culture/en?returnUrl={Uri.EscapeDataString(Uri.UnescapeDataString(returnUrl))}");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(expected, response.Headers.Location?.OriginalString);
        Assert.Contains(".AspNetCore.Culture", response.Headers.GetValues("Set-Cookie").Single(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_PointWithoutLatitude_Answers400NamingIt()
    {
        var response = await Client.PostAsJsonAsync("/api/locate", new { points = new object[] { new { lon = 112.9, lat = 28.2 }, new { lon = 112.9 } } });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("points[1].lat", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
