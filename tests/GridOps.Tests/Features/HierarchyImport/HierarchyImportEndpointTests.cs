using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using GridOps.TestSupport;

namespace GridOps.Tests.Features.HierarchyImport;

public sealed class HierarchyImportEndpointTests : IAsyncLifetime
{
    private TestApp _app = null!;

    private TestDatabase Database => _app.Database;

    private HttpClient Client => _app.Client;

    public async Task InitializeAsync() => _app = await TestApp.StartAsync(withDemo: false);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task PostMultipart_HangzhouWithItsMapping_ImportsAndExportsAgain()
    {
        // A form is what a browser can send from anywhere: it carries the page's antiforgery token.
        using var form = new MultipartFormDataContent
        {
            { new StringContent(await SignIn.AntiforgeryTokenAsync(Client, "/account")), "__RequestVerificationToken" },
            { new StringContent(await File.ReadAllTextAsync(Path.Combine(SharedData.RepositoryRoot, "mappings", "hangzhou-xiacheng.json"))), "mapping" },
        };
        foreach (var file in new[] { "district_outline_gcj02.geojson", "street.geojson", "community.geojson", "grid.geojson" })
        {
            var content = new ByteArrayContent(await File.ReadAllBytesAsync(Path.Combine(SharedData.HangzhouFolder, file)));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/geo+json");
            form.Add(content, file, file);
        }

        var response = await Client.PostAsync("/api/hierarchy/import", form);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var summary = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(297, summary.RootElement.GetProperty("areas").GetProperty("grid").GetInt32());
        var export = await Client.GetAsync("/api/hierarchy/export?district=330103");
        Assert.Equal("application/geo+json", export.Content.Headers.ContentType?.MediaType);
        using var exported = JsonDocument.Parse(await export.Content.ReadAsStringAsync());
        Assert.Equal(1 + 8 + 75 + 297, exported.RootElement.GetProperty("features").GetArrayLength());
    }

