using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using GridOps.TestSupport;
using GridOps.Web.Features.Access;
using GridOps.Web.Realtime;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Playwright;

namespace GridOps.Bench;

/// <summary>
/// Commit → pin on the wall's map: W walls (each a circuit whose map is MapLibre in headless Chromium) and
/// P operator circuits beside them (live incident lists, every tenth a township view with its map) follow one district while incidents are
/// reported through the real API, one at a time and nothing else moving (no simulator, no sweep). A wall notes,
/// with a MutationObserver on the map's `data-pins` count (set once MapLibre took the pins), the moment its
/// k-th new pin arrived — the k-th incident reported; the driver notes when the POST answered
/// (after the commit, same machine clock). Baseline in the same run: the driver broadcasts each ticket the
/// moment its POST answered over a bare SignalR hub to W .NET clients — transport alone, no database, no
/// render.
/// </summary>
internal static partial class WallLatencyDriver
{
    // No sweep: nothing moves but the reported incidents. A map gap, when given, replaces the wall's default.
    private static Dictionary<string, string> MapGapSettings(int? mapGapMs)
    {
        var settings = new Dictionary<string, string> { ["Alerts:Sweep"] = "false" };
        if (mapGapMs is { } gap)
        {
            settings["Map:WallUpdateGapMs"] = gap.ToString(CultureInfo.InvariantCulture);
        }

        return settings;
    }

    private const string Observe = """
        () => {
          const map = document.querySelector('.wall .grid-map-canvas');
          const start = Number(map.dataset.pins ?? 0);
          window.__arrived = [];
          new MutationObserver(() => {
            const now = Date.now();
            while (start + window.__arrived.length < Number(map.dataset.pins)) window.__arrived.push(now);
          }).observe(map, { attributes: true, attributeFilter: ['data-pins'] });
          return true;
        }
        """;

    public static async Task RunAsync(int walls, int operators, int events, double perSecond, int storm, int? mapGapMs = null)
    {
        var template = await BenchDatabase.EnsureAsync("demo");
        var connectionString = await IntakeLoadDriver.FreshCopyAsync(template, "gridops_bench_wall_latency");
        await using var app = new GridOpsAppFactory(connectionString) { Settings = MapGapSettings(mapGapMs) };
        var baseUrl = new Uri(app.StartOnLoopback());
        var cookies = new CookieContainer();
        using (var signIn = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = baseUrl })
        {
            await SignIn.WithPasswordAsync(signIn, "supervisor", AccessSeeder.DemoPassword);
        }

        await using var dataSource = GridOps.Web.Data.DataModule.CreateDataSource(connectionString);
        var streets = new List<string>();
        await using (var pick = dataSource.CreateCommand("SELECT code FROM areas WHERE level = 1 ORDER BY code"))
        await using (var reader = await pick.ExecuteReaderAsync())
        {
            while (await reader.ReadAsync())
            {
                streets.Add(reader.GetString(0));
            }
        }

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BenchBrowser.LaunchAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseUrl.ToString(), Locale = "zh-CN", ViewportSize = new ViewportSize { Width = 1920, Height = 1080 },
        });
        await context.AddCookiesAsync(cookies.GetCookies(baseUrl).Select(c => new Microsoft.Playwright.Cookie { Name = c.Name, Value = c.Value, Url = baseUrl.ToString() }));
        var wallPages = new List<IPage>();
        for (var i = 0; i < walls; i++)
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync("/wall");
            await page.Locator(".wall[data-ready=true] .grid-map[data-ready=true]").WaitForAsync(new() { Timeout = 180_000 });
            await page.EvaluateAsync(Observe);
            wallPages.Add(page);
        }

        for (var i = 0; i < operators; i++)
        {
            // Operators at laptops: most on the live incident list, every tenth a township leader with the street's map.
            var page = await context.NewPageAsync();
            var township = i % 10 == 0;
            await page.GotoAsync(township ? "/township/" + streets[i / 10 % streets.Count] : "/incidents");
            await page.Locator(township ? ".township[data-ready=true]" : ".incident-list[data-ready=true]").WaitForAsync(new() { Timeout = 180_000 });
        }

        await using var bare = await BareServer.StartAsync();
        var bareSeen = new ConcurrentDictionary<(int Client, string Ticket), long>();
        var bareClients = new List<LiveHubClient>();
        for (var i = 0; i < walls; i++)
        {
            var client = await bare.ConnectAsync();
            var index = i;
            client.OnEvents = batch =>
            {
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                foreach (var e in batch)
                {
                    bareSeen.TryAdd((index, e.Incident.Ticket), now);
                }
            };
            bareClients.Add(client);
        }

        if (storm > 0)
        {
            await StormAsync(app, baseUrl, dataSource, wallPages, storm);
            return;
        }

        var points = LocateBenchmarks.RandomPointsInside(dataSource, events);
        Console.WriteLine($"{walls} walls, {operators} operator circuits and {walls} bare SignalR clients open; reporting {events} incidents at {perSecond}/s");
        using var intake = new HttpClient { BaseAddress = baseUrl };
        intake.DefaultRequestHeaders.Add("X-Api-Key", await app.IssueKeyAsync());
        var committed = new Dictionary<string, long>();
        var gap = TimeSpan.FromSeconds(1 / perSecond);
        for (var i = 0; i < events; i++)
        {
            var started = DateTimeOffset.UtcNow;
            var (lon, lat) = points[i];
            using var report = await intake.PostAsJsonAsync("/api/incidents", new { category = "environment.appearance", description = $"大屏时延压测 {i}", lon, lat });
            report.EnsureSuccessStatusCode();
            var ticket = JsonDocument.Parse(await report.Content.ReadAsStringAsync()).RootElement.GetProperty("ticketNo").GetString()!;
            committed[ticket] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            var message = new[] { new LiveEvent(i + 1, "incident.created", DateTimeOffset.UtcNow, new LiveIncident(i + 1, ticket, "", "blue", "reported", true, "onTime", "", "", lon, lat, null, null, null, DateTimeOffset.UtcNow, null), null) };
            await bare.Hub.Clients.All.SendAsync(LivePump.EventsMessage, message);
            var rest = gap - (DateTimeOffset.UtcNow - started);
            if (rest > TimeSpan.Zero)
            {
                await Task.Delay(rest);
            }
        }

        await Task.Delay(TimeSpan.FromSeconds(5));
        // The k-th pin a wall gained is the k-th incident committed (reported one after the other, each a new pin).
        var order = committed.OrderBy(c => c.Value).ToList();
        var onWall = new List<double>();
        var missing = 0;
        foreach (var page in wallPages)
        {
            var arrived = await page.EvaluateAsync<long[]>("() => window.__arrived");
            for (var k = 0; k < order.Count; k++)
            {
                if (k < arrived.Length)
                {
                    onWall.Add(arrived[k] - order[k].Value);
                }
                else
                {
                    missing++;
                }
            }
        }

        var bareLatencies = bareSeen.Where(h => committed.ContainsKey(h.Key.Ticket)).Select(h => (double)(h.Value - committed[h.Key.Ticket])).ToList();
        foreach (var client in bareClients)
        {
            await client.DisposeAsync();
        }

        await context.CloseAsync();
        BenchBrowser.PrintLatencies("bare SignalR broadcast → .NET client (no database, no render)", bareLatencies,
            "commit → circuit → pin on the wall's map", onWall, missing);
    }
}
