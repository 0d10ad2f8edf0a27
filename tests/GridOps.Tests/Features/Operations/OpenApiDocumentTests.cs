using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using GridOps.Tests.Features.Access;
using GridOps.TestSupport;
using Json.Schema;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;

namespace GridOps.Tests.Features.Operations;

/// <summary>
/// The OpenAPI document is generated from the app's own endpoints: every machine-facing route is in it
/// with a summary, a tag, its answers and who may call it — a new route without that metadata fails
/// here — and every example it shows is valid against the schema it sits beside.
/// </summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    /// <summary>Doors for machines: each must be described.</summary>
    private static readonly string[] MachinePrefixes = ["/api/", "/open311/", "/tiles/", "/photos/", "/healthz/", "/metrics", "/incidents/export.csv", "/assessment.csv"];

    private TestApp _app = null!;
    private JsonObject _document = null!;

    public async Task InitializeAsync()
    {
        // With telemetry, so that /metrics is mapped and described like the deployed app's.
        _app = await TestApp.StartAsync(withDemo: false, settings: new Dictionary<string, string> { ["Telemetry:Enabled"] = "true" });
        // Public, like the reference page that reads it.
        using var response = await _app.Anonymous().GetAsync("/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        _document = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private IEnumerable<(string Path, string Method, JsonObject Operation)> Operations =>
        _document["paths"]!.AsObject().SelectMany(p => p.Value!.AsObject().Select(o => (p.Key, o.Key.ToUpperInvariant(), o.Value!.AsObject())));

    [Fact]
    public void TheDocument_IsOpenApi31_WithBothWaysToSignIn()
    {
        Assert.StartsWith("3.1", _document["openapi"]!.GetValue<string>(), StringComparison.Ordinal);
        var schemes = _document["components"]!["securitySchemes"]!.AsObject();
        Assert.Equal("header", schemes["ApiKey"]!["in"]!.GetValue<string>());
        Assert.Equal("X-Api-Key", schemes["ApiKey"]!["name"]!.GetValue<string>());
        Assert.Equal("cookie", schemes["Cookie"]!["in"]!.GetValue<string>());
    }

    [Fact]
    public void EveryMappedRoute_IsDescribed_OrDeliberatelyLeftOutAsABrowsersDoor()
    {
        var described = Operations.Select(o => $"{o.Method} {o.Path}").ToHashSet(StringComparer.Ordinal);
        List<string> missing = [];
        foreach (var (endpoint, method) in RouteTable.Doors(_app))
        {
            var pattern = endpoint.RoutePattern.RawText!;
            if (RouteTable.IsPage(endpoint) || endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.SignalR.HubMetadata>() is not null
                || pattern.StartsWith("/_", StringComparison.Ordinal) || pattern.StartsWith("/admin/hangfire", StringComparison.Ordinal)
                || pattern.StartsWith("/api/docs", StringComparison.Ordinal) || pattern.StartsWith("/openapi/", StringComparison.Ordinal))
            {
                continue; // pages, the hub, the framework's and Hangfire's own, and the documentation itself
            }

            var left = endpoint.Metadata.GetMetadata<IExcludeFromDescriptionMetadata>()?.ExcludeFromDescription == true;
            var machine = MachinePrefixes.Any(p => pattern.StartsWith(p, StringComparison.Ordinal));
            var path = DocumentPath(pattern);
            if (left && machine)
            {
                missing.Add($"{method} {pattern}: a machine door may not be left out");
            }
            else if (!left && !described.Contains($"{method} {path}"))
            {
                missing.Add($"{method} {pattern}: not in the document (a RequestDelegate handler, or ExcludeFromDescription for a browser's form door)");
            }
        }

        Assert.True(missing.Count == 0, string.Join("\n", missing));
        Assert.True(described.Count > 35, $"only {described.Count} operations described");
        Assert.Contains("GET /metrics", described);
    }

    [Fact]
    public void EveryOperation_HasASummaryATagItsAnswersAndWhoMayCallIt()
    {
        List<string> wrong = [];
        foreach (var (path, method, operation) in Operations)
        {
            var name = $"{method} {path}";
            if (string.IsNullOrWhiteSpace(operation["summary"]?.GetValue<string>()))
            {
                wrong.Add($"{name}: no summary (.WithSummary)");
            }

            if (operation["tags"] is not JsonArray { Count: > 0 } tags || tags.Any(t => t!.GetValue<string>() == "GridOps.Web"))
            {
                wrong.Add($"{name}: no tag of its own (.WithTags)");
            }

            var responses = operation["responses"]!.AsObject();
            var success = responses.Where(r => r.Key.StartsWith('2') || r.Key.StartsWith('3')).ToList();
            if (success.Count == 0)
            {
                wrong.Add($"{name}: no success answer");
            }

            // A JSON answer says what it holds: a schema with a type, a reference or a composition — not an empty one.
            foreach (var (status, response) in success)
            {
                foreach (var (media, content) in response!["content"]?.AsObject() ?? [])
                {
                    if (media.Contains("json", StringComparison.Ordinal) && content!["schema"] is not JsonObject { Count: > 0 })
                    {
                        wrong.Add($"{name}: answer {status} {media} has no schema (.Produces<T>)");
                    }
                }
            }

            if (operation["requestBody"]?["content"] is JsonObject body && body.Any(c => c.Key.Contains("json", StringComparison.Ordinal) && c.Value!["schema"] is not JsonObject { Count: > 0 }))
            {
                wrong.Add($"{name}: a JSON body without a schema");
            }

            if (!responses.ContainsKey("503"))
            {
                wrong.Add($"{name}: the database-away answer (503) is not described");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void Security_FollowsTheEndpointsRule_PublicDoorsNeedNothing_MachineDoorsTakeKeysOnly()
    {
        var rules = RouteTable.Endpoints(_app).ToDictionary(
            e => DocumentPath(e.RoutePattern.RawText!) + " " + string.Join(",", RouteTable.Methods(e)),
            e => RouteTable.Rule(e), StringComparer.Ordinal);
        List<string> wrong = [];
        foreach (var (path, method, operation) in Operations)
        {
            var rule = rules.FirstOrDefault(r => r.Key.StartsWith(path + " ", StringComparison.Ordinal) && r.Key.Contains(method, StringComparison.Ordinal)).Value;
            var schemes = operation["security"]?.AsArray().SelectMany(r => r!.AsObject().Select(s => s.Key)).ToList() ?? [];
            var expected = rule switch
            {
                null or "public" => [],
                "ReceiveHotline" or "UseOpen311" => ["ApiKey"],
                _ => new List<string> { "ApiKey", "Cookie" },
            };
            if (!schemes.SequenceEqual(expected) || (rule is not (null or "public") && operation["responses"]?["403"] is null))
            {
                wrong.Add($"{method} {path} ({rule ?? "no rule"}): security [{string.Join(", ", schemes)}], expected [{string.Join(", ", expected)}]");
            }
        }

        Assert.True(wrong.Count == 0, string.Join("\n", wrong));
    }

    [Fact]
    public void EveryExample_IsValidAgainstItsSchema()
    {
        var definitions = RewriteReferences(_document["components"]!["schemas"]!.DeepClone())!;
        var checkedExamples = new List<string>();
        List<string> invalid = [];
        foreach (var (path, method, operation) in Operations)
        {
            var bodies = new List<(string Where, JsonNode? Media)>();
            foreach (var (media, content) in operation["requestBody"]?["content"]?.AsObject() ?? [])
            {
                bodies.Add(($"request {media}", content));
            }

            foreach (var (status, response) in operation["responses"]!.AsObject())
            {
                foreach (var (media, content) in response!["content"]?.AsObject() ?? [])
                {
                    bodies.Add(($"{status} {media}", content));
                }
            }

            foreach (var (where, media) in bodies.Where(b => b.Media?["example"] is not null))
            {
                var root = new JsonObject
                {
                    ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
                    ["$defs"] = definitions.DeepClone(),
                    ["allOf"] = new JsonArray(RewriteReferences(media!["schema"]!.DeepClone())),
                };
                var schema = JsonSchema.FromText(root.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() },
                    new Uri($"https://gridops.test/schemas/{checkedExamples.Count}"));
                var result = schema.Evaluate(JsonSerializer.SerializeToElement(media["example"]), new EvaluationOptions { OutputFormat = OutputFormat.List });
                checkedExamples.Add($"{method} {path} {where}");
                if (!result.IsValid)
                {
                    var errors = (result.Details ?? []).SelectMany(d => (d.Errors ?? new Dictionary<string, string>()).Select(e => $"{d.InstanceLocation} [{e.Key}] {e.Value}"));
                    invalid.Add($"{method} {path} {where}: " + string.Join("; ", errors));
                }
            }
        }

        Assert.True(invalid.Count == 0, string.Join("\n", invalid));
        // The doors a new integrator starts from show what to send and what comes back.
        foreach (var expected in new[] { "POST /api/incidents request", "POST /api/incidents 201", "GET /api/locate 200", "POST /api/hotline/tickets request", "POST /api/incidents/{ticketNo}/{action} request" })
        {
            Assert.Contains(checkedExamples, c => c.StartsWith(expected, StringComparison.Ordinal));
        }
    }

    [Fact]
    public async Task TheReferencePage_LoadsItsOwnScripts_UnderAPolicyThatAllowsOnlyThemAndThisOrigin()
    {
        using var page = await _app.Anonymous().GetAsync("/api/docs/v1");
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        var html = await page.Content.ReadAsStringAsync();
        var policy = page.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = System.Text.RegularExpressions.Regex.Match(policy, "script-src 'self' 'nonce-([^']+)'").Groups[1].Value;
        Assert.NotEmpty(nonce);
        Assert.DoesNotContain("unsafe-eval", policy, StringComparison.Ordinal);
        var scripts = System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*>").Select(m => m.Value).ToList();
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.Contains($"nonce=\"{nonce}\"", s, StringComparison.Ordinal));
        Assert.DoesNotContain("https://", string.Join(" ", scripts), StringComparison.Ordinal);
        using var script = await _app.Anonymous().GetAsync("/api/docs/scalar.js");
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
    }

    [Fact]
    public async Task OnTheDemoDistrict_TheReferencePage_HasThe12345KeyFilledIn_SoARequestCanBeSentAtOnce()
    {
        using var page = await _app.Anonymous().GetAsync("/api/docs/v1");
        Assert.DoesNotContain(Web.Features.Access.AccessSeeder.DemoHotlineKey, await page.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        await using var demo = await TestApp.StartAsync(withDemo: true,
            settings: new Dictionary<string, string> { ["Demo:Enabled"] = "true", ["Demo:Simulator:Enabled"] = "false", ["Alerts:Sweep"] = "false" });
        using var demoPage = await demo.Anonymous().GetAsync("/api/docs/v1");
        Assert.Contains(Web.Features.Access.AccessSeeder.DemoHotlineKey, await demoPage.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        // The key it fills in is one that may report: the example body, sent with it, makes an incident.
        using var client = demo.WithKey(Web.Features.Access.AccessSeeder.DemoHotlineKey);
        var example = Operations.Single(o => o.Path == "/api/incidents" && o.Method == "POST").Operation["requestBody"]!["content"]!["application/json"]!["example"]!.ToJsonString();
        using var sent = await client.PostAsync("/api/incidents", new StringContent(example, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, sent.StatusCode);
    }

    /// <summary>A route as the document writes it: parameters without constraints, a group's root without its trailing slash.</summary>
    private static string DocumentPath(string pattern)
    {
        var path = System.Text.RegularExpressions.Regex.Replace(pattern, "\\{\\**([A-Za-z]+)(:[^}]*)?\\}", "{$1}");
        return path.Length > 1 ? path.TrimEnd('/') : path;
    }

    /// <summary>Schema references point into the document's components; validated alone they point into <c>$defs</c>.</summary>
    private static JsonNode? RewriteReferences(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj.ToList())
                {
                    if (key == "$ref" && value is JsonValue reference && reference.GetValue<string>().StartsWith("#/components/schemas/", StringComparison.Ordinal))
                    {
                        obj[key] = "#/$defs/" + reference.GetValue<string>()["#/components/schemas/".Length..];
                    }
                    else
                    {
                        RewriteReferences(value);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    RewriteReferences(item);
                }

                break;
        }

        return node;
    }
}
