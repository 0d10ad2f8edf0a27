using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;

namespace GridOps.Bench;

/// <summary>
/// A Chromium timeline trace of one page over CDP (the events DevTools' performance panel records), summed
/// per thread and kind of work: which of script, style, layout, paint, WebGL or compositing a page's time went to.
/// </summary>
internal sealed class ChromiumTrace
{
    private const string Categories = "devtools.timeline,disabled-by-default-devtools.timeline,gpu,viz";

    private readonly ICDPSession _session;
    private readonly List<JsonElement> _events = [];
    private readonly TaskCompletionSource _complete = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChromiumTrace(ICDPSession session)
    {
        _session = session;
        session.Event("Tracing.dataCollected").OnEvent += (_, data) =>
        {
            lock (_events)
            {
                _events.AddRange(data!.Value.GetProperty("value").EnumerateArray().Select(e => e.Clone()));
            }
        };
        session.Event("Tracing.tracingComplete").OnEvent += (_, _) => _complete.TrySetResult();
    }

    public static async Task<ChromiumTrace> StartAsync(IPage page)
    {
        var trace = new ChromiumTrace(await page.Context.NewCDPSessionAsync(page));
        await trace._session.SendAsync("Tracing.start", new Dictionary<string, object> { ["categories"] = Categories, ["transferMode"] = "ReportEvents" });
        return trace;
    }

    public async Task StopAndPrintAsync()
    {
        await _session.SendAsync("Tracing.end");
        await _complete.Task;
        var threads = _events.Where(e => e.GetProperty("ph").GetString() == "M" && e.GetProperty("name").GetString() == "thread_name")
            .GroupBy(e => (Pid: e.GetProperty("pid").GetInt64(), Tid: e.GetProperty("tid").GetInt64()))
            .ToDictionary(g => g.Key, g => g.First().GetProperty("args").GetProperty("name").GetString() ?? "?");
        var work = _events.Where(e => e.GetProperty("ph").GetString() == "X" && e.TryGetProperty("dur", out _))
            .Select(e => (Thread: threads.GetValueOrDefault((e.GetProperty("pid").GetInt64(), e.GetProperty("tid").GetInt64()), "?"),
                Name: e.GetProperty("name").GetString() ?? "?", Ms: e.GetProperty("dur").GetDouble() / 1000))
            .Where(w => w.Thread is "CrRendererMain" or "CrGpuMain" or "VizCompositorThread" or "Compositor")
            .ToList();
        foreach (var thread in work.GroupBy(w => w.Thread).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            Console.WriteLine($"\n{thread.Key}: time per kind of work (nested events counted in each)");
            foreach (var kind in thread.GroupBy(w => w.Name).Select(g => (Name: g.Key, Ms: g.Sum(w => w.Ms), Count: g.Count())).OrderByDescending(k => k.Ms).Take(15))
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{kind.Ms,10:F0} ms {kind.Count,8}×  {kind.Name}"));
            }
        }
    }
}
