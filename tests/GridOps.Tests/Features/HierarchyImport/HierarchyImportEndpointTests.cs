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
