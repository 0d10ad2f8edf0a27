using System.Globalization;
using GridOps.TestSupport;
using GridOps.Web.Components.Maps;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Alerts;
using GridOps.Web.Features.DemoDistrict;
using GridOps.Web.Features.Incidents;
using GridOps.Web.Features.WorkingTime;
using Microsoft.Playwright;
using Xunit.Abstractions;

namespace GridOps.EndToEndTests.Features.Live;

/// <summary>
/// A wall left open through a whole day of the living demo, on a test clock: 24 hours of the simulator's
/// reports and the centre's work, ticked every ten minutes as fast as the machine goes. The suite runs it at
/// the demo's own rate; `GRIDOPS_SOAK_RATE=20` runs the 20× soak of docs/benchmarks.md.
/// </summary>
[Collection(BrowserGroup.Name)]
public sealed class WallSoakTests(BrowserFixture fixture, ITestOutputHelper output)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMinutes(10);

    private static double Rate => double.TryParse(Environment.GetEnvironmentVariable("GRIDOPS_SOAK_RATE"), CultureInfo.InvariantCulture, out var rate) ? rate : 1;

    /// <summary>How long the measured part lasts (after the first hour); a shorter soak is for finding a leak's slope quickly.</summary>
    private static double Hours => double.TryParse(Environment.GetEnvironmentVariable("GRIDOPS_SOAK_HOURS"), CultureInfo.InvariantCulture, out var hours) ? hours : 23;

    [Fact]
    public async Task AWallOpenForADay_HoldsFlatMemory_AndEndsWithTheDatabasesPicture()
    {
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var site = await SecondSite.DemoAsync(clock);
        clock.Advance(SecondSite.NextWorkingDawn(site.Service<WorkingCalendarProvider>().Current) - clock.GetUtcNow());
        var day = site.Service<DemoDay>();
        var sweep = site.Service<DeadlineSweep>();
        await day.LoadAsync(CancellationToken.None);

        // The page keeps the real clock: Playwright's clock emulation also fakes requestAnimationFrame, and under a storm of
        // map updates its frames fell behind until the callbacks MapLibre waits on held 1.9 GB — the emulation's, not the wall's.
        var wall = await site.OpenAsync(fixture.Browser, "/device#token=" + AccessSeeder.DemoWallToken, 1920, 1080, user: "");
        await wall.WaitForURLAsync(url => !url.Contains("/device", StringComparison.Ordinal));
        await wall.GotoAsync("/wall");
        await Assertions.Expect(wall.Locator(".wall[data-ready=true] .grid-map[data-ready=true]")).ToBeVisibleAsync(new() { Timeout = 30_000 });
        var browser = await wall.Context.NewCDPSessionAsync(wall);

        // The first hour settles what a wall holds anyway (the map's sources, the first pins, the JIT); then the measure starts.
        await PlayAsync(day, sweep, clock, TimeSpan.FromHours(1));
        await SameAsTheDatabaseAsync(wall, site.Database);
        var (browserAtStart, domAtStart) = await BrowserMemoryAsync(wall, browser);
        var serverAtStart = ServerMemory();

        var reported = await site.Database.CountAsync("SELECT count(*) FROM incidents");
        await PlayAsync(day, sweep, clock, TimeSpan.FromHours(Hours));
        reported = await site.Database.CountAsync("SELECT count(*) FROM incidents") - reported;

        // No lost events: what the wall built from the stream alone (pins by incident) is what the database holds.
        await SameAsTheDatabaseAsync(wall, site.Database);
        Assert.InRange(await wall.Locator(".ticker-item").CountAsync(), 1, 40);
        var (browserAtEnd, domAtEnd) = await BrowserMemoryAsync(wall, browser);
        var serverAtEnd = ServerMemory();
        var counters = await Counters(browser);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"rate {Rate}×: {reported} reported in {Hours} h; {counters}; browser JS heap {browserAtStart / 1e6:F1} → {browserAtEnd / 1e6:F1} MB, DOM nodes {domAtStart} → {domAtEnd}; server managed heap {serverAtStart / 1e6:F1} → {serverAtEnd / 1e6:F1} MB"));

        // Flat: what grows with the day's traffic stays bounded. The margins hold the open pins a day may add
        // (a pin is well under a kilobyte on either side) and a collector's noise, not a leak per event.
        Assert.True(browserAtEnd < browserAtStart * 1.5 + 8e6, $"the wall's JS heap grew from {browserAtStart / 1e6:F1} to {browserAtEnd / 1e6:F1} MB");
        Assert.True(domAtEnd < domAtStart + 400, $"the wall's DOM grew from {domAtStart} to {domAtEnd} nodes");
        Assert.True(serverAtEnd < serverAtStart + 48e6, $"the server's managed heap grew from {serverAtStart / 1e6:F1} to {serverAtEnd / 1e6:F1} MB");
        await wall.Context.CloseAsync();
    }

    /// <summary>The demo's day ticked every ten minutes, deadlines swept after each tick as the scheduler would.</summary>
    private static async Task PlayAsync(DemoDay day, DeadlineSweep sweep, ManualClock clock, TimeSpan length)
    {
        for (var elapsed = TimeSpan.Zero; elapsed < length; elapsed += Tick)
        {
            clock.Advance(Tick);
            await day.TickAsync(Tick, perHour: 90 * Rate, CancellationToken.None);
            await sweep.SweepAsync(CancellationToken.None);
        }
    }

    private static async Task SameAsTheDatabaseAsync(IPage wall, TestDatabase database)
    {
        var open = await database.CountAsync($"SELECT count(*) FROM incidents i WHERE {IncidentStates.OpenSql}");
        var placed = await database.CountAsync($"SELECT count(*) FROM incidents i WHERE {IncidentStates.OpenSql} AND i.location IS NOT NULL");
        await Assertions.Expect(wall.Locator("[data-kpi=openNow]")).ToHaveTextAsync(open.ToString(CultureInfo.InvariantCulture), new() { Timeout = 30_000 });
        // A map holds at most PinLimit pins (the 20× soak leaves more open than that: the demo's centre does not work 20× faster).
        var pins = Math.Min(placed, LiveMapPicture.PinLimit);
        await Assertions.Expect(wall.Locator(".wall .grid-map-canvas")).ToHaveAttributeAsync("data-pins", pins.ToString(CultureInfo.InvariantCulture), new() { Timeout = 30_000 });
    }

    /// <summary>The page's live JS heap after a full collection, and its element count.</summary>
    private static async Task<(double Heap, int Elements)> BrowserMemoryAsync(IPage wall, ICDPSession browser)
    {
        await browser.SendAsync("HeapProfiler.collectGarbage");
        var usage = (await browser.SendAsync("Runtime.getHeapUsage"))!.Value;
        var elements = await wall.EvaluateAsync<int>("() => document.getElementsByTagName('*').length");
        return (usage.GetProperty("usedSize").GetDouble(), elements);
    }

    private static async Task<string> Counters(ICDPSession browser) =>
        (await browser.SendAsync("Memory.getDOMCounters"))!.Value.ToString();

    private static double ServerMemory()
    {
        for (var i = 0; i < 3; i++)
        {
            GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }

        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
