using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridOps.TestSupport;
using GridOps.Web.Features.Access;
using Microsoft.Playwright;

namespace GridOps.Bench;

/// <summary>
/// Commit → visible: N township views of one street open in headless Chromium (each a circuit), while
/// incidents are reported in that street through the real API. A page notes the moment an incident's
/// row enters its DOM (MutationObserver, the browser's clock); the driver notes the moment the POST
/// answered (after the commit, same machine clock). Baseline in the same run: N hub connections to
/// /hubs/live receiving the same incidents (today's delivery path, measured at the client).
/// </summary>
internal static class CircuitLatencyDriver
{
    private const string Observe = """
        () => {
          window.__seen = {};
          const list = document.querySelector('.live-incidents');
          new MutationObserver(records => {
            const now = Date.now();
            for (const r of records) for (const n of r.addedNodes) {
              const link = n.querySelector && n.querySelector('a');
              if (link && !(link.textContent in window.__seen)) window.__seen[link.textContent] = now;
            }
          }).observe(list, { childList: true });
          return true;
        }
        """;

    public static async Task RunAsync(int pages, int events, double perSecond)
    {
        var template = await BenchDatabase.EnsureAsync("demo");
        var connectionString = await IntakeLoadDriver.FreshCopyAsync(template, "gridops_bench_circuit_latency");
        await using var app = new GridOpsAppFactory(connectionString) { Settings = new Dictionary<string, string> { ["Alerts:Sweep"] = "false" } };
        var baseUrl = new Uri(app.StartOnLoopback());
        var cookies = new CookieContainer();
        using (var signIn = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = baseUrl })
        {
            await SignIn.WithPasswordAsync(signIn, "supervisor", AccessSeeder.DemoPassword);
        }

        await using var dataSource = GridOps.Web.Data.DataModule.CreateDataSource(connectionString);
        await using var pick = dataSource.CreateCommand("""
            SELECT s.code, ST_X(g.label_point), ST_Y(g.label_point) FROM areas s JOIN areas g ON s.id = ANY (g.ancestor_ids)
            WHERE s.level = 1 AND g.level = 3 ORDER BY s.code, g.code LIMIT 1
            """);
        string street;
        double lon, lat;
        await using (var reader = await pick.ExecuteReaderAsync())
        {
            await reader.ReadAsync();
            (street, lon, lat) = (reader.GetString(0), reader.GetDouble(1), reader.GetDouble(2));
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BenchBrowser.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl.ToString(), Locale = "zh-CN" });
        await context.AddCookiesAsync(cookies.GetCookies(baseUrl).Select(c => new Microsoft.Playwright.Cookie { Name = c.Name, Value = c.Value, Url = baseUrl.ToString() }));
        var views = new List<IPage>();
        for (var i = 0; i < pages; i++)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/township/" + street);
            await page.Locator(".township[data-ready=true]").WaitForAsync(new() { Timeout = 120_000 });
            await page.EvaluateAsync(Observe);
            views.Add(page);
        }

        var hubSeen = new ConcurrentDictionary<(int Client, string Ticket), long>();
        var hubs = new List<LiveHubClient>();
        for (var i = 0; i < pages; i++)
        {
            var client = await LiveHubClient.ConnectAsync(baseUrl, new Dictionary<string, string> { ["Cookie"] = cookies.GetCookieHeader(baseUrl) });
            var index = i;
            client.OnEvents = batch =>
            {
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                foreach (var e in batch.Where(e => e.Type == "incident.created"))
                {
                    hubSeen.TryAdd((index, e.Incident.Ticket), now);
                }
            };
            hubs.Add(client);
        }

        Console.WriteLine($"{pages} township views of {street} and {pages} hub connections open; reporting {events} incidents at {perSecond}/s");
        using var intake = new HttpClient { BaseAddress = baseUrl };
        intake.DefaultRequestHeaders.Add("X-Api-Key", await app.IssueKeyAsync());
        var committed = new Dictionary<string, long>();
        var gap = TimeSpan.FromSeconds(1 / perSecond);
        for (var i = 0; i < events; i++)
        {
            var started = DateTimeOffset.UtcNow;
            using var report = await intake.PostAsJsonAsync("/api/incidents", new { category = "environment.appearance", description = $"时延压测 {i}", lon, lat });
            report.EnsureSuccessStatusCode();
            committed[JsonDocument.Parse(await report.Content.ReadAsStringAsync()).RootElement.GetProperty("ticketNo").GetString()!] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var rest = gap - (DateTimeOffset.UtcNow - started);
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest);
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(5));
        var circuit = new List<double>();
        var missing = 0;
        foreach (var page in views)
        {
            var seen = await page.EvaluateAsync<Dictionary<string, long>>("() => window.__seen");
            foreach (var (ticket, at) in committed)
            {
                if (seen.TryGetValue(ticket, out var shown))
                {
                    circuit.Add(shown - at);
                }
                else
                {
                    missing++;
                }
            }
        }

        var hub = hubSeen.Where(h => committed.ContainsKey(h.Key.Ticket)).Select(h => (double)(h.Value - committed[h.Key.Ticket])).ToList();
        foreach (var client in hubs)
        {
            await client.DisposeAsync();
        }

        await context.CloseAsync();
        BenchBrowser.PrintLatencies("hub → .NET client (today's path)", hub, "in-process → circuit → Chromium DOM", circuit, missing);
    }
}
