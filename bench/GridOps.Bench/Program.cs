using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using GridOps.Bench;

// ./gridops bench locate      BenchmarkDotNet: point → grid, PostGIS vs in-process NTS
// ./gridops bench latency     load driver: HTTP GET /api/locate p99 over loopback
// ./gridops bench locate-ef [calls]   single-point locate: hand-written SQL vs one EF Core query with the NTS translation
// ./gridops bench tiles       vector tiles vs GeoJSON for the map (docs/decisions/004)
// ./gridops bench intake [requests clients rate seconds]   load driver: POST /api/incidents vs a bare insert, then telemetry off vs on
// ./gridops bench telemetry [requests clients segments]   only the telemetry part: intake to a node with OpenTelemetry off vs one with it on
// ./gridops bench live [clients events rate]   load driver: commit → hub → 1,000 clients vs a bare SignalR broadcast
// ./gridops bench circuits [counts…]   server memory per interactive console (a Blazor circuit in Chromium) vs a bare hub connection
// ./gridops bench walls [counts…]   the same for the wall screen (its map's pins, KPIs, ticker)
// ./gridops bench wall-latency [walls operators events storm]   commit → pin on W walls' maps (P operator circuits beside) vs a bare SignalR broadcast;
//     with storm > 0 instead: that many incidents in one minute, and the walls' long tasks (PerformanceObserver),
//     run twice: the map drawing every change, then pins at most once a second on average (Map:WallUpdateGapMs)
//     GRIDOPS_BENCH_TRACE=1: the first wall's Chromium timeline per thread; GRIDOPS_BENCH_GL=swiftshader: GPU compositing on SwiftShader
// ./gridops bench circuit-latency [pages events perSecond]   commit → visible in N township views' DOM vs the same incidents over the hub
// ./gridops bench health [runs]   grid health over 200,704 micro-grids vs the bare PostGIS union-difference and overlap join
// ./gridops bench history [incidents]   a district's history (closed incidents × 5 events) from CSV vs a bare COPY of the same rows
// ./gridops bench jobs [open month]   the overdue sweep over 100,000 open incidents and the monthly assessment over 1,000,000, vs bare SQL
switch (args.FirstOrDefault())
{
    case "latency":
        await LocateLatencyDriver.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20_000);
        break;
    case "locate-ef":
        await EfLocateDriver.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 5_000);
        break;
    case "intake":
        int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], System.Globalization.CultureInfo.InvariantCulture) : fallback;
        await IntakeLoadDriver.RunAsync(Arg(1, 20_000), Arg(2, 16), Arg(3, 1_000), Arg(4, 20));
        break;
    case "telemetry":
        int TelemetryArg(int index, int fallback) => args.Length > index ? int.Parse(args[index], System.Globalization.CultureInfo.InvariantCulture) : fallback;
        await TelemetryCostDriver.RunAsync(TelemetryArg(1, 40_000), TelemetryArg(2, 16), TelemetryArg(3, 10));
        break;
    case "live":
        int LiveArg(int index, int fallback) => args.Length > index ? int.Parse(args[index], System.Globalization.CultureInfo.InvariantCulture) : fallback;
        await LiveLoadDriver.RunAsync(LiveArg(1, 1_000), LiveArg(2, 200), LiveArg(3, 20));
        break;
    case "history":
        await HistoryImportDriver.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000);
        break;
    case "jobs":
        int JobsArg(int index, int fallback) => args.Length > index ? int.Parse(args[index], System.Globalization.CultureInfo.InvariantCulture) : fallback;
        await ScheduledWorkDriver.RunAsync(JobsArg(1, 100_000), JobsArg(2, 1_000_000));
        break;
    case "circuits":
        await CircuitLoadDriver.RunAsync(CircuitLoadDriver.Consoles, args.Length > 1 ? [.. args.Skip(1).Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture))] : [50, 200]);
        break;
    case "walls":
        await CircuitLoadDriver.RunAsync(CircuitLoadDriver.Wall, args.Length > 1 ? [.. args.Skip(1).Select(a => int.Parse(a, System.Globalization.CultureInfo.InvariantCulture))] : [20, 50]);
        break;
    case "circuit-latency":
        int LatencyArg(int index, int fallback) => args.Length > index ? int.Parse(args[index], System.Globalization.CultureInfo.InvariantCulture) : fallback;
        await CircuitLatencyDriver.RunAsync(LatencyArg(1, 200), LatencyArg(2, 40), 1);
        break;
    case "wall-latency":
        int WallArg(int index, int fallback) => args.Length > index ? int.Parse(args[index], System.Globalization.CultureInfo.InvariantCulture) : fallback;
        if (WallArg(4, 0) is > 0 and var storm)
        {
            // The storm twice in one run: every map change drawn as it comes, then the wall's gap between map pictures.
            Console.WriteLine("— the wall's map drawing every change (Map:WallUpdateGapMs=0)");
            await WallLatencyDriver.RunAsync(WallArg(1, 1), WallArg(2, 0), 0, 1, storm, mapGapMs: 0);
            Console.WriteLine("— the wall's map taking pins at most once a second on average (the default)");
            await WallLatencyDriver.RunAsync(WallArg(1, 1), WallArg(2, 0), 0, 1, storm);
        }
        else
        {
            await WallLatencyDriver.RunAsync(WallArg(1, 20), WallArg(2, 200), WallArg(3, 40), 1, 0);
        }
        break;
    case "health":
        await GridHealthDriver.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 3);
        break;
    case "tiles":
        await MapPayloadDriver.RunAsync();
        break;
    default:
        // In-process: no per-benchmark project to build and restore on a machine without the internet.
        var config = ManualConfig.Create(DefaultConfig.Instance)
            .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(1).WithIterationCount(5).WithLaunchCount(1));
        BenchmarkRunner.Run<LocateBenchmarks>(config, args.Skip(1).ToArray());
        break;
}
