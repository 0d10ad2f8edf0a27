using System.Diagnostics;
using System.Globalization;
using GridOps.TestSupport;
using GridOps.Web.Data;

namespace GridOps.Bench;

/// <summary>
/// What metrics and traces cost intake: two GridOps processes side by side, each on its own fresh
/// copy of the demo district — one with telemetry off (<c>Telemetry:Enabled=false</c>), one as
/// shipped (OpenTelemetry metrics and traces at the default sampling ratio, Prometheus scraped every
/// 5 s, three times as often as its default). The same clients POST /api/incidents to one, then the other, in short
/// alternating segments, so whatever else the machine does falls on both alike. Separate processes,
/// because OpenTelemetry listens process-wide: an "on" app beside an "off" one would trace both.
/// </summary>
internal static class TelemetryCostDriver
{
    public static async Task RunAsync(int requests, int clients, int segments = 10)
    {
        var template = await BenchDatabase.EnsureAsync("demo");
        (double Lon, double Lat)[] points;
        await using (var dataSource = DataModule.CreateDataSource(template))
        {
            points = LocateBenchmarks.RandomPointsInside(dataSource, requests);
        }

        var off = await StartAsync(template, on: false);
        var on = await StartAsync(template, on: true);
        try
        {
            using var scraping = new CancellationTokenSource();
            var scraper = ScrapeAsync(on.Url, scraping.Token);
            foreach (var node in new[] { off, on })
            {
                await IntakeLoadDriver.ClosedLoopAsync(1_000, clients, i => IntakeLoadDriver.PostAsync(node.Http, points[i], 50_000_000 + i)); // warm-up
            }

            var perSegment = requests / segments;
            var timings = new Dictionary<bool, List<double>> { [false] = [], [true] = [] };
            var elapsed = new Dictionary<bool, TimeSpan> { [false] = TimeSpan.Zero, [true] = TimeSpan.Zero };
            for (var segment = 0; segment < 2 * segments; segment++)
            {
                // off, on, on, off, off, on …: neither always goes first after the other.
                var node = (segment % 4) is 0 or 3 ? off : on;
                var offset = (segment / 2) * perSegment;
                var run = await IntakeLoadDriver.ClosedLoopAsync(perSegment, clients, i => IntakeLoadDriver.PostAsync(node.Http, points[(offset + i) % points.Length], offset + i));
                timings[node.On].AddRange(run.Timings);
                elapsed[node.On] += run.Elapsed;
            }

            await scraping.CancelAsync();
            var scrapes = await scraper;
            Console.WriteLine("| telemetry | requests | clients | throughput /s | p50 ms | p99 ms |");
            Console.WriteLine("|---|---|---|---|---|---|");
            var runs = new Dictionary<bool, IntakeLoadDriver.Run>();
            foreach (var state in new[] { false, true })
            {
                var run = runs[state] = new IntakeLoadDriver.Run([.. timings[state].Order()], elapsed[state]);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {(state ? $"on (metrics, traces at the default ratio, {scrapes} scrapes every {ScrapeInterval.TotalSeconds:F0} s)" : "off")} | {run.Timings.Length} | {clients} | {run.PerSecond:F0} | {run.P(0.5):F1} | {run.P(0.99):F1} |"));
            }

            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"\nthroughput on / off: {runs[true].PerSecond / runs[false].PerSecond:F3} (cost {(1 - runs[true].PerSecond / runs[false].PerSecond) * 100:F1} %); p99 on / off: {runs[true].P(0.99) / runs[false].P(0.99):F2}"));
        }
        finally
        {
            foreach (var node in new[] { off, on })
            {
                node.Http.Dispose();
                node.Process.Kill(entireProcessTree: true);
                await node.Process.WaitForExitAsync();
                node.Process.Dispose();
            }
        }
    }

    /// <summary>A third of Prometheus' default 15 s.</summary>
    private static readonly TimeSpan ScrapeInterval = TimeSpan.FromSeconds(5);

    private sealed record Node(bool On, string Url, Process Process, HttpClient Http);

    private static async Task<Node> StartAsync(string template, bool on)
    {
        var connectionString = await IntakeLoadDriver.FreshCopyAsync(template, on ? "gridops_bench_telemetry_on" : "gridops_bench_telemetry_off");
        var port = AppProcess.FreePort();
        var started = new TaskCompletionSource();
        var process = AppProcess.Start(connectionString, port, started, new Dictionary<string, string>
        {
            ["Telemetry__Enabled"] = on ? "true" : "false",
            ["Alerts__Sweep"] = "false",
            // The demo's accounts and keys (the 12345 gateway's key posts here), without its simulator.
            ["GRIDOPS_DEMO"] = "true",
            ["Demo__Simulator__Enabled"] = "false",
            // The scraper is let in by its address, as a Prometheus beside the node would be.
            ["Access__MetricsScrapers__0"] = "127.0.0.1",
            ["Logging__LogLevel__Default"] = "Warning",
        });
        await started.Task.WaitAsync(TimeSpan.FromMinutes(3));
        var url = $"http://127.0.0.1:{port}";
        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { BaseAddress = new Uri(url) };
        http.DefaultRequestHeaders.Add("X-Api-Key", GridOps.Web.Features.Access.AccessSeeder.DemoHotlineKey);
        return new Node(on, url, process, http);
    }

    /// <summary>Scrapes /metrics every <see cref="ScrapeInterval"/>, as an eager Prometheus would; answers how many scrapes it made.</summary>
    private static async Task<int> ScrapeAsync(string baseUrl, CancellationToken cancellationToken)
    {
        using var scraper = new HttpClient { BaseAddress = new Uri(baseUrl) };
        using var timer = new PeriodicTimer(ScrapeInterval);
        var scrapes = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                using var response = await scraper.GetAsync("/metrics", CancellationToken.None);
                response.EnsureSuccessStatusCode();
                scrapes++;
            }
        }
        catch (OperationCanceledException)
        {
            // the run is over
        }

        return scrapes;
    }
}
