using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using GridOps.TestSupport;
using GridOps.Web.Features.Access;
using GridOps.Web.Platform.Telemetry;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GridOps.Tests.Features.Operations;

/// <summary>
/// What an operations team reads off a running GridOps: Prometheus text whose counters move with the
/// district's work, one trace from a report's request to the live delivery that shows it, and log
/// lines that carry their trace id and never a resident's name or phone number.
/// </summary>
[Collection(AloneInTheProcess.Name)]
public sealed partial class TelemetryTests : IAsyncLifetime
{
    private const string ResidentName = "欧阳静怡";
    private const string ResidentPhone = "13912345678";
    private readonly CapturedLogs _logs = new();
    private TestApp _app = null!;
    private (double Lon, double Lat) _inGrid;

    public async Task InitializeAsync()
    {
        _app = await TestApp.StartAsync(withDemo: true,
            // Every level a misconfigured production node could be run at, so nothing personal hides at Debug.
            settings: new Dictionary<string, string>
            {
                ["Logging:LogLevel:Default"] = "Debug", ["Logging:LogLevel:Microsoft.AspNetCore"] = "Debug", ["Telemetry:Enabled"] = "true",
            },
            services: services => services.AddSingleton<ILoggerProvider>(_logs));
        await using var command = _app.Database.DataSource.CreateCommand("SELECT ST_X(label_point), ST_Y(label_point) FROM areas WHERE level = 3 ORDER BY code LIMIT 1");
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        _inGrid = (reader.GetDouble(0), reader.GetDouble(1));
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private Task<HttpResponseMessage> ReportAsync(HttpClient client, string description) => client.PostAsJsonAsync("/api/incidents", new
    {
        category = "environment.appearance", description, lon = _inGrid.Lon, lat = _inGrid.Lat,
        reporterName = ResidentName, reporterContact = ResidentPhone,
    });

    [Fact]
    public async Task Metrics_CountReportsByChannel_AndCarryTheFrameworksHttpRuntimeAndDatabaseInstruments()
    {
        var first = await ScrapeAsync();
        var before = Sample(first, "gridops_incidents_reported_total", "gridops_channel=\"api\"");
        var acceptedBefore = Sample(first, "gridops_incidents_accepted_total", "");
        string ticket;
        using (var response = await ReportAsync(_app.Client, "垃圾桶满溢，指标计数"))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            ticket = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("ticketNo").GetString()!;
        }

        using (var accepted = await _app.Client.PostAsJsonAsync($"/api/incidents/{ticket}/accept", new { version = 1 }))
        {
            Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        }

        var text = await ScrapeAsync();
        Assert.True(Sample(text, "gridops_incidents_reported_total", "gridops_channel=\"api\"") >= before + 1, "the API channel's counter did not move");
        Assert.True(Sample(text, "gridops_incidents_accepted_total", "") >= acceptedBefore + 1, "the accepted counter did not move");
        Assert.Contains("http_server_request_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Matches(new Regex("^db_client_\\w+", RegexOptions.Multiline), text);
        Assert.Matches(new Regex("^dotnet_gc_\\w+", RegexOptions.Multiline), text);
        Assert.Contains("gridops_job_runs_total", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_OverdueNow_IsTheDatabasesCountOfOpenIncidentsPastTheirLimit()
    {
        await _app.Service<OverdueGauge>().RefreshAsync();
        var expected = await _app.Database.CountAsync($"SELECT count(*) FROM incidents i WHERE i.due_at <= now() AND {Web.Features.Incidents.IncidentStates.OpenSql}");
        Assert.Equal(expected, Sample(await ScrapeAsync(), "gridops_incidents_overdue", ""));
    }

    [Fact]
    public async Task Metrics_AreForAdministratorsAndListedScrapersOnly()
    {
        using var leader = await (await _app.SignInAsync("leader", followRedirects: false)).GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Forbidden, leader.StatusCode);
        using var nobody = await _app.Anonymous(followRedirects: false).GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.Unauthorized, nobody.StatusCode);

        var listed = new DefaultHttpContext { RequestServices = _app.Factory.Services };
        var options = _app.Service<Microsoft.Extensions.Options.IOptions<AccessOptions>>().Value;
        options.MetricsScrapers = ["10.20.0.0/16", "192.0.2.7"];
        try
        {
            foreach (var (address, expected) in new[] { ("10.20.3.4", true), ("::ffff:192.0.2.7", true), ("192.0.2.8", false), ("10.21.0.1", false) })
            {
                listed.Connection.RemoteIpAddress = IPAddress.Parse(address);
                Assert.True(expected == MetricsScraper.IsListed(listed), $"{address} listed: expected {expected}");
            }
        }
        finally
        {
            options.MetricsScrapers = [];
        }
    }

    [Fact]
    public async Task OneTrace_RunsFromTheReportRequest_ThroughLocateTierAndInsert_ToTheLiveDeliveryThatLinksToIt()
    {
        var traceId = ActivityTraceId.CreateRandom();
        var spans = new ConcurrentQueue<Activity>();
        var delivered = new TaskCompletionSource<Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is GridOpsTelemetry.Name or "Npgsql" or "Microsoft.AspNetCore",
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = activity =>
            {
                if (activity.TraceId == traceId)
                {
                    spans.Enqueue(activity);
                }
                else if (activity.OperationName == "live deliver" && activity.Links.Any(l => l.Context.TraceId == traceId))
                {
                    delivered.TrySetResult(activity);
                }
            },
        };
        ActivitySource.AddActivityListener(listener);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/incidents")
        {
            Content = JsonContent.Create(new { category = "environment.appearance", description = "井盖缺失，追踪", lon = _inGrid.Lon, lat = _inGrid.Lat }),
        };
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using (var response = await _app.Client.SendAsync(request))
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        }

