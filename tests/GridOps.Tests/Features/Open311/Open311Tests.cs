using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using GridOps.TestSupport;

namespace GridOps.Tests.Features.Open311;

/// <summary>An Open311 GeoReport v2 client's view: services, post, read back, in JSON and XML.</summary>
public sealed class Open311Tests : IAsyncLifetime
{
    private const string Key = "test-open311-key";
    private TestApp _app = null!;
    private (double Lon, double Lat) _inGrid;

    private HttpClient? _client;
    private HttpClient? _poster;

    // An Open311 client: requests are read with a key, as they are posted.
    private HttpClient Client => _client ??= _app.WithKey(Key);

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(withDemo: true);
        await using var command = _app.Database.DataSource.CreateCommand("SELECT ST_X(label_point), ST_Y(label_point) FROM areas WHERE code = 'MH-2-1-1'");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        _inGrid = (reader.GetDouble(0), reader.GetDouble(1));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    // Posted as the spec has it: the key is a form field, nothing else identifies the client.
    private Task<HttpResponseMessage> PostAsync(string format, params (string Name, string Value)[] fields) =>
        (_poster ??= _app.Anonymous()).PostAsync($"/open311/v2/requests.{format}", new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))));

    private (string, string)[] ARequest(string description = "路灯不亮") =>
    [
        ("api_key", Key), ("service_code", "603"), ("lat", _inGrid.Lat.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
        ("long", _inGrid.Lon.ToString("R", System.Globalization.CultureInfo.InvariantCulture)), ("description", description),
        ("first_name", "小明"), ("last_name", "李"),
    ];

    [Fact]
    public async Task Services_Json_ListsTheCatalogueWithSpecFields()
    {
        var services = JsonDocument.Parse(await Client.GetStringAsync("/open311/v2/services.json")).RootElement;

        Assert.True(services.GetArrayLength() >= 30);
        var light = services.EnumerateArray().Single(s => s.GetProperty("service_code").GetString() == "603");
        Assert.Equal("路灯故障", light.GetProperty("service_name").GetString());
        Assert.False(light.GetProperty("metadata").GetBoolean());
        Assert.Equal("realtime", light.GetProperty("type").GetString());
        Assert.Equal("facilities", light.GetProperty("group").GetString());
    }

    [Fact]
    public async Task Services_Xml_IsUtf8WithOneElementPerService()
    {
        using var response = await Client.GetAsync("/open311/v2/services.xml");
        var text = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", text, StringComparison.OrdinalIgnoreCase);
        var xml = XDocument.Parse(text);
        Assert.Equal("services", xml.Root!.Name.LocalName);
        Assert.Contains(xml.Root.Elements("service"), s => s.Element("service_code")!.Value == "201" && s.Element("service_name")!.Value == "消防安全");
    }

    [Fact]
    public async Task ServiceDefinition_KnownAndUnknown()
    {
        var definition = JsonDocument.Parse(await Client.GetStringAsync("/open311/v2/services/603.json")).RootElement;
        Assert.Equal("603", definition.GetProperty("service_code").GetString());
        Assert.Equal(0, definition.GetProperty("attributes").GetArrayLength());

        using var missing = await Client.GetAsync("/open311/v2/services/999.xml");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        var error = XDocument.Parse(await missing.Content.ReadAsStringAsync()).Root!;
        Assert.Equal("errors", error.Name.LocalName);
        Assert.Equal("404", error.Element("error")!.Element("code")!.Value);
    }

    [Fact]
    public async Task PostThenRead_Json_RoundTrips()
    {
        using var posted = await PostAsync("json", ARequest());
        Assert.Equal(HttpStatusCode.Created, posted.StatusCode);
        var id = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement[0].GetProperty("service_request_id").GetString();

        var read = JsonDocument.Parse(await Client.GetStringAsync($"/open311/v2/requests/{id}.json")).RootElement[0];

        Assert.Equal(id, read.GetProperty("service_request_id").GetString());
        Assert.Equal("open", read.GetProperty("status").GetString());
        Assert.Equal("603", read.GetProperty("service_code").GetString());
        Assert.Equal("路灯不亮", read.GetProperty("description").GetString());
        Assert.Equal(_inGrid.Lat, read.GetProperty("lat").GetDouble(), 6);
        Assert.Equal("城市管理局", read.GetProperty("agency_responsible").GetString());
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$", read.GetProperty("requested_datetime").GetString());
    }

    [Fact]
    public async Task Names_AreInTheRequestsLanguage_TheReportersWordsAreNot()
    {
        using var posted = await PostAsync("json", ARequest());
        var id = JsonDocument.Parse(await posted.Content.ReadAsStringAsync()).RootElement[0].GetProperty("service_request_id").GetString();
        using var english = new HttpRequestMessage(HttpMethod.Get, $"/open311/v2/requests/{id}.json");
        english.Headers.AcceptLanguage.ParseAdd("en-US,en;q=0.9,zh-CN;q=0.5");

        var read = JsonDocument.Parse(await (await Client.SendAsync(english)).Content.ReadAsStringAsync()).RootElement[0];
        var services = JsonDocument.Parse(await Client.GetStringAsync("/open311/v2/services.json?locale=en")).RootElement;
        var chinese = JsonDocument.Parse(await Client.GetStringAsync($"/open311/v2/requests/{id}.json?locale=zh-CN")).RootElement[0];

        Assert.Equal("Street light out", read.GetProperty("service_name").GetString());
        Assert.Equal("City Management Bureau", read.GetProperty("agency_responsible").GetString());
        Assert.Equal("路灯不亮", read.GetProperty("description").GetString());
        var light = services.EnumerateArray().Single(s => s.GetProperty("service_code").GetString() == "603");
        Assert.Equal("Street light out", light.GetProperty("service_name").GetString());
        Assert.Equal("路灯故障", light.GetProperty("description").GetString());
        Assert.Equal("路灯故障", chinese.GetProperty("service_name").GetString());
    }

    [Fact]
    public async Task PostThenRead_Xml_RoundTrips()
    {
        using var posted = await PostAsync("xml", ARequest("路灯闪烁"));
        var id = XDocument.Parse(await posted.Content.ReadAsStringAsync()).Root!.Element("request")!.Element("service_request_id")!.Value;

        var read = XDocument.Parse(await Client.GetStringAsync($"/open311/v2/requests/{id}.xml")).Root!;

        Assert.Equal("service_requests", read.Name.LocalName);
        Assert.Equal("路灯闪烁", read.Element("request")!.Element("description")!.Value);
        Assert.Equal("open", read.Element("request")!.Element("status")!.Value);
    }

    [Fact]
    public async Task Post_WithoutAValidKey_Is403AndStoresNothing()
    {
        using var response = await PostAsync("json", [.. ARequest().Where(f => f.Item1 != "api_key"), ("api_key", "wrong")]);
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var error = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement[0];
        Assert.Equal(403, error.GetProperty("code").GetInt32());
        Assert.Empty(JsonDocument.Parse(await Client.GetStringAsync("/open311/v2/requests.json")).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task Post_BadService_Is400WithTheSpecErrorShape()
    {
        using var response = await PostAsync("json", [("api_key", Key), ("service_code", "nope"), ("lat", "30"), ("long", "120"), ("description", "x")]);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("service_code", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement[0].GetProperty("description").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ListRequests_FiltersByServiceStatusAndPages()
    {
        for (var i = 0; i < 5; i++)
        {
            using var _ = await PostAsync("json", ARequest($"路灯{i}"));
        }

        using var other = await PostAsync("json", [.. ARequest().Where(f => f.Item1 != "service_code"), ("service_code", "401")]);

        var lights = JsonDocument.Parse(await Client.GetStringAsync("/open311/v2/requests.json?service_code=603&status=open")).RootElement;
        Assert.Equal(5, lights.GetArrayLength());
        var page2 = JsonDocument.Parse(await Client.GetStringAsync("/open311/v2/requests.json?service_code=603&page=2&page_size=2")).RootElement;
        Assert.Equal(2, page2.GetArrayLength());
        var closed = JsonDocument.Parse(await Client.GetStringAsync("/open311/v2/requests.json?status=closed")).RootElement;
        Assert.Equal(0, closed.GetArrayLength());
        var both = XDocument.Parse(await Client.GetStringAsync("/open311/v2/requests.xml?service_code=603,401")).Root!;
        Assert.Equal(6, both.Elements("request").Count());
        using var bad = await Client.GetAsync("/open311/v2/requests.json?status=pending");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }
}
