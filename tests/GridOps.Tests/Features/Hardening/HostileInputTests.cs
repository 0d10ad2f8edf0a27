using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using GridOps.TestSupport;
using GridOps.Tests.Features.Access;
using Xunit.Abstractions;

namespace GridOps.Tests.Features.Hardening;

/// <summary>
/// The hostile-input suite (issue 15): the corpus under <c>Corpus/</c> — control characters, wrong
/// types, malformed, huge and deeply nested bodies, broken CSV, destructive GeoJSON, XML, non-images —
/// sent to every write door and every filter. Each answer is a 4xx that names the problem, and the
/// database is exactly as it was (every table's rows and checksum, before and after). The form doors
/// and the filters come from the app's route table, so a new door is attacked without being listed.
/// </summary>
public sealed class HostileInputTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string Corpus = Path.Combine(SharedData.RepositoryRoot, "tests", "GridOps.Tests", "Features", "Hardening", "Corpus");

    // Every query parameter any page or API of GridOps reads, and a few it does not.
    private static readonly string[] FilterNames =
    [
        "category", "area", "actor", "district", "from", "to", "state", "tier", "source", "q", "month", "level", "kind", "ticket", "code",
        "page", "page_size", "pageSize", "sort", "date", "status", "service_code", "start_date", "end_date", "service_request_id", "returnUrl",
        "lon", "lat", "crs", "parts", "result", "fields", "action", "timeliness", "unknown_parameter",
    ];

    private TestApp _app = null!;
    private DemoWorld _world = null!;
    private readonly List<string> _wrong = [];

    public async Task InitializeAsync()
    {
        // The suite sends the public pages hundreds of requests: their per-address limits are not what it tests.
        _app = await TestApp.StartAsync(withDemo: true, settings: new Dictionary<string, string>
        {
            ["Access:PublicReportsPerMinute"] = "100000", ["Access:StatusLookupsPerMinute"] = "100000",
        });
        _world = await DemoWorld.ArrangeAsync(_app);
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    // Unescaped from the literals by hand: a lone surrogate is exactly what the serializer refuses to hand over.
    private static Dictionary<string, string> HostileStrings(bool sendableInUrls = false) =>
        HostileLiterals().Select(p => (p.Key, Text: System.Text.RegularExpressions.Regex.Unescape(p.Value[1..^1])))
            // A URL or form carries UTF-8, which cannot hold a lone surrogate: those go in JSON only.
            .Where(p => !sendableInUrls || !p.Text.Any(char.IsSurrogate))
            .ToDictionary(p => p.Key, p => p.Text);

    // The corpus's JSON literal for a hostile string, escapes kept as written.
    private static Dictionary<string, string> HostileLiterals()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Corpus, "strings.json")));
        return document.RootElement.EnumerateObject().Where(p => p.Name != "_").ToDictionary(p => p.Name, p => p.Value.GetRawText());
    }

    [Fact]
    public async Task EveryJsonWriteDoor_RefusesEachHostileValueInEachField_NamingIt_AndStoresNothing()
    {
        var (lon, lat) = await _app.Database.LabelPointAsync(_world.GridA);
        var doors = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Corpus, "doors.json")))!.AsArray();
        var wrongValues = JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(Corpus, "wrong-values.json")))!.AsObject();
        var literals = HostileLiterals();
        // Signing in writes the audit log: everyone signs in before the fingerprint is taken.
        var clients = new Dictionary<string, HttpClient>();
        foreach (var who in doors.Select(d => d!["as"]!.GetValue<string>()).Distinct())
        {
            clients[who] = await ClientAsync(who);
        }

        var before = await DatabaseFingerprint.TakeAsync(_app.Database);
        var sent = 0;
        const string Marker = "__HOSTILE_VALUE__";
        foreach (var door in doors)
        {
            var (method, path) = Split(Fill(door!["door"]!.GetValue<string>(), lon, lat));
            var template = JsonNode.Parse(Fill(door["body"]!.ToJsonString(), lon, lat))!;
            var rows = door["rows"]?.GetValue<bool>() == true;
            var client = clients[door["as"]!.GetValue<string>()];
            foreach (var (leaf, name) in Leaves(template))
            {
                var values = new List<(string Label, string Literal)>();
                if (template.GetPath(leaf) is JsonValue value && value.GetValueKind() == JsonValueKind.String)
                {
                    values.AddRange(literals.Select(s => (s.Key, s.Value)));
                }

                if (wrongValues[name] is JsonArray wrongs)
                {
                    values.AddRange(wrongs.Select(w => ($"wrong {w?.ToJsonString()}", w?.ToJsonString() ?? "null")));
                }

                foreach (var (label, literal) in values)
                {
                    // The value goes in as its literal: the corpus's escapes reach the server as written.
                    var body = template.DeepClone();
                    body.SetPath(leaf, JsonValue.Create(Marker));
                    var json = body.ToJsonString().Replace($"\"{Marker}\"", literal, StringComparison.Ordinal);
                    using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
                    using var response = await client.SendAsync(request);
                    sent++;
                    var text = await response.Content.ReadAsStringAsync();
                    var named = rows ? RowErrors(text) : Problems.NamedFields(text);
                    var refused = rows ? response.StatusCode == HttpStatusCode.OK && text.Contains("\"created\":0", StringComparison.Ordinal) : (int)response.StatusCode is >= 400 and < 500;
                    if (!refused || !named.Any(f => Names(f, name)))
                    {
                        _wrong.Add($"{method} {path} {leaf} = {label}: {(int)response.StatusCode} {Clip(text)}");
                    }
                }
            }
        }

        await AssertUnchangedAsync(before, sent);
    }

    [Fact]
    public async Task EveryFormDoor_FromTheRouteTable_RefusesControlCharacters_NamingTheField_AndStoresNothing()
    {
        var strings = HostileStrings(sendableInUrls: true);
        var before = await DatabaseFingerprint.TakeAsync(_app.Database);
        var token = await SignIn.AntiforgeryTokenAsync(_app.Client, "/account");
        var doors = RouteTable.Doors(_app).Where(d => d.Method is "POST" or "PUT" && (RouteTable.TakesForm(d.Endpoint) || RouteTable.IsPage(d.Endpoint))).ToList();
        Assert.True(doors.Count > 15, $"only {doors.Count} form doors found: the list is not the app's");
        var sent = 0;
        foreach (var (endpoint, method) in doors)
        {
            var path = RouteTable.Url(endpoint, _world);
            // Machine doors take their key; everything else the administrator, who may use them all.
            var client = path.StartsWith("/open311", StringComparison.Ordinal) ? _app.Anonymous() : _app.Client;
            foreach (var (label, hostile) in strings)
            {
                var fields = new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["_handler"] = "probe", ["description"] = hostile };
                if (path.StartsWith("/open311", StringComparison.Ordinal))
                {
                    fields["api_key"] = "test-open311-key";
                }

                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new FormUrlEncodedContent(fields) };
                using var response = await client.SendAsync(request);
                sent++;
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.BadRequest || !Problems.NamedFields(text).Contains("description"))
                {
                    _wrong.Add($"{method} {path} description = {label}: {(int)response.StatusCode} {Clip(text)}");
                }
            }
        }

        await AssertUnchangedAsync(before, sent);
    }

    [Fact]
    public async Task EveryFilterOfEveryPage_AndEveryRouteValue_RefusesControlCharacters_NamingIt()
    {
        var strings = HostileStrings(sendableInUrls: true);
        var open311 = _app.WithKey("test-open311-key");
        var before = await DatabaseFingerprint.TakeAsync(_app.Database);
        var routes = RouteTable.Doors(_app).Where(d => d.Method == "GET" && !d.Endpoint.RoutePattern.RawText!.StartsWith("/hubs", StringComparison.Ordinal)
            && !d.Endpoint.RoutePattern.RawText.StartsWith("/_blazor", StringComparison.Ordinal)).ToList();
        Assert.True(routes.Count > 40, $"only {routes.Count} GET routes found: the list is not the app's");
        var sent = 0;
        foreach (var (endpoint, _) in routes)
        {
            var path = RouteTable.Url(endpoint, _world);
            var client = path.StartsWith("/open311", StringComparison.Ordinal) ? open311 : _app.Client;
            var queries = FilterNames.Select(name => (name, strings["nul"])).Concat(strings.Select(s => ("q", s.Value)));
            foreach (var (name, hostile) in queries)
            {
                using var response = await client.GetAsync($"{path}{(path.Contains('?') ? '&' : '?')}{name}={Uri.EscapeDataString(hostile)}");
                sent++;
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.BadRequest || !Problems.NamedFields(text).Contains(name))
                {
                    _wrong.Add($"GET {path}?{name}={Uri.EscapeDataString(hostile)}: {(int)response.StatusCode} {Clip(text)}");
                }
            }

            // A route value is typed into the address bar as often as a filter.
            if (endpoint.RoutePattern.Parameters.Count > 0)
            {
                // %00 itself never reaches routing (the server refuses the request line); the other controls do.
                var hostilePath = RouteTable.Url(endpoint, _world, firstValue: "a%07b");
                using var response = await client.GetAsync(hostilePath);
                sent++;
                if ((int)response.StatusCode is < 400 or >= 500)
                {
                    _wrong.Add($"GET {hostilePath}: {(int)response.StatusCode}");
                }
            }
        }

        await AssertUnchangedAsync(before, sent);
    }

    [Fact]
    public async Task EveryJsonDoor_RefusesMalformedWrongTypedHugeAndDeeplyNestedBodies()
    {
        var grid = await ClientAsync("grid");
        var before = await DatabaseFingerprint.TakeAsync(_app.Database);
        var bodies = Directory.GetFiles(Path.Combine(Corpus, "bodies")).Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileName(f), File.ReadAllBytes(f)))
            .Append(("nested arrays, 100,000 deep", Encoding.UTF8.GetBytes(new string('[', 100_000) + new string(']', 100_000))))
            .Append(("nested objects, 10,000 deep", Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("{\"a\":", 10_000)) + "1" + new string('}', 10_000))))
            .Append(("a 3 MB description", Encoding.UTF8.GetBytes("{\"category\":\"dispute.neighbour\",\"description\":\"" + new string('长', 3_000_000) + "\"}")))
            .ToList();
        var doors = RouteTable.Doors(_app).Where(d => d.Method is "POST" or "PUT" && !RouteTable.TakesForm(d.Endpoint)
            && d.Endpoint.RoutePattern.RawText!.StartsWith("/api", StringComparison.Ordinal)).ToList();
        Assert.True(doors.Count >= 8, $"only {doors.Count} JSON doors found");
        var sent = 0;
        foreach (var (endpoint, method) in doors)
        {
            var path = RouteTable.Url(endpoint, _world);
            var client = path.StartsWith("/api/hotline", StringComparison.Ordinal) ? _app.WithKey(TestApp.HotlineKey)
                : path.StartsWith("/api/patrols", StringComparison.Ordinal) ? grid : _app.Client;
            foreach (var (label, bytes) in bodies)
            {
                using var request = new HttpRequestMessage(new HttpMethod(method), path) { Content = new ByteArrayContent(bytes) };
                request.Content.Headers.ContentType = new MediaTypeHeaderValue(label.EndsWith(".xml", StringComparison.Ordinal) ? "application/xml" : "application/json");
                using var response = await client.SendAsync(request);
                sent++;
                var text = await response.Content.ReadAsStringAsync();
                // The 12345 door answers per row; a body it cannot read at all is a 400 like everywhere else.
                var rowsRefused = path.StartsWith("/api/hotline", StringComparison.Ordinal) && response.StatusCode == HttpStatusCode.OK && text.Contains("\"created\":0", StringComparison.Ordinal);
                if (!rowsRefused && ((int)response.StatusCode is < 400 or >= 500 || !text.Contains("\"title\"", StringComparison.Ordinal)))
                {
                    _wrong.Add($"{method} {path} with {label}: {(int)response.StatusCode} {Clip(text)}");
                }
            }
        }

        await AssertUnchangedAsync(before, sent);
    }

    [Fact]
    public async Task The12345Door_RefusesBrokenCsvAndTheImporter_RefusesMalformedAndDestructiveGeoJson()
    {
        var before = await DatabaseFingerprint.TakeAsync(_app.Database);
        using var hotline = _app.WithKey(TestApp.HotlineKey);
        var sent = 0;
        foreach (var file in Directory.GetFiles(Path.Combine(Corpus, "csv")).Order(StringComparer.Ordinal))
        {
            using var content = new ByteArrayContent(await File.ReadAllBytesAsync(file));
            content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
            using var response = await hotline.PostAsync("/api/hotline/tickets", content);
            sent++;
            var text = await response.Content.ReadAsStringAsync();
            var everyRowRefusedByName = response.StatusCode == HttpStatusCode.OK && text.Contains("\"created\":0", StringComparison.Ordinal) && RowErrors(text).Count > 0;
            var batchRefused = response.StatusCode == HttpStatusCode.BadRequest && Problems.NamedFields(text).Count > 0;
            if (!everyRowRefusedByName && !batchRefused)
            {
                _wrong.Add($"12345 CSV {Path.GetFileName(file)}: {(int)response.StatusCode} {Clip(text)}");
            }
        }

        foreach (var file in Directory.GetFiles(Path.Combine(Corpus, "geojson")).Order(StringComparer.Ordinal))
        {
            using var content = new ByteArrayContent(await File.ReadAllBytesAsync(file));
            content.Headers.ContentType = new MediaTypeHeaderValue("application/geo+json");
            using var response = await _app.Client.PostAsync("/api/hierarchy/import", content);
            sent++;
            var text = await response.Content.ReadAsStringAsync();
            if ((int)response.StatusCode is < 400 or >= 500 || Problems.NamedFields(text).Count == 0 && !text.Contains("\"title\"", StringComparison.Ordinal))
            {
                _wrong.Add($"import {Path.GetFileName(file)}: {(int)response.StatusCode} {Clip(text)}");
            }
        }

        await AssertUnchangedAsync(before, sent);
    }

    [Fact]
    public async Task Open311_RefusesXmlBodies_AndPhotoDoors_RefuseWhatIsNotAnImage()
    {
        var before = await DatabaseFingerprint.TakeAsync(_app.Database);
        var sent = 0;
        using (var open311 = _app.WithKey("test-open311-key"))
        {
            foreach (var format in new[] { "json", "xml" })
            {
                using var xml = new StringContent(await File.ReadAllTextAsync(Path.Combine(Corpus, "open311", "xml-body.xml")), Encoding.UTF8, "application/xml");
                using var response = await open311.PostAsync($"/open311/v2/requests.{format}", xml);
                sent++;
                var text = await response.Content.ReadAsStringAsync();
                if ((int)response.StatusCode is < 400 or >= 500 || !text.Contains("description", StringComparison.Ordinal))
                {
                    _wrong.Add($"Open311 XML body to requests.{format}: {(int)response.StatusCode} {Clip(text)}");
                }
            }
        }

        // Photos reach an action only through the incident page's report-back dialog, which hands the bytes to the
        // same handler the API uses: each corpus photo is refused by name there (the bytes decide, not the file name).
        var handler = _app.Service<GridOps.Web.Features.Incidents.ChangeIncidentHandler>();
        foreach (var file in Directory.GetFiles(Path.Combine(Corpus, "photos")).Order(StringComparer.Ordinal))
        {
            var photo = new GridOps.Web.Features.Incidents.PhotoUpload(Path.GetFileName(file), await File.ReadAllBytesAsync(file));
            var request = new GridOps.Web.Features.Incidents.IncidentActionRequest(1, null, null, null, null, null, null, "看照片", null, null, null, null);
            var outcome = await handler.HandleAsync(_world.TicketInGridA, "reportBack", request, [photo],
                GridOps.Web.Features.Access.Viewer.System, CancellationToken.None);
            sent++;
            if (!outcome.Errors.ContainsKey("photos"))
            {
                _wrong.Add($"photo {Path.GetFileName(file)}: {outcome.Status} {string.Join(",", outcome.Errors.Keys)}");
            }
        }

        await AssertUnchangedAsync(before, sent);
    }

    [Fact]
    public async Task EveryScreensService_RefusesControlCharacters_NamingTheField_AndStoresNothing()
    {
        // Interactive screens send what is typed over the circuit, not as HTTP requests, so the request guard never
        // sees it: each service a screen writes through checks its text itself.
        var before = await DatabaseFingerprint.TakeAsync(_app.Database);
        var system = GridOps.Web.Features.Access.Viewer.System;
        var grid = (await _app.Database.StringsAsync("SELECT code FROM areas WHERE level = 3 ORDER BY code LIMIT 1"))[0];
        var incidents = _app.Service<GridOps.Web.Features.Incidents.ChangeIncidentHandler>();
        var alerts = _app.Service<GridOps.Web.Features.Alerts.AlertActions>();
        var needs = _app.Service<GridOps.Web.Features.Needs.NeedsService>();
        var accounts = _app.Service<GridOps.Web.Features.Access.UserAccounts>();
        var keys = _app.Service<GridOps.Web.Features.Access.AccessKeys>();
        var sent = 0;
        foreach (var (name, text) in HostileStrings().Where(p => GridOps.Web.Platform.Requests.StorableText.Problem(p.Value) is not null))
        {
            void Expect(string door, bool refusedByName, string answer)
            {
                sent++;
                if (!refusedByName)
                {
                    _wrong.Add($"{door} with {name}: {answer}");
                }
            }

            var voided = await incidents.HandleAsync(_world.TicketInGridA, "void",
                new GridOps.Web.Features.Incidents.IncidentActionRequest(1, null, text, null, null, null, null, null, null, null, null, null), [], system, CancellationToken.None);
            Expect("incident void reason", voided.Errors.ContainsKey("reason"), string.Join(",", voided.Errors.Keys));
            var commented = await incidents.HandleAsync(_world.TicketInGridA, "reportBack",
                new GridOps.Web.Features.Incidents.IncidentActionRequest(1, null, null, null, null, null, null, text, null, null, null, null), [], system, CancellationToken.None);
            Expect("incident report-back text", commented.Errors.ContainsKey("text"), string.Join(",", commented.Errors.Keys));
            var comment = await alerts.CommentAsync(system, 1, text, CancellationToken.None);
            Expect("alert comment", comment.Error == GridOps.Web.Features.Alerts.AlertActions.Invalid, comment.Error ?? "done");
            var escalation = await alerts.EscalateAsync(system, 1, 1, text, CancellationToken.None);
            Expect("alert escalation", escalation.Error == GridOps.Web.Features.Alerts.AlertActions.Invalid, escalation.Error ?? "done");
            var need = await needs.ListAsync(system, new GridOps.Web.Features.Needs.NeedDraft(grid, GridOps.Web.Features.Needs.NeedKind.Health, text, null, needs.Today.AddDays(5)), CancellationToken.None);
            Expect("need title", need.Errors.ContainsKey("title"), string.Join(",", need.Errors.Keys));
            var unit = await needs.AddUnitAsync(system, text, null, CancellationToken.None);
            Expect("unit name", unit.Errors.ContainsKey("name"), string.Join(",", unit.Errors.Keys));
            var solved = await needs.SolveAsync(system, 1, 1, text, CancellationToken.None);
            Expect("need outcome", solved.Errors.ContainsKey("outcome"), string.Join(",", solved.Errors.Keys));
            var (user, userErrors) = await accounts.CreateAsync(new GridOps.Web.Features.Access.NewUser("hostile-" + sent, text, "long-enough-password",
                GridOps.Web.Features.Access.AccessRole.CommandCentre, null, null), "test", CancellationToken.None);
            Expect("user display name", user is null && userErrors.ContainsKey("displayName"), string.Join(",", userErrors.Keys));
            var (key, _, keyErrors) = await keys.CreateAsync(new GridOps.Web.Features.Access.NewAccessKey(text, GridOps.Web.Features.Access.AccessRole.WallScreen, null, null), "test", CancellationToken.None);
            Expect("key name", key is null && keyErrors.ContainsKey("name"), string.Join(",", keyErrors.Keys));
        }

        Assert.True(sent > 0, "the corpus has no text a screen could not store");
        await AssertUnchangedAsync(before, sent);
    }

    private async Task AssertUnchangedAsync(IReadOnlyDictionary<string, string> before, int sent)
    {
        List<string> changed = [.. DatabaseFingerprint.Differences(before, await DatabaseFingerprint.TakeAsync(_app.Database))];
        if (changed.Any(c => c.StartsWith("audit_log", StringComparison.Ordinal)))
        {
            changed.AddRange(await _app.Database.StringsAsync("SELECT 'latest audit: ' || action || ' ' || coalesce(target, '') || ' ' || coalesce(left(detail, 80), '') FROM audit_log ORDER BY id DESC LIMIT 3"));
        }

        output.WriteLine($"{sent} hostile requests sent; {_wrong.Count} answered wrongly; {changed.Count} tables changed.");
        Assert.True(_wrong.Count == 0, $"{_wrong.Count} of {sent} hostile requests were not refused by name:\n" + string.Join("\n", _wrong.Take(40)));
        Assert.True(changed.Count == 0, "Refused requests changed the database:\n" + string.Join("\n", changed));
    }

    private async Task<HttpClient> ClientAsync(string who) => who switch
    {
        "admin" => _app.Client,
        "hotline" => _app.WithKey(TestApp.HotlineKey),
        _ => await _app.SignInAsync(who),
    };

    private string Fill(string text, double lon, double lat) => text
        .Replace("\"$lon\"", lon.ToString("R", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("\"$lat\"", lat.ToString("R", System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("$ticket", _world.TicketInGridA, StringComparison.Ordinal)
        .Replace("$grid", _world.GridA, StringComparison.Ordinal);

    private static (string Method, string Path) Split(string door) => (door[..door.IndexOf(' ', StringComparison.Ordinal)], door[(door.IndexOf(' ', StringComparison.Ordinal) + 1)..]);

    // Every leaf value of a template with its path ("points[0].lon") and the name of its property ("lon").
    private static IEnumerable<(string Path, string Name)> Leaves(JsonNode node, string path = "", string name = "")
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (key, child) in o.ToList())
                {
                    foreach (var leaf in Leaves(child!, path.Length == 0 ? key : $"{path}.{key}", key))
                    {
                        yield return leaf;
                    }
                }

                break;
            case JsonArray a:
                for (var i = 0; i < a.Count; i++)
                {
                    foreach (var leaf in Leaves(a[i]!, $"{path}[{i}]", name))
                    {
                        yield return leaf;
                    }
                }

                break;
            default:
                yield return (path, name);
                break;
        }
    }

    // A refusal names the field when its key is the field, its JSON path, or the 12345 column it came from.
    private static bool Names(string key, string field) =>
        key.Equals(field, StringComparison.OrdinalIgnoreCase) || key.EndsWith("." + field, StringComparison.OrdinalIgnoreCase)
        || key.StartsWith(field + "[", StringComparison.OrdinalIgnoreCase) || (field == "reportedAt" && key == "reported_at") || (field == "category" && key == "category_code");

    private static IReadOnlyList<string> RowErrors(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.TryGetProperty("rows", out var rows)
                ? [.. rows.EnumerateArray().Where(r => r.TryGetProperty("errors", out var e) && e.ValueKind == JsonValueKind.Object).SelectMany(r => r.GetProperty("errors").EnumerateObject().Select(p => p.Name))]
                : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static string Clip(string text) => text.Length > 300 ? text[..300] + "…" : text;
}

/// <summary>Reads and writes a JSON node by a simple path ("points[0].lon").</summary>
internal static class JsonPaths
{
    public static JsonNode? GetPath(this JsonNode root, string path)
    {
        var node = root;
        foreach (var (key, index) in Steps(path))
        {
            node = key is not null ? node![key] : node![index];
        }

        return node;
    }

    public static void SetPath(this JsonNode root, string path, JsonNode? value)
    {
        var steps = Steps(path).ToList();
        var parent = root;
        foreach (var (key, index) in steps[..^1])
        {
            parent = key is not null ? parent![key] : parent![index];
        }

        var (lastKey, lastIndex) = steps[^1];
        if (lastKey is not null)
        {
            parent![lastKey] = value;
        }
        else
        {
            parent![lastIndex] = value;
        }
    }

    private static IEnumerable<(string? Key, int Index)> Steps(string path)
    {
        foreach (var part in path.Split('.'))
        {
            var bracket = part.IndexOf('[', StringComparison.Ordinal);
            if (bracket != 0)
            {
                yield return (bracket < 0 ? part : part[..bracket], 0);
            }

            for (var i = bracket; i >= 0; i = part.IndexOf('[', i + 1))
            {
                yield return (null, int.Parse(part[(i + 1)..part.IndexOf(']', i)], System.Globalization.CultureInfo.InvariantCulture));
            }
        }
    }
}
