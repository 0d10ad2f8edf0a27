using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using GridOps.TestSupport;
using GridOps.Web.Features.Access;
using GridOps.Web.Realtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace GridOps.Bench;

/// <summary>
/// Server memory per connected screen: N alert consoles or N walls (each a Blazor circuit with MudBlazor, live
/// subscription running; a wall also holds its map's pins and KPIs) opened in headless Chromium against
/// GridOps in this process, against N bare hub connections to /hubs/live measured in the same run. Memory is the
/// server's managed heap after full collections (the browser is another process); RSS of this process
/// is reported beside it.
/// </summary>
internal static class CircuitLoadDriver
{
    /// <summary>A screen measured: its address and what says it has drawn its first picture.</summary>
    public sealed record Screen(string Path, string Ready, string Name);

    public static readonly Screen Consoles = new("/alerts", ".alert-console[data-ready=true]", "alert console");

    public static readonly Screen Wall = new("/wall", ".wall[data-ready=true] .grid-map[data-ready=true]", "wall");

    public static async Task RunAsync(Screen screen, IReadOnlyList<int> counts)
    {
        var template = await BenchDatabase.EnsureAsync("demo");
        var connectionString = await IntakeLoadDriver.FreshCopyAsync(template, "gridops_bench_circuits");
        await using var app = new GridOpsAppFactory(connectionString) { Settings = new Dictionary<string, string> { ["Alerts:Sweep"] = "false" } };
        var baseUrl = new Uri(app.StartOnLoopback());
        var cookies = new CookieContainer();
        using (var signIn = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = baseUrl })
        {
            await SignIn.WithPasswordAsync(signIn, "supervisor", AccessSeeder.DemoPassword);
        }

        var alerts = await RaiseRedAlertsAsync(app, baseUrl, cookies, connectionString, 100);
        Console.WriteLine($"each screen sees {alerts} open red alerts and {await OpenIncidentsAsync(connectionString)} open incidents");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BenchBrowser.LaunchAsync(playwright);

        var rows = new List<string>();
        foreach (var count in counts)
        {
            var hub = await MeasureAsync(count, async () =>
            {
                var clients = new List<LiveHubClient>();
                for (var i = 0; i < count; i++)
                {
                    clients.Add(await LiveHubClient.ConnectAsync(baseUrl, new Dictionary<string, string> { ["Cookie"] = cookies.GetCookieHeader(baseUrl) }));
                }

                return async () =>
                {
                    foreach (var client in clients)
                    {
                        await client.DisposeAsync();
                    }
                };
            });
            var circuits = await MeasureAsync(count, async () =>
            {
                var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = baseUrl.ToString(), Locale = "zh-CN" });
                await context.AddCookiesAsync(cookies.GetCookies(baseUrl).Select(c => new Microsoft.Playwright.Cookie { Name = c.Name, Value = c.Value, Url = baseUrl.ToString() }));
                for (var i = 0; i < count; i++)
                {
                    var page = await context.NewPageAsync();
                    await page.GotoAsync(screen.Path);
                    await page.Locator(screen.Ready).WaitForAsync(new() { Timeout = 120_000 });
                }

                return async () =>
                {
                    await context.CloseAsync();
                    // Closed pages send Blazor's disconnect beacon; wait until every console has let go of the stream.
                    var screens = app.Services.GetRequiredService<GridOps.Web.Realtime.LiveSubscriptions>();
                    var waited = Stopwatch.StartNew();
                    while (screens.IsFollowed(GridOps.Web.Realtime.LiveGroups.District) && waited.Elapsed < TimeSpan.FromMinutes(4))
                    {
                        await Task.Delay(200);
                    }
                };
            });
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {count} | {hub.Managed / 1024:F0} | {circuits.Managed / 1024:F0} | {circuits.Rss / 1024:F0} | {circuits.Managed / hub.Managed:F1} |"));
        }

        Console.WriteLine($"\n| connections | bare hub connection: managed KB each (server + client) | {screen.Name} circuit: managed KB each | circuit: RSS KB each | circuit / hub |");
        Console.WriteLine("|---|---|---|---|---|");
        rows.ForEach(Console.WriteLine);
    }

    private static async Task<long> OpenIncidentsAsync(string connectionString)
    {
        await using var dataSource = GridOps.Web.Data.DataModule.CreateDataSource(connectionString);
        await using var open = dataSource.CreateCommand("SELECT count(*) FROM incidents i WHERE " + GridOps.Web.Features.Incidents.IncidentStates.OpenSql);
        return (long)(await open.ExecuteScalarAsync())!;
    }

    /// <summary>A working inbox, not an empty one: incidents reported, made red by the supervisor, and swept into alerts.</summary>
    private static async Task<long> RaiseRedAlertsAsync(GridOpsAppFactory app, Uri baseUrl, CookieContainer cookies, string connectionString, int count)
    {
        await using var dataSource = GridOps.Web.Data.DataModule.CreateDataSource(connectionString);
        var points = LocateBenchmarks.RandomPointsInside(dataSource, count);
        using var intake = new HttpClient { BaseAddress = baseUrl };
        intake.DefaultRequestHeaders.Add("X-Api-Key", await app.IssueKeyAsync());
        using var supervisor = new HttpClient(new HttpClientHandler { CookieContainer = cookies }) { BaseAddress = baseUrl };
        foreach (var (lon, lat) in points)
        {
            using var report = await intake.PostAsJsonAsync("/api/incidents", new { category = "safety.building", description = "燃气管道疑似泄漏", lon, lat });
            report.EnsureSuccessStatusCode();
            var ticket = System.Text.Json.JsonDocument.Parse(await report.Content.ReadAsStringAsync()).RootElement.GetProperty("ticketNo").GetString();
            using var retier = await supervisor.PostAsJsonAsync($"/api/incidents/{ticket}/retier", new { version = 1, tier = "red", reason = "压测：红色事件" });
            retier.EnsureSuccessStatusCode();
        }

        await app.Services.GetRequiredService<GridOps.Web.Features.Alerts.DeadlineSweep>().SweepAsync(CancellationToken.None);
        await using var open = dataSource.CreateCommand("SELECT count(*) FROM alerts WHERE state = 0");
        return (long)(await open.ExecuteScalarAsync())!;
    }

    /// <summary>Heap and RSS growth per connection while <paramref name="open"/>'s connections are held; the returned close is run after.</summary>
    private static async Task<(double Managed, double Rss)> MeasureAsync(int count, Func<Task<Func<Task>>> open)
    {
        var (managedBefore, rssBefore) = Settle();
        var watch = Stopwatch.StartNew();
        var close = await open();
        Console.WriteLine($"opened {count} in {watch.Elapsed.TotalSeconds:F1} s");
        var (managedAfter, rssAfter) = Settle();
        await close();
        return ((double)(managedAfter - managedBefore) / count, (double)(rssAfter - rssBefore) / count);
    }

    private static (long Managed, long Rss) Settle()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        using var self = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), self.WorkingSet64);
    }
}
