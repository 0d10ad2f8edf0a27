using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using GridOps.TestSupport;
using GridOps.Web.Data;
using Npgsql;

namespace GridOps.Bench;

/// <summary>
/// Load driver for intake: POST /api/incidents (validate, locate, repeat check, tier, event log,
/// one transaction) against a bare insert of the same rows (incident + first event in one
/// statement, no HTTP), both from the same number of concurrent clients, in the same run, on a
/// fresh copy of the demo district. Then the API alone at a fixed rate, timed from each request's
/// scheduled start so a stall cannot hide behind the requests it delays.
/// </summary>
internal static class IntakeLoadDriver
{
    private const string BareInsertSql = """
        WITH i AS (
            INSERT INTO incidents (ticket_no, version, state, tier, tier_reason, category_id, title, description, source, location,
                unlocated, reported_at, received_at, updated_at)
            VALUES ('', 1, 0, 0, 'category:green', $1, $2, $2, 4, ST_SetSRID(ST_MakePoint($3, $4), 4326), false, now(), now(), now())
            RETURNING id)
        INSERT INTO incident_events (incident_id, seq, occurred_at, recorded_at, actor, action, payload)
        SELECT id, 1, now(), now(), 'bench', 0, '{}' FROM i
        """;

    private static readonly string[] Categories = ["environment.appearance", "dispute.neighbour", "facility.street-light", "environment.waste", "order.hazard"];

