using Microsoft.Playwright;

namespace GridOps.Bench;

/// <summary>What the browser-driven benches share: Debian's Chromium, headless, and a percentile of what they saw.</summary>
internal static class BenchBrowser
{
    public static Task<IBrowser> LaunchAsync(IPlaywright playwright) => playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
    {
        ExecutablePath = Environment.GetEnvironmentVariable("GRIDOPS_CHROMIUM") ?? "/usr/bin/chromium",
        Headless = true,
        Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--renderer-process-limit=8"],
    });

    /// <summary>The q-quantile (nearest rank) of <paramref name="values"/>, sorting them in place; NaN when empty.</summary>
    public static double Percentile(List<double> values, double q)
    {
        values.Sort();
        return values.Count == 0 ? double.NaN : values[Math.Min(values.Count - 1, (int)Math.Ceiling(q * values.Count) - 1)];
    }
}