    [Fact]
    public async Task PostNative_WithAnInvalidFeature_Answers422NamingIt_AndStoresNothing()
    {
        var json = NativeGeoJson.District().Add("grid", "T0-S-C-9", "T0-S-C",
            NativeGeoJson.Raw("Polygon", """[[[110.0,30.0],[110.02,30.02],[110.02,30.0],[110.0,30.02],[110.0,30.0]]]"""));

        var response = await Client.PostAsync("/api/hierarchy/import", new StringContent(json.ToString(), Encoding.UTF8, "application/geo+json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var body = await response.Content.ReadAsStringAsync();
        Assert.Contains("body feature #3 (T0-S-C-9)", body, StringComparison.Ordinal);
        Assert.Contains("Self-intersection", body, StringComparison.Ordinal);
        Assert.Equal(0, await Database.CountAsync("SELECT count(*) FROM areas"));
        Assert.Equal(0, await Database.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'hierarchy-imported'"));
    }

    [Fact]
    public async Task PostNative_AskingForNdJson_StreamsProgressThenTheSummary()
    {
        var json = NativeGeoJson.District().Add("grid", "T0-S-C-1", "T0-S-C", NativeGeoJson.Square(0, 0, 4, 4));
        var response = await PostAskingForNdJsonAsync(json);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonDocument.Parse(line).RootElement).ToList();

        Assert.Equal("application/x-ndjson", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains(lines, l => l.TryGetProperty("progress", out var p) && p.GetString()!.StartsWith("Read 4 features", StringComparison.Ordinal));
        Assert.Equal(1, lines[^1].GetProperty("summary").GetProperty("areas").GetProperty("grid").GetInt32());
        // An import is an administrator's change: the audit log names who, and which district.
        Assert.Equal(1, await Database.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'hierarchy-imported' AND target = 'T0' AND actor LIKE '%test-admin%'"));
        Assert.Equal(0, await Database.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'hierarchy-imported' AND target <> 'T0'"));
    }

    [Fact]
    public async Task PostNative_AskingForNdJson_EndsWithTheRefusal()
    {
        var json = NativeGeoJson.District().Add("grid", "T0-S-C-9", "T0-S-X", NativeGeoJson.Square(0, 0, 4, 4));
        var body = await (await PostAskingForNdJsonAsync(json)).Content.ReadAsStringAsync();
        var last = JsonDocument.Parse(body.Split('\n', StringSplitOptions.RemoveEmptyEntries)[^1]).RootElement;

        Assert.Contains("T0-S-X", last.GetProperty("refused").GetProperty("errors").GetRawText(), StringComparison.Ordinal);
        Assert.Equal(0, await Database.CountAsync("SELECT count(*) FROM areas"));
    }

    private async Task<HttpResponseMessage> PostAskingForNdJsonAsync(NativeGeoJson json)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/hierarchy/import")
        {
            Content = new StringContent(json.ToString(), Encoding.UTF8, "application/geo+json"),
        };
        request.Headers.Accept.ParseAdd("application/x-ndjson");
        return await Client.SendAsync(request);
    }

    [Fact]
    public async Task PostNative_NotJson_Answers422()
    {
        var response = await Client.PostAsync("/api/hierarchy/import", new StringContent("{ not json", Encoding.UTF8, "application/geo+json"));

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("is not valid JSON", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetExport_UnknownDistrict_Answers404()
    {
        var response = await Client.GetAsync("/api/hierarchy/export?district=NOPE");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

/// <summary>Machine clients import with a key of the import kind, within the district the key is for.</summary>
public sealed class ImportKeyTests : IAsyncLifetime
{
    private TestApp _app = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(withDemo: false);
        await _app.Client.PostAsync("/api/hierarchy/import", new StringContent(NativeGeoJson.District().ToString(), Encoding.UTF8, "application/geo+json"));
        await _app.Client.PostAsync("/api/hierarchy/import", new StringContent(NativeGeoJson.District("T9", 10).ToString(), Encoding.UTF8, "application/geo+json"));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private async Task<HttpClient> KeyClientAsync(string? districtCode)
    {
        var (_, secret, errors) = await _app.Service<GridOps.Web.Features.Access.AccessKeys>().CreateAsync(
            new GridOps.Web.Features.Access.NewAccessKey("边界导入", GridOps.Web.Features.Access.AccessRole.Importer, districtCode, null), "test", CancellationToken.None);
        Assert.Empty(errors);
        var client = _app.Factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", secret);
        return client;
    }

    private static MultipartFormDataContent OneLayer(string districtCode, double x0) => new()
    {
        { new StringContent($$"""{ "district": { "code": "{{districtCode}}", "name": "Ward city" }, "codePrefix": "{{districtCode}}-", "layers": [ { "file": "wards.geojson", "level": "grid", "makeParents": true } ] }"""), "mapping" },
        { new StringContent(new NativeGeoJson().Add("grid", "1", null, NativeGeoJson.Square(x0, 0, x0 + 2, 2)).ToString()), "wards.geojson", "wards.geojson" },
    };

    [Fact]
    public async Task AnImportKey_SendsAMappingAndItsFileAsAForm_WithoutAPageToken()
    {
        using var client = await KeyClientAsync(null);

        var response = await client.PostAsync("/api/hierarchy/import", OneLayer("W", 20));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(1, await _app.Database.CountAsync("SELECT count(*) FROM areas WHERE code = 'W-1' AND level = 3"));
        Assert.Equal(1, await _app.Database.CountAsync("SELECT count(*) FROM audit_log WHERE action = 'hierarchy-imported' AND target = 'W' AND actor LIKE '%边界导入%'"));
    }

    [Fact]
    public async Task AKeyForOneDistrict_ReimportsIt_ButCannotImportAnotherOrANewOne_NorReadAnother()
    {
        using var client = await KeyClientAsync("T0");

        var own = await client.PostAsync("/api/hierarchy/import", new StringContent(
            NativeGeoJson.District().Add("grid", "T0-S-C-1", "T0-S-C", NativeGeoJson.Square(0, 0, 4, 4)).ToString(), Encoding.UTF8, "application/geo+json"));
        var other = await client.PostAsync("/api/hierarchy/import", new StringContent(
            NativeGeoJson.District("T9", 10).Add("grid", "T9-S-C-1", "T9-S-C", NativeGeoJson.Square(10, 0, 14, 4)).ToString(), Encoding.UTF8, "application/geo+json"));
        var fresh = await client.PostAsync("/api/hierarchy/import", OneLayer("W", 20));
        var export = await client.GetAsync("/api/hierarchy/export?district=T9");

        Assert.Equal(HttpStatusCode.OK, own.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, other.StatusCode);
        Assert.Contains("District T9 is outside your scope", await other.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, fresh.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, export.StatusCode);
        Assert.Equal(0, await _app.Database.CountAsync("SELECT count(*) FROM areas WHERE code IN ('T9-S-C-1', 'W', 'W-1')"));
        Assert.Equal(1, await _app.Database.CountAsync("SELECT count(*) FROM areas WHERE code = 'T0-S-C-1'"));
    }

    [Fact]
    public async Task AnImportKeyForAStreet_IsRefused_AndAnImportKeyMayNotReadIncidents()
    {
        var (_, _, errors) = await _app.Service<GridOps.Web.Features.Access.AccessKeys>().CreateAsync(
            new GridOps.Web.Features.Access.NewAccessKey("街道导入", GridOps.Web.Features.Access.AccessRole.Importer, "T0-S", null), "test", CancellationToken.None);
        using var client = await KeyClientAsync(null);

        Assert.Contains("for one district", Assert.Single(errors["areaCode"]), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/incidents")).StatusCode);
    }

    [Fact]
    public async Task AnAdministratorOfOneStreet_CannotEditAnAreaOfAnotherDistrict()
    {
        await _app.Service<GridOps.Web.Features.Access.UserAccounts>().CreateAsync(new GridOps.Web.Features.Access.NewUser(
            "street-admin", "街道管理员", "long-enough-password", GridOps.Web.Features.Access.AccessRole.Administrator, "T0-S", null), "test", CancellationToken.None);
        var admin = await _app.SignInAsync("street-admin", "long-enough-password");

        var own = await admin.PutAsync("/api/hierarchy/areas/T0-S-C", new StringContent("""{"households": 300, "reason": "入户核实"}""", Encoding.UTF8, "application/json"));
        var other = await admin.PutAsync("/api/hierarchy/areas/T9-S-C", new StringContent("""{"households": 300, "reason": "入户核实"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NoContent, own.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, other.StatusCode);
        Assert.Equal(0, await _app.Database.CountAsync("SELECT count(*) FROM areas WHERE code = 'T9-S-C' AND households = 300"));
    }
}