        var delivery = await delivered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var report = Assert.Single(spans, s => s.OperationName == "incident report");
        Assert.Equal("api", report.GetTagItem("gridops.channel"));
        var insert = Assert.Single(spans, s => s.OperationName == "incident insert");
        foreach (var child in new[] { "incident locate", "incident tier", "incident insert" })
        {
            Assert.Equal(report.SpanId, Assert.Single(spans, s => s.OperationName == child).ParentSpanId);
        }

        Assert.Contains(spans, s => s.Source.Name == "Npgsql" && s.ParentSpanId == insert.SpanId);
        Assert.Equal(ActivityKind.Consumer, delivery.Kind);
        // The link names the insert's span: the row the trigger wrote carried it through the database.
        Assert.Contains(delivery.Links, l => l.Context.SpanId == insert.SpanId);
    }

    [Fact]
    public async Task LogLines_CarryTheirTraceId_AndNeverAResidentsNameOrPhone()
    {
        using (var created = await ReportAsync(_app.Client, "路面塌陷，日志检查"))
        {
            Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        }

        // A refused report and a replayed key log too: neither may echo the person.
        using (var refused = await _app.Client.PostAsJsonAsync("/api/incidents", new { category = "no.such", description = "x", reporterName = ResidentName, reporterContact = ResidentPhone }))
        {
            Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        }

        var open311 = await _app.Anonymous().PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = "test-open311-key", ["service_code"] = "603", ["description"] = "路灯不亮，日志检查",
            ["lat"] = _inGrid.Lat.ToString("R", CultureInfo.InvariantCulture), ["long"] = _inGrid.Lon.ToString("R", CultureInfo.InvariantCulture),
            ["first_name"] = "静怡", ["last_name"] = "欧阳", ["phone"] = ResidentPhone, ["email"] = "jingyi@example.cn",
        }));
        open311.Dispose();

        var lines = _logs.Lines;
        Assert.NotEmpty(lines);
        var personal = lines.Where(l => Mentions(l, ResidentName) || Mentions(l, ResidentPhone) || Mentions(l, "静怡") || Mentions(l, "jingyi@example.cn")).ToList();
        Assert.True(personal.Count == 0, "personal data in logs: " + string.Join("\n", personal.Select(l => $"{l.Category}: {l.Message}")));

        var requestLines = lines.Where(l => l.Scope.ContainsKey("RequestPath") && (l.Scope["RequestPath"] as string)?.StartsWith("/api/incidents", StringComparison.Ordinal) == true).ToList();
        Assert.NotEmpty(requestLines);
        Assert.All(requestLines, l => Assert.Matches("^[0-9a-f]{32}$", l.Scope["TraceId"]?.ToString() ?? ""));
    }

    private static bool Mentions(CapturedLine line, string text) =>
        line.Message.Contains(text, StringComparison.Ordinal) || line.Scope.Values.Any(v => v?.ToString()?.Contains(text, StringComparison.Ordinal) == true);

    private async Task<string> ScrapeAsync()
    {
        using var response = await _app.Client.GetAsync("/metrics");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>The sum of a metric's samples whose labels contain <paramref name="label"/> (0 when none is there yet).</summary>
    private static double Sample(string text, string metric, string label) =>
        SampleLine().Matches(text)
            .Where(m => m.Groups["name"].Value == metric && m.Groups["labels"].Value.Contains(label, StringComparison.Ordinal))
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex("^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\\{(?<labels>[^}]*)\\})? (?<value>[-+0-9.eE]+|NaN)( \\d+)?$", RegexOptions.Multiline)]
    private static partial Regex SampleLine();
}

/// <summary>
/// Tests that read process-wide instruments run after every other test class, alone: OpenTelemetry's
/// meter provider listens to every meter named <c>GridOps</c> in the process, so another app's reports
/// (and the disposal of its meter when its class ends) would move the numbers these tests compare.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AloneInTheProcess
{
    public const string Name = "alone in the process";
}
