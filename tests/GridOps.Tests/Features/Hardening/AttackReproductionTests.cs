using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using GridOps.TestSupport;
using GridOps.Tests.Features.Access;
using GridOps.Web.Features.Hotspots;

namespace GridOps.Tests.Features.Hardening;

/// <summary>
/// The exact reproductions of the outside attack pass (issue 15), each answering as it should now.
/// Every test here failed before its fix.
/// </summary>
public sealed class AttackReproductionTests : IAsyncLifetime
{
    private TestApp _app = null!;
    private DemoWorld _world = null!;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(withDemo: true);
        _world = await DemoWorld.ArrangeAsync(_app);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AReporter_CannotClaimA12345TicketIdInAdvance_AndTheRealTicketIsStored()
    {
        using var grid = await _app.SignInAsync("grid");
        using var claim = await grid.PostAsJsonAsync("/api/incidents", new { category = "livelihood.general", description = "x", source = "hotline", sourceRef = "HL-5118" });
        await Problems.AssertNamesAsync(claim, HttpStatusCode.BadRequest, "source");

        // The reporter's own channel id is the reporter's, and takes nothing from the hotline.
        using var own = await grid.PostAsJsonAsync("/api/incidents", new { category = "livelihood.general", description = "x", sourceRef = "HL-5118" });
        Assert.Equal(HttpStatusCode.Created, own.StatusCode);

        using var hotline = _app.WithKey(TestApp.HotlineKey);
        using var batch = await hotline.PostAsJsonAsync("/api/hotline/tickets", new[] { new { ticket_id = "HL-5118", category_code = "livelihood.general", description = "真正的 12345 工单" } });
        using var answer = JsonDocument.Parse(await batch.Content.ReadAsStringAsync());
        Assert.Equal(1, answer.RootElement.GetProperty("created").GetInt32());
        Assert.Equal(1, await _app.Database.CountAsync("SELECT count(*) FROM incidents WHERE source_ref = 'HL-5118' AND description = '真正的 12345 工单'"));
    }

    [Fact]
    public async Task IdempotencyKeys_ArePerClient_AnotherClientsKeyIsJustANewReport()
    {
        using var grid = await _app.SignInAsync("grid");
        using var community = await _app.SignInAsync("community");
        var (lon, lat) = await _app.Database.LabelPointAsync(_world.GridA);
        async Task<HttpResponseMessage> PostAsync(HttpClient client, string description)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/incidents") { Content = JsonContent.Create(new { category = "dispute.neighbour", description, lon, lat }) };
            request.Headers.Add("Idempotency-Key", "shared-key-1");
            return await client.SendAsync(request);
        }

