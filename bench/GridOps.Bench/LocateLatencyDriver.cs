using System.Diagnostics;
using System.Globalization;
using GridOps.TestSupport;
using GridOps.Web.Data;

namespace GridOps.Bench;

/// <summary>
/// Load driver: single-point GET /api/locate over loopback against the real app, one request at a
/// time, against a bare endpoint (/healthz/live) measured the same way in the same run.
/// </summary>
internal static class LocateLatencyDriver
{
    public static async Task RunAsync(int requests)
    {
        var connectionString = await BenchDatabase.EnsureAsync("demo");
        await using var dataSource = DataModule.CreateDataSource(connectionString);
        var points = LocateBenchmarks.RandomPointsInside(dataSource, requests);
        await using var app = new GridOpsAppFactory(connectionString);
        var baseUrl = app.StartOnLoopback();
        using var http = new HttpClient { BaseAddress = new Uri(baseUrl) };
        http.DefaultRequestHeaders.Add("X-Api-Key", await app.IssueKeyAsync());

        var bare = await MeasureAsync(http, requests, _ => "/healthz/live");
        var locate = await MeasureAsync(http, requests, i => string.Create(CultureInfo.InvariantCulture, $"/api/locate?lon={points[i].Lon}&lat={points[i].Lat}"));

        Console.WriteLine($"| request | n | p50 ms | p90 ms | p99 ms | max ms |");
        Console.WriteLine($"|---|---|---|---|---|---|");
        Print("GET /healthz/live (bare baseline)", bare);
        Print("GET /api/locate (demo district)", locate);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\np99 ratio locate / bare: {Percentile(locate, 0.99) / Percentile(bare, 0.99):F2}"));
    }

    private static async Task<double[]> MeasureAsync(HttpClient http, int requests, Func<int, string> path)
    {
        for (var i = 0; i < 500; i++)
        {
            (await http.GetAsync(path(i % requests))).EnsureSuccessStatusCode();
        }

        var timings = new double[requests];
        for (var i = 0; i < requests; i++)
        {
            var started = Stopwatch.GetTimestamp();
            using var response = await http.GetAsync(path(i));
            await response.Content.ReadAsByteArrayAsync();
            timings[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            response.EnsureSuccessStatusCode();
        }

        Array.Sort(timings);
        return timings;
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static void Print(string name, double[] t) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {t.Length} | {Percentile(t, 0.5):F3} | {Percentile(t, 0.9):F3} | {Percentile(t, 0.99):F3} | {t[^1]:F3} |"));
}