    public static async Task RunAsync(int requests, int clients, int rate, int seconds)
    {
        var template = await BenchDatabase.EnsureAsync("demo");
        var connectionString = await FreshCopyAsync(template);
        await using var app = new GridOpsAppFactory(connectionString) { Settings = new Dictionary<string, string> { ["Alerts:Sweep"] = Environment.GetEnvironmentVariable("BENCH_SWEEP") ?? "true" } };
        var baseUrl = app.StartOnLoopback(); // migrates and seeds the catalogue
        await using var dataSource = DataModule.CreateDataSource(connectionString);
        var points = LocateBenchmarks.RandomPointsInside(dataSource, requests);
        long categoryId;
        await using (var command = dataSource.CreateCommand("SELECT id FROM categories WHERE code = 'environment.appearance'"))
        {
            categoryId = (long)(await command.ExecuteScalarAsync())!;
        }

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512 }) { BaseAddress = new Uri(baseUrl) };
        // Intake is for signed-in principals: the driver is a 12345 gateway with its own key.
        http.DefaultRequestHeaders.Add("X-Api-Key", await app.IssueKeyAsync());
        await ClosedLoopAsync(Math.Min(500, requests), clients, i => PostAsync(http, points[i], i)); // warm-up
        var bare = await ClosedLoopAsync(requests, clients, async i =>
        {
            await using var command = dataSource.CreateCommand(BareInsertSql);
            command.Parameters.AddWithValue(categoryId);
            command.Parameters.AddWithValue($"bench {i}");
            command.Parameters.AddWithValue(points[i].Lon);
            command.Parameters.AddWithValue(points[i].Lat);
            await command.ExecuteNonQueryAsync();
        });
        var api = await ClosedLoopAsync(requests, clients, i => PostAsync(http, points[i], requests + i));
        await PacedAsync(rate, 2, i => PostAsync(http, points[i % requests], 3 * requests + i)); // warm-up at the rate
        var paced = await PacedAsync(rate, seconds, i => PostAsync(http, points[i % requests], 2 * requests + i));

        Console.WriteLine($"| run | requests | clients | throughput /s | p50 ms | p99 ms | max ms |");
        Console.WriteLine($"|---|---|---|---|---|---|---|");
        Print("bare insert (incident + event, no HTTP)", bare, clients);
        Print("POST /api/incidents, closed loop", api, clients);
        Print($"POST /api/incidents at {rate}/s for {seconds} s", paced, 0);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\nthroughput ratio API / bare insert: {api.PerSecond / bare.PerSecond:F2}; p99 at {rate}/s: {paced.P(0.99):F1} ms, achieved {paced.PerSecond:F0}/s\n"));
        await app.DisposeAsync(); // its telemetry listens process-wide: gone before the off/on comparison starts
        await TelemetryCostDriver.RunAsync(2 * requests, clients);
    }

    internal static async Task PostAsync(HttpClient http, (double Lon, double Lat) point, int i)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/incidents")
        {
            Content = JsonContent.Create(new { category = Categories[i % Categories.Length], description = $"压测事件 {i}", lon = point.Lon, lat = point.Lat }),
        };
        request.Headers.Add("Idempotency-Key", $"bench-{i}");
        using var response = await http.SendAsync(request);
        response.EnsureSuccessStatusCode();
    }

    internal static async Task<Run> ClosedLoopAsync(int requests, int clients, Func<int, Task> work)
    {
        var timings = new ConcurrentBag<double>();
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < requests)
            {
                var started = Stopwatch.GetTimestamp();
                await work(i);
                timings.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            }
        })));
        return new Run([.. timings.Order()], clock.Elapsed);
    }

    private static async Task<Run> PacedAsync(int rate, int seconds, Func<int, Task> work)
    {
        var total = rate * seconds;
        var timings = new double[total];
        var tasks = new Task[total];
        var pausedBefore = GC.GetTotalPauseDuration();
        var collectionsBefore = Enumerable.Range(0, 3).Select(GC.CollectionCount).ToArray();
        var clock = Stopwatch.StartNew();
        // The schedule runs on its own thread: a busy thread pool must not delay the sending,
        // only the answering — which is what is being measured.
        var scheduler = new Thread(() =>
        {
            for (var i = 0; i < total; i++)
            {
                var due = TimeSpan.FromSeconds((double)i / rate);
                while (clock.Elapsed < due)
                {
                    Thread.Sleep(due - clock.Elapsed > TimeSpan.FromMilliseconds(2) ? 1 : 0);
                }

                var index = i;
                tasks[i] = work(index).ContinueWith(_ => timings[index] = (clock.Elapsed - due).TotalMilliseconds, TaskScheduler.Default);
            }
        }) { IsBackground = true, Priority = ThreadPriority.AboveNormal };
        scheduler.Start();
        await Task.Run(scheduler.Join);
        await Task.WhenAll(tasks);
        // Where in the run the slow requests were: the worst latency of each second of the schedule.
        Console.Error.WriteLine("worst ms per second of schedule: " + string.Join(" ", Enumerable.Range(0, seconds)
            .Select(second => timings.Skip(second * rate).Take(rate).Max().ToString("F0", CultureInfo.InvariantCulture))));
        Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"GC in this process meanwhile: {(GC.GetTotalPauseDuration() - pausedBefore).TotalMilliseconds:F0} ms paused; collections gen0/1/2 {string.Join('/', Enumerable.Range(0, 3).Select(g => GC.CollectionCount(g) - collectionsBefore[g]))}; server GC {System.Runtime.GCSettings.IsServerGC}"));
        Array.Sort(timings);
        return new Run(timings, clock.Elapsed);
    }

    /// <summary>A fresh copy of a template database under <paramref name="name"/> (dropped first if left by an earlier run).</summary>
    internal static async Task<string> FreshCopyAsync(string template, string name = "gridops_bench_intake")
    {
        var builder = new NpgsqlConnectionStringBuilder(template);
        var source = builder.Database!;
        builder.Database = "postgres";
        await using (var admin = new NpgsqlConnection(builder.ConnectionString))
        {
            await admin.OpenAsync();
            foreach (var sql in new[] { $"DROP DATABASE IF EXISTS {name} WITH (FORCE)", $"CREATE DATABASE {name} TEMPLATE \"{source}\"" })
            {
                await using var command = new NpgsqlCommand(sql, admin);
                await command.ExecuteNonQueryAsync();
            }
        }

        builder.Database = name;
        return builder.ConnectionString;
    }

    private static void Print(string name, Run run, int clients) => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {run.Timings.Length} | {(clients == 0 ? "open" : clients.ToString(CultureInfo.InvariantCulture))} | {run.PerSecond:F0} | {run.P(0.5):F1} | {run.P(0.99):F1} | {run.Timings[^1]:F1} |"));

    internal sealed record Run(double[] Timings, TimeSpan Elapsed)
    {
        public double PerSecond => Timings.Length / Elapsed.TotalSeconds;

        public double P(double p) => Timings[Math.Min(Timings.Length - 1, (int)(p * Timings.Length))];
    }
}