        using var first = await PostAsync(grid, "楼上漏水");
        using var replay = await PostAsync(grid, "楼上漏水");
        using var other = await PostAsync(community, "门前积水");

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, replay.StatusCode);
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.Equal(2, await _app.Database.CountAsync("SELECT count(*) FROM incidents WHERE idempotency_key = 'shared-key-1'"));
    }

    [Fact]
    public async Task AOneFeatureImport_IsRefused_UnlessItSaysRetireMissing_AndAPreviewShowsTheCounts()
    {
        var before = await _app.Database.CountAsync("SELECT count(*) FROM areas WHERE retired_at IS NULL");
        var oneFeature = """{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"level":"district","code":"YJ","name":"演示区"},"geometry":{"type":"Polygon","coordinates":[[[120,30],[120.1,30],[120.1,30.1],[120,30.1],[120,30]]]}}]}""";

        using var refused = await _app.Client.PostAsync("/api/hierarchy/import", new StringContent(oneFeature, Encoding.UTF8, "application/geo+json"));
        var body = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        Assert.Contains("retireMissing", body, StringComparison.Ordinal);
        Assert.Equal(before, await _app.Database.CountAsync("SELECT count(*) FROM areas WHERE retired_at IS NULL"));

        using var preview = await _app.Client.PostAsync("/api/hierarchy/import?retireMissing=true&preview=true", new StringContent(oneFeature, Encoding.UTF8, "application/geo+json"));
        Assert.Equal(HttpStatusCode.OK, preview.StatusCode);
        using var summary = JsonDocument.Parse(await preview.Content.ReadAsStringAsync());
        Assert.True(summary.RootElement.GetProperty("preview").GetBoolean());
        Assert.Equal(before - 1, summary.RootElement.GetProperty("retired").GetInt32());
        Assert.Equal(before, await _app.Database.CountAsync("SELECT count(*) FROM areas WHERE retired_at IS NULL"));

        // A preview is how one sees the counts before deciding: it answers even without retireMissing.
        using var look = await _app.Client.PostAsync("/api/hierarchy/import?preview=true", new StringContent(oneFeature, Encoding.UTF8, "application/geo+json"));
        Assert.Equal(HttpStatusCode.OK, look.StatusCode);
        Assert.Equal(before - 1, JsonDocument.Parse(await look.Content.ReadAsStringAsync()).RootElement.GetProperty("retired").GetInt32());
        Assert.Equal(before, await _app.Database.CountAsync("SELECT count(*) FROM areas WHERE retired_at IS NULL"));
    }

    [Fact]
    public async Task A12345TicketResentWithANewGatewayKey_IsStillADuplicate_AndTheCallerGetsAStatusCode()
    {
        var ticket = new[] { new { ticket_id = "HL-ROT-1", category_code = "environment.appearance", description = "井盖缺失" } };
        using var oldKey = _app.WithKey(TestApp.HotlineKey);
        using var first = JsonDocument.Parse(await (await oldKey.PostAsJsonAsync("/api/hotline/tickets", ticket)).Content.ReadAsStringAsync());
        var code = first.RootElement.GetProperty("rows")[0].GetProperty("statusCode").GetString();
        Assert.Matches("^[2-9A-HJKMNP-Z]{8}$", code);

        using var newKey = _app.WithKey(await _app.Factory.IssueKeyAsync());
        using var again = JsonDocument.Parse(await (await newKey.PostAsJsonAsync("/api/hotline/tickets", ticket)).Content.ReadAsStringAsync());
        Assert.Equal(1, again.RootElement.GetProperty("duplicates").GetInt32());
        Assert.Equal(1, await _app.Database.CountAsync("SELECT count(*) FROM incidents WHERE source_ref = 'HL-ROT-1'"));
    }

    [Fact]
    public async Task ASourceRefSentAgainUnderANewIdempotencyKey_IsAReplay_NotA500()
    {
        async Task<HttpResponseMessage> PostAsync(string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/incidents") { Content = JsonContent.Create(new { category = "dispute.neighbour", description = "同一件事", sourceRef = "APP-77" }) };
            request.Headers.Add("Idempotency-Key", key);
            return await _app.Client.SendAsync(request);
        }

        using var first = await PostAsync("k-1");
        using var second = await PostAsync("k-2");
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.True((int)second.StatusCode is 200 or 422, $"got {(int)second.StatusCode}");
        Assert.NotNull(JsonDocument.Parse(await first.Content.ReadAsStringAsync()).RootElement.GetProperty("statusCode").GetString());
    }

    [Fact]
    public async Task TheImporter_RefusesCrossSiteBodies_AndHugeNames()
    {
        var areas = await _app.Database.CountAsync("SELECT count(*) FROM areas");
        var geojson = NativeGeoJsonText("T9", new string('名', 1_000_000));

        using var plain = new HttpRequestMessage(HttpMethod.Post, "/api/hierarchy/import") { Content = new StringContent(geojson, Encoding.UTF8, "text/plain") };
        plain.Headers.Add("Origin", "http://evil.example");
        using var plainAnswer = await _app.Client.SendAsync(plain);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, plainAnswer.StatusCode);

        using var crossSite = new HttpRequestMessage(HttpMethod.Post, "/api/hierarchy/import") { Content = new StringContent(geojson, Encoding.UTF8, "application/json") };
        crossSite.Headers.Add("Origin", "http://evil.example");
        using var crossSiteAnswer = await _app.Client.SendAsync(crossSite);
        Assert.Equal(HttpStatusCode.Forbidden, crossSiteAnswer.StatusCode);

        using var form = new MultipartFormDataContent { { new StringContent("""{"layers":[]}"""), "mapping" } };
        using var formAnswer = await _app.Client.PostAsync("/api/hierarchy/import", form);
        Assert.Equal(HttpStatusCode.BadRequest, formAnswer.StatusCode);
        Assert.Contains("antiforgery", await formAnswer.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        using var huge = await _app.Client.PostAsync("/api/hierarchy/import", new StringContent(geojson, Encoding.UTF8, "application/geo+json"));
        Assert.Equal(HttpStatusCode.UnprocessableEntity, huge.StatusCode);
        Assert.Contains("longer than 200", await huge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(areas, await _app.Database.CountAsync("SELECT count(*) FROM areas"));
    }

    [Fact]
    public async Task ABd09PointOffTheEarth_IsRefusedOnEveryChannel_AndAStoredOneNeverStopsTheHotspotScan()
    {
        var incidents = await _app.Database.CountAsync("SELECT count(*) FROM incidents");
        using var api = await _app.Client.PostAsJsonAsync("/api/incidents", new { category = "dispute.neighbour", description = "x", lon = -180, lat = -90, crs = "bd09" });
        await Problems.AssertNamesAsync(api, HttpStatusCode.BadRequest, "lon");

        using var hotline = _app.WithKey(TestApp.HotlineKey);
        using var batch = await hotline.PostAsJsonAsync("/api/hotline/tickets", new[] { new { ticket_id = "BD-1", category_code = "environment.appearance", description = "x", lon = -180, lat = -90, crs = "bd09" } });
        Assert.Contains("\"rejected\":1", await batch.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        var resident = _app.Anonymous();
        var token = await SignIn.AntiforgeryTokenAsync(resident, "/report");
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" }, { new StringContent("public-report"), "_handler" },
            { new StringContent("dispute.neighbour"), "Model.Category" }, { new StringContent("楼道堆物"), "Model.Description" },
            { new StringContent("-180"), "Model.Lon" }, { new StringContent("-90"), "Model.Lat" }, { new StringContent("bd09"), "Model.Crs" },
            { new StringContent(Guid.NewGuid().ToString()), "Model.Key" },
        };
        using var page = await resident.PostAsync("/report", form);
        Assert.DoesNotContain("report-done", await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(incidents, await _app.Database.CountAsync("SELECT count(*) FROM incidents"));

        // A row stored before this check existed (or by hand) must not poison the scan for everyone.
        await _app.Database.CountAsync($"""
            WITH i AS (UPDATE incidents SET location = ST_SetSRID(ST_MakePoint(-180.00676, -90.00549), 4326), reported_at = now()
                       WHERE ticket_no = '{_world.TicketInGridA}' RETURNING 1) SELECT count(*) FROM i
            """);
        await _app.Service<HotspotScanner>().ScanAsync(CancellationToken.None);
    }

    [Fact]
    public async Task ANul_IsA400NamingTheField_AtTheDoorsThatOnceAnswered500()
    {
        var incidents = await _app.Database.CountAsync("SELECT count(*) FROM incidents");
        using var status = await _app.Anonymous().GetAsync("/report/status?ticket=%00");
        Assert.Equal(HttpStatusCode.BadRequest, status.StatusCode);

        using var export = await _app.Client.GetAsync("/incidents/export.csv?area=%00");
        await Problems.AssertNamesAsync(export, HttpStatusCode.BadRequest, "area");

        using var api = await _app.Client.PostAsJsonAsync("/api/incidents", new { category = "dispute.neighbour", description = "a\u0000b" });
        await Problems.AssertNamesAsync(api, HttpStatusCode.BadRequest, "description");

        using var act = await _app.Client.PostAsJsonAsync($"/api/incidents/{_world.TicketInGridA}/accept", new { version = 1, reason = "\u0000" });
        await Problems.AssertNamesAsync(act, HttpStatusCode.BadRequest, "reason");

        // In a batch a NUL refuses its row, before anything is written, and the rows around it go on.
        using var hotline = _app.WithKey(TestApp.HotlineKey);
        using var batch = await hotline.PostAsJsonAsync("/api/hotline/tickets", new[]
        {
            new { ticket_id = "NUL-1", category_code = "environment.appearance", description = "第一行" },
            new { ticket_id = "NUL-2", category_code = "environment.appearance", description = "第\u0000二行" },
            new { ticket_id = "NUL-3", category_code = "environment.appearance", description = "第三行" },
        });
        Assert.Equal(HttpStatusCode.OK, batch.StatusCode);
        using var rows = JsonDocument.Parse(await batch.Content.ReadAsStringAsync());
        Assert.Equal(["created", "rejected", "created"], rows.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("status").GetString()));
        Assert.Equal(incidents + 2, await _app.Database.CountAsync("SELECT count(*) FROM incidents"));
    }

    [Fact]
    public async Task ATownshipLeader_SeesOnlyTheirStreetsAssessment_OnThePageAndInTheCsv()
    {
        using var leader = await _app.SignInAsync("leader");
        var csv = await leader.GetStringAsync("/assessment.csv");
        var units = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(line => line.Split(',')[1]).ToList();
        var inStreet = await _app.Database.StringsAsync($"SELECT a.code FROM areas a WHERE a.code = '{_world.StreetA}' OR (SELECT id FROM areas WHERE code = '{_world.StreetA}') = ANY (a.ancestor_ids)");

        Assert.NotEmpty(units);
        Assert.Contains(_world.StreetA, units);
        Assert.All(units, unit => Assert.Contains(unit, inStreet));
        var page = await leader.GetStringAsync("/assessment?level=Street");
        Assert.DoesNotContain($"data-unit=\"{_world.StreetB}\"", page, StringComparison.Ordinal);
        Assert.Contains($"data-unit=\"{_world.StreetA}\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ALeader_CannotDispatchToAnAreaThatCannotSeeTheIncident()
    {
        using var leader = await _app.SignInAsync("leader");
        var communityInB = await DemoWorld.CommunityInAsync(_app, _world.StreetB);
        using var accept = await leader.PostAsJsonAsync($"/api/incidents/{_world.TicketInGridA}/accept", new { version = 1 });
        accept.EnsureSuccessStatusCode();

        using var elsewhere = await leader.PostAsJsonAsync($"/api/incidents/{_world.TicketInGridA}/dispatch", new { version = 2, areaCode = communityInB });
        await Problems.AssertNamesAsync(elsewhere, HttpStatusCode.BadRequest, "areaCode");
        using var own = await leader.PostAsJsonAsync($"/api/incidents/{_world.TicketInGridA}/dispatch", new { version = 2, areaCode = _world.CommunityA });
        Assert.Equal(HttpStatusCode.OK, own.StatusCode);

        // Whoever it went to sees it.
        using var community = await _app.SignInAsync("community");
        using var seen = await community.GetAsync($"/api/incidents/{_world.TicketInGridA}");
        Assert.Equal(HttpStatusCode.OK, seen.StatusCode);
    }

    [Fact]
    public async Task SigningOut_EndsTheSession_ForACopyOfTheCookieToo()
    {
        var session = await _app.SessionCookieAsync("grid");
        using var browser = new HttpClient(_app.Factory.Server.CreateHandler()) { BaseAddress = _app.Factory.Server.BaseAddress };
        async Task<HttpStatusCode> ReadWithCopyAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/incidents");
            request.Headers.Add("Cookie", session);
            using var response = await browser.SendAsync(request);
            return response.StatusCode;
        }

        Assert.Equal(HttpStatusCode.OK, await ReadWithCopyAsync());

        using var account = new HttpRequestMessage(HttpMethod.Get, "/account");
        account.Headers.Add("Cookie", session);
        using var page = await browser.SendAsync(account);
        var antiforgeryCookie = page.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).First(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        var html = await page.Content.ReadAsStringAsync();
        var token = SignIn.TokenIn(html);
        using var signOut = new HttpRequestMessage(HttpMethod.Post, "/account/sign-out")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }),
        };
        signOut.Headers.Add("Cookie", session + "; " + antiforgeryCookie);
        using var signedOut = await browser.SendAsync(signOut);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, await ReadWithCopyAsync());
    }

    [Theory]
    [InlineData("2026-12-01T10:00:00-05:00", "2026-12-01T15:00:00Z")]
    [InlineData("2026-12-01T10:00:00z", "2026-12-01T10:00:00Z")]
    [InlineData("2026-12-01 10:00:00", "2026-12-01T02:00:00Z")]
    [InlineData("2026-12-01T10:00+0530", "2026-12-01T04:30:00Z")]
    public async Task HotlineTimes_AreReadAsIso8601(string sent, string stored)
    {
        using var hotline = _app.WithKey(TestApp.HotlineKey);
        var ticket = "T-" + Guid.NewGuid().ToString("N")[..8];
        using var batch = await hotline.PostAsJsonAsync("/api/hotline/tickets", new[] { new { ticket_id = ticket, category_code = "environment.appearance", description = "x", reported_at = sent } });
        batch.EnsureSuccessStatusCode();
        var at = await _app.Database.StringsAsync($"SELECT to_char(reported_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') FROM incidents WHERE source_ref = '{ticket}'");
        Assert.Equal([stored], at);
    }

    [Theory]
    [InlineData("2026-12-01T25:00:00")]
    [InlineData("01/12/2026 10:00")]
    [InlineData("2026-12-01T10:00:00+25:00")]
    [InlineData("tomorrow")]
    [InlineData("2026-12-01T10:00:00+14:30")]
    [InlineData("9999-12-31T23:00:00-05:00")]
    [InlineData("2026-12-01T10:00:00+٠٨:٠٠")]
    public async Task HotlineTimes_ThatAreNotIso8601_AreRefused(string sent)
    {
        using var hotline = _app.WithKey(TestApp.HotlineKey);
        using var batch = await hotline.PostAsJsonAsync("/api/hotline/tickets", new[] { new { ticket_id = "BAD-TIME", category_code = "environment.appearance", description = "x", reported_at = sent } });
        var body = await batch.Content.ReadAsStringAsync();
        Assert.Contains("\"rejected\":1", body, StringComparison.Ordinal);
        Assert.Contains("reported_at", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HotlineBatches_AnswerEveryRow_RefuseWrongTypes_AndRefuseUndecodableBytes()
    {
        using var hotline = _app.WithKey(TestApp.HotlineKey);
        // Q-3's own quoted field must not pass for the end of Q-2's unclosed one.
        const string csv = "ticket_id,category_code,description\nQ-1,environment.appearance,first\nQ-2,environment.appearance,\"never closed\nQ-3,environment.appearance,\"third, quoted\"\nQ-4,environment.appearance,fourth\n";
        using var quoted = await hotline.PostAsync("/api/hotline/tickets", new StringContent(csv, Encoding.UTF8, "text/csv"));
        using (var rows = JsonDocument.Parse(await quoted.Content.ReadAsStringAsync()))
        {
            Assert.Equal(4, rows.RootElement.GetProperty("received").GetInt32());
            Assert.Equal(["Q-1", "Q-2", "Q-3", "Q-4"], rows.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("ticketId").GetString()));
            Assert.Equal(["created", "rejected", "created", "created"], rows.RootElement.GetProperty("rows").EnumerateArray().Select(r => r.GetProperty("status").GetString()));
        }

        using var types = await hotline.PostAsync("/api/hotline/tickets", new StringContent(
            """[{"ticket_id":"W-1","category_code":"environment.appearance","description":"x","lon":true,"lat":{}}]""", Encoding.UTF8, "application/json"));
        var typesBody = await types.Content.ReadAsStringAsync();
        Assert.Contains("\"rejected\":1", typesBody, StringComparison.Ordinal);
        Assert.Contains("\"lon\"", typesBody, StringComparison.Ordinal);
        Assert.Contains("\"lat\"", typesBody, StringComparison.Ordinal);

        var incidents = await _app.Database.CountAsync("SELECT count(*) FROM incidents");
        var bytes = Encoding.UTF8.GetBytes("ticket_id,category_code,description\nU-1,environment.appearance,caf").Concat(new byte[] { 0xC3, 0x28 }).ToArray();
        using var utf8 = await hotline.PostAsync("/api/hotline/tickets", new ByteArrayContent(bytes) { Headers = { ContentType = new("text/csv") } });
        await Problems.AssertNamesAsync(utf8, HttpStatusCode.BadRequest, "body");
        Assert.Equal(incidents, await _app.Database.CountAsync("SELECT count(*) FROM incidents"));
    }

    [Fact]
    public async Task Open311_APageFarPastTheEnd_IsEmpty_AndMediaUrlsOpenWithTheKey()
    {
        using var open311 = _app.WithKey("test-open311-key");
        using var far = await open311.GetAsync("/open311/v2/requests.json?page=2147483647");
        Assert.Equal(HttpStatusCode.OK, far.StatusCode);
        Assert.Equal("[]", (await far.Content.ReadAsStringAsync()).Trim());

        // A photo on an incident: media_url must be something an Open311 client may open.
        var photoId = Guid.NewGuid();
        Assert.Equal(1, await _app.Database.CountAsync($"""
            WITH p AS (INSERT INTO photos (id, incident_id, event_seq, content_type, byte_count, sha256, content, uploaded_at)
                SELECT '{photoId}', id, 1, 'image/png', 8, 'x', '\x89504e470d0a1a0a'::bytea, now() FROM incidents WHERE ticket_no = '{_world.TicketInGridA}' RETURNING 1)
            SELECT count(*) FROM p
            """));
        using var one = JsonDocument.Parse(await open311.GetStringAsync($"/open311/v2/requests/{_world.TicketInGridA}.json"));
        var media = one.RootElement[0].GetProperty("media_url").GetString();
        Assert.NotNull(media);
        Assert.Contains("/open311/v2/media/", media, StringComparison.Ordinal);
        using var image = await open311.GetAsync(new Uri(media).PathAndQuery);
        Assert.Equal(HttpStatusCode.OK, image.StatusCode);
        Assert.Equal("image/png", image.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task TheWallsDeviceToken_IsNoApiKey_InAHeaderOrInAUrl()
    {
        using var header = _app.WithKey(GridOps.Web.Features.Access.AccessSeeder.DemoWallToken);
        using var viaHeader = await header.GetAsync("/api/incidents");
        Assert.Equal(HttpStatusCode.Unauthorized, viaHeader.StatusCode);
        using var viaUrl = await _app.Anonymous(followRedirects: false).GetAsync("/api/incidents?api_key=" + GridOps.Web.Features.Access.AccessSeeder.DemoWallToken);
        Assert.Equal(HttpStatusCode.Unauthorized, viaUrl.StatusCode);
        // A real machine key in a URL outside Open311 is no sign-in either: keys travel in a header.
        using var hotlineInUrl = await _app.Anonymous(followRedirects: false).GetAsync("/api/incidents?api_key=" + TestApp.HotlineKey);
        Assert.Equal(HttpStatusCode.Unauthorized, hotlineInUrl.StatusCode);
    }

    [Fact]
    public async Task TheResidentsStatusPage_NeedsTheStatusCode_NotJustTheSequentialTicketNumber()
    {
        var (lon, lat) = await _app.Database.LabelPointAsync(_world.GridA);
        using var created = await _app.Client.PostAsJsonAsync("/api/incidents", new { category = "dispute.neighbour", description = "噪音扰民", lon, lat });
        var ticket = JsonDocument.Parse(await created.Content.ReadAsStringAsync()).RootElement.GetProperty("ticketNo").GetString()!;
        var secret = (await _app.Database.StringsAsync($"SELECT status_secret FROM incidents WHERE ticket_no = '{ticket}'"))[0];
        var resident = _app.Anonymous();

        var withoutCode = await resident.GetStringAsync("/report/status?ticket=" + ticket);
        var wrongCode = await resident.GetStringAsync($"/report/status?ticket={ticket}&code=AAAAAAAA");
        var withCode = await resident.GetStringAsync($"/report/status?ticket={ticket}&code={secret.ToLowerInvariant()}");

        Assert.DoesNotContain("status-card", withoutCode, StringComparison.Ordinal);
        Assert.DoesNotContain("status-card", wrongCode, StringComparison.Ordinal);
        Assert.Contains("status-card", withCode, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheResidentsStatusPage_IsRateLimitedPerAddress()
    {
        await using var limited = await TestApp.StartAsync(withDemo: false, settings: new Dictionary<string, string> { ["Access:StatusLookupsPerMinute"] = "3" });
        var resident = limited.Anonymous();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await resident.GetAsync($"/report/status?ticket=2026{i:D8}&code=ABCDEFGH");
            statuses.Add(response.StatusCode);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
    }

    [Fact]
    public async Task TheSplitPage_AnswersAGridOutsideTheScopeWith404_AsTheApiDoes()
    {
        using var leader = await _app.SignInAsync("leader");
        var gridInB = await DemoWorld.GridInAsync(_app, _world.StreetB);
        using var page = await leader.GetAsync("/grid-health/split/" + gridInB);
        using var api = await leader.GetAsync($"/api/grid-health/split/{gridInB}.geojson");
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
    }

    [Fact]
    public async Task MalformedJson_IsA400NamingTheField()
    {
        using var wrongType = await _app.Client.PostAsync("/api/incidents", new StringContent("""{"category":"dispute.neighbour","description":"x","lon":true,"lat":30}""", Encoding.UTF8, "application/json"));
        await Problems.AssertNamesAsync(wrongType, HttpStatusCode.BadRequest, "lon");
        using var broken = await _app.Client.PostAsync("/api/incidents", new StringContent("""{"category":"dispute.neighbour","description":""", Encoding.UTF8, "application/json"));
        await Problems.AssertNamesAsync(broken, HttpStatusCode.BadRequest, "description");
    }

    [Theory]
    [InlineData("＝HYPERLINK(\"http://evil.example\")")]
    [InlineData("＋1＋1")]
    [InlineData("－2＋3")]
    [InlineData("＠SUM(A1)")]
    [InlineData("=1+1")]
    public async Task TheCsvExport_DefusesFormulas_InFullwidthToo(string title)
    {
        var (lon, lat) = await _app.Database.LabelPointAsync(_world.GridA);
        using var created = await _app.Client.PostAsJsonAsync("/api/incidents", new { category = "dispute.neighbour", title, description = "导出检查", lon, lat });
        created.EnsureSuccessStatusCode();

        var csv = await _app.Client.GetStringAsync("/incidents/export.csv");
        var cells = csv.Split('\n').Select(line => line.Split(',')).Where(cells => cells.Length > 1).Select(cells => cells[1].Trim('"')).ToList();

        // The title column: the cell starts with the apostrophe a spreadsheet shows as text (quotes doubled inside a quoted cell).
        Assert.Contains("'" + title.Replace("\"", "\"\"", StringComparison.Ordinal), cells);
        Assert.DoesNotContain(title, cells);
    }

    [Fact]
    public void ABoundaryInBd09WithAVertexOffTheEarthAfterConversion_IsRefused()
    {
        using var geometry = JsonDocument.Parse("""{"type":"Polygon","coordinates":[[[-180,-90],[-179,-90],[-179,-89],[-180,-89],[-180,-90]]]}""");
        var refused = Assert.Throws<FormatException>(() => GridOps.Web.Features.HierarchyImport.GeoJsonGeometryReader.Read(
            geometry.RootElement, GridOps.Web.Features.Locate.CoordinateSystem.Bd09, repair: false, out _));
        Assert.Contains("not on Earth", refused.Message, StringComparison.Ordinal);
    }

    private static string NativeGeoJsonText(string code, string name) =>
        $$$"""{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"level":"district","code":"{{{code}}}","name":"{{{name}}}"},"geometry":{"type":"Polygon","coordinates":[[[110,30],[110.1,30],[110.1,30.1],[110,30.1],[110,30]]]}}]}""";
}
