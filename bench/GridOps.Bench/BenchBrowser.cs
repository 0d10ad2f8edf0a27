using System.Globalization;
using Microsoft.Playwright;

namespace GridOps.Bench;

/// <summary>What the browser-driven benches share: Debian's Chromium, headless, and a percentile of what they saw.</summary>
internal static class BenchBrowser
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Environment.GetEnvironmentVariable("GRIDOPS_CHROMIUM") ?? "/usr/bin/chromium",
        Headless = true,
        Args = [.. Graphics, "--no-sandbox", "--disable-background-networking", "--disable-component-update", "--renderer-process-limit=8"],
    });

    // This VM has no GPU. With --disable-gpu Chromium composites in software and reads every WebGL frame back
    // to the page's main thread (GLES2::ReadPixels, ~150 ms a frame at 1080p here); GRIDOPS_BENCH_GL=swiftshader
    // instead composites on a software "GPU" (SwiftShader), as a wall's real GPU would, without that readback.
    private static string[] Graphics => Environment.GetEnvironmentVariable("GRIDOPS_BENCH_GL") == "swiftshader"
        ? ["--use-angle=swiftshader", "--enable-unsafe-swiftshader", "--ignore-gpu-blocklist"]
        : ["--disable-gpu"];

    /// <summary>The q-quantile (nearest rank) of <paramref name="values"/>, sorting them in place; NaN when empty.</summary>
    public static double Percentile(List<double> values, double q)
    {
        values.Sort();
        return values.Count == 0 ? double.NaN : values[Math.Min(values.Count - 1, (int)Math.Ceiling(q * values.Count) - 1)];
    }

    /// <summary>The latency table the browser benches print: the baseline's row, the measured path's row, their ratio.</summary>
    public static void PrintLatencies(string baselineName, List<double> baseline, string measuredName, List<double> measured, int missing)
    {
        static string Row(string name, List<double> values, string count) => string.Create(CultureInfo.InvariantCulture,
            $"| {name} | {count} | {Percentile(values, 0.5):F0} | {Percentile(values, 0.99):F0} | {values.DefaultIfEmpty(double.NaN).Max():F0} |");

        Console.WriteLine("\n| path | deliveries | p50 ms | p99 ms | max ms |\n|---|---|---|---|---|");
        Console.WriteLine(Row(baselineName, baseline, baseline.Count.ToString(CultureInfo.InvariantCulture)));
        Console.WriteLine(Row(measuredName, measured, string.Create(CultureInfo.InvariantCulture, $"{measured.Count} (missing {missing})")));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"\nratio measured / baseline: p99 {Percentile(measured, 0.99) / Percentile(baseline, 0.99):F2}, p50 {Percentile(measured, 0.5) / Percentile(baseline, 0.5):F2}"));
    }
}
