using System.Globalization;
using System.Net.Http.Json;
using GridOps.TestSupport;
using Microsoft.Playwright;
using Npgsql;

namespace GridOps.Bench;

/// <summary>
/// The wall's main thread during a storm: N incidents reported through the API within one minute while the
/// walls record every long task (over 50 ms) their browser runs (PerformanceObserver 'longtask', the same
/// entries a Chromium performance trace shows) and count the frames their maps drew. Target: no long task over 200 ms.
/// </summary>
internal static partial class WallLatencyDriver
{
    private const string WatchLongTasks = """
        () => {
          window.__long = [];
          window.__frames = 0;
          document.querySelector('.wall .grid-map-canvas').map.on('render', () => window.__frames++);
          new PerformanceObserver(list => { for (const e of list.getEntries()) window.__long.push(e.duration); })
            .observe({ type: 'longtask' });
          return true;
        }
        """;

    private static async Task StormAsync(GridOpsAppFactory app, Uri baseUrl, NpgsqlDataSource dataSource, List<IPage> walls, int incidents)
    {
        foreach (var wall in walls)
        {
            await wall.EvaluateAsync(WatchLongTasks);
        }

        // With GRIDOPS_BENCH_TRACE set, Chromium traces the storm (its timeline, over CDP) and the time each
        // thread spent per kind of work is printed: where the long tasks went.
        var trace = Environment.GetEnvironmentVariable("GRIDOPS_BENCH_TRACE") is { Length: > 0 } ? await ChromiumTrace.StartAsync(walls[0]) : null;

        var points = LocateBenchmarks.RandomPointsInside(dataSource, incidents);
        using var intake = new HttpClient { BaseAddress = baseUrl };
        intake.DefaultRequestHeaders.Add("X-Api-Key", await app.IssueKeyAsync());
        Console.WriteLine($"{walls.Count} walls open; reporting {incidents} incidents within a minute");
        var gap = TimeSpan.FromMinutes(1) / incidents;
        var started = DateTimeOffset.UtcNow;
        using var inFlight = new SemaphoreSlim(8);
        var posts = new List<Task>();
        for (var i = 0; i < incidents; i++)
        {
            var due = started + gap * i;
            if (due > DateTimeOffset.UtcNow)
            {
                await Task.Delay(due - DateTimeOffset.UtcNow);
            }

            await inFlight.WaitAsync();
            var (lon, lat) = points[i];
            var n = i;
            posts.Add(Task.Run(async () =>
            {
                try
                {
                    using var report = await intake.PostAsJsonAsync("/api/incidents", new { category = "facility.manhole", description = $"暴雨井盖移位 {n}", lon, lat });
                    report.EnsureSuccessStatusCode();
                }
                finally
                {
                    inFlight.Release();
                }
            }));
        }

        await Task.WhenAll(posts);
        var took = DateTimeOffset.UtcNow - started;
        await Task.Delay(TimeSpan.FromSeconds(5));
        var all = new List<double>();
        var frames = 0;
        foreach (var wall in walls)
        {
            all.AddRange(await wall.EvaluateAsync<double[]>("() => window.__long"));
            frames += await wall.EvaluateAsync<int>("() => window.__frames");
        }

        if (trace is not null)
        {
            await trace.StopAndPrintAsync();
        }

        all.Sort();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\n{incidents} incidents in {took.TotalSeconds:F0} s; long tasks on {walls.Count} wall(s): {all.Count}, longest {(all.Count == 0 ? 0 : all[^1]):F0} ms, over 200 ms: {all.Count(d => d > 200)}, total {all.Sum():F0} ms; map frames drawn: {frames}"));
    }
}
