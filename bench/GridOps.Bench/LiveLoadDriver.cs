using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using GridOps.TestSupport;
using GridOps.Web.Data;
using GridOps.Web.Features.Access;
using GridOps.Web.Realtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace GridOps.Bench;

/// <summary>
/// Load driver for the live feed: N hub clients on loopback (a wall screen's key each, the whole
/// district) while incidents are reported through the real API. Measures commit → receipt latency
/// (from the moment POST /api/incidents answers, i.e. after the commit), memory per connection and
/// events delivered per second — each against a bare SignalR hub broadcasting the same messages from
/// the same process in the same run (no database, no scope groups, no batching).
/// </summary>
internal static class LiveLoadDriver
{
    public static async Task RunAsync(int clients, int events, int rate)
    {
        var template = await BenchDatabase.EnsureAsync("demo");
        var connectionString = await IntakeLoadDriver.FreshCopyAsync(template, "gridops_bench_live");
        await using var app = new GridOpsAppFactory(connectionString) { Settings = new Dictionary<string, string> { ["Alerts:Sweep"] = "false" } };
        var baseUrl = new Uri(app.StartOnLoopback());
        await using var dataSource = DataModule.CreateDataSource(connectionString);
        var points = LocateBenchmarks.RandomPointsInside(dataSource, events * 3);
        var warmPoints = LocateBenchmarks.RandomPointsInside(dataSource, 100);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = baseUrl };
        http.DefaultRequestHeaders.Add("X-Api-Key", await app.IssueKeyAsync());
        var wallKey = await app.IssueKeyAsync(AccessRole.WallScreen);

        await using var bare = await BareServer.StartAsync();
        var results = new List<(string Name, Measured Run)>();

        // The bare broadcast before and after GridOps: whichever order effect the process has shows as the gap between the two.
        Task<Measured> Bare() => MeasureAsync(clients, events, rate, () => bare.ConnectAsync(), async i =>
        {
            var message = new[] { SampleEvent(i) };
            var sent = Stopwatch.GetTimestamp();
            await bare.Hub.Clients.All.SendAsync(LivePump.EventsMessage, message);
            return ("B" + i.ToString(CultureInfo.InvariantCulture), sent);
        });
        results.Add(("bare SignalR broadcast, before (same messages, no database)", await Bare()));

        var liveRun = await MeasureAsync(clients, events, rate,
            () => LiveHubClient.ConnectAsync(baseUrl, new Dictionary<string, string> { ["X-Api-Key"] = wallKey }),
            async i =>
            {
                var p = i >= 10_000_000 ? warmPoints[i % 100] : points[i];
                using var response = await http.PostAsJsonAsync("/api/incidents", new { category = "environment.appearance", description = $"大屏压测 {i}", lon = p.Lon, lat = p.Lat });
                response.EnsureSuccessStatusCode();
                var committed = Stopwatch.GetTimestamp();
                var ticket = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("ticketNo").GetString()!;
                return (ticket, committed);
            });
        results.Add(("GridOps: POST commit → hub → client", liveRun));
        results.Add(("bare SignalR broadcast, after", await Bare()));
        var bareRun = results.Where(r => r.Name.StartsWith("bare", StringComparison.Ordinal)).MinBy(r => r.Run.P(0.99)).Run;

        Console.WriteLine($"\n{clients} clients, {events} events at {rate}/s, then {events} as fast as they come\n");
        Console.WriteLine("| run | deliveries | p50 ms | p99 ms | max ms | fan-out events/s | managed KB / connection (server + client) |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (name, run) in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {name} | {run.Latencies.Length} | {run.P(0.5):F1} | {run.P(0.99):F1} | {run.Latencies[^1]:F1} | {run.FanOutPerSecond:F0} | {run.ManagedPerClient / 1024:F1} |"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\nratios GridOps / the better bare run: p99 {liveRun.P(0.99) / bareRun.P(0.99):F2}, fan-out {liveRun.FanOutPerSecond / bareRun.FanOutPerSecond:F2}, managed memory per client {liveRun.ManagedPerClient / bareRun.ManagedPerClient:F2}"));
    }

    private static async Task<Measured> MeasureAsync(int clientCount, int events, int rate,
        Func<Task<LiveHubClient>> connect, Func<int, Task<(string Key, long Sent)>> send)
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var managedBefore = GC.GetTotalMemory(true);
        var receipts = new ConcurrentQueue<(string Key, long At)>();
        var clients = new List<LiveHubClient>();
        for (var c = 0; c < clientCount; c++)
        {
            var client = await connect();
            client.OnEvents = batch =>
            {
                var at = Stopwatch.GetTimestamp();
                foreach (var e in batch)
                {
                    receipts.Enqueue((e.Incident.Ticket, at));
                }
            };
            clients.Add(client);
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        var managedPerClient = (double)(GC.GetTotalMemory(true) - managedBefore) / clientCount;

        // Warm-up: the code paths JIT-compiled and the pools filled before anything is timed.
        for (var i = 0; i < 30; i++)
        {
            await send(10_000_000 + i);
        }

        await WaitForAsync(() => receipts.Count >= 30 * clientCount, TimeSpan.FromSeconds(60));
        receipts.Clear();

        // Paced: latency from commit (or send) to receipt, one event every 1/rate s.
        var sent = new ConcurrentDictionary<string, long>();
        var interval = TimeSpan.FromSeconds(1.0 / rate);
        var start = Stopwatch.GetTimestamp();
        for (var i = 0; i < events; i++)
        {
            var due = start + (long)(i * interval.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }

            var (key, at) = await send(i);
            sent[key] = at;
        }

        await WaitForAsync(() => receipts.Count >= events * clientCount, TimeSpan.FromSeconds(60));
        var latencies = receipts.Where(r => sent.ContainsKey(r.Key)).Select(r => Stopwatch.GetElapsedTime(sent[r.Key], r.At).TotalMilliseconds).ToArray();
        Array.Sort(latencies);

        // Burst: as fast as the sender goes; deliveries per second until the last client has the last event.
        receipts.Clear();
        var burstStart = Stopwatch.GetTimestamp();
        await Parallel.ForAsync(events, 2 * events, new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, _) => await send(i));
        await WaitForAsync(() => receipts.Count >= events * clientCount, TimeSpan.FromSeconds(120));
        var burstSeconds = Stopwatch.GetElapsedTime(burstStart).TotalSeconds;
        var fanOut = receipts.Count / burstSeconds;

        foreach (var client in clients)
        {
            await client.DisposeAsync();
        }

        return new Measured(latencies, fanOut, managedPerClient);
    }

    private static async Task WaitForAsync(Func<bool> done, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!done() && clock.Elapsed < timeout)
        {
            await Task.Delay(5);
        }
    }

    private static LiveEvent SampleEvent(int i) => new(i + 1, "incident.created", DateTimeOffset.UtcNow,
        new LiveIncident(i + 1, "B" + i.ToString(CultureInfo.InvariantCulture), $"大屏压测 {i}", "green", "reported", true, "onTime", "市容环境", "City appearance",
            112.95, 28.21, 1, 2, 3, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddHours(1)), null);

    private sealed record Measured(double[] Latencies, double FanOutPerSecond, double ManagedPerClient)
    {
        public double P(double q) => Latencies.Length == 0 ? double.NaN : Latencies[Math.Min(Latencies.Length - 1, (int)(q * Latencies.Length))];
    }
}
