using System.Diagnostics;
using GridOps.TestSupport;

namespace GridOps.Tests.Features.Alerts;

/// <summary>Two GridOps nodes on one database, the deadline sweep a recurring Hangfire job in both.</summary>
public sealed class ClusteredSweepTests : IAsyncLifetime
{
    private const double SweepSeconds = 1;
    private TestApp _first = null!;
    private TestApp _second = null!;

    public async Task InitializeAsync()
    {
        // A zero accept limit: every new incident is overdue the moment it is reported, so the sweep acts at once.
        _first = await TestApp.StartAsync(withDemo: true, settings: new Dictionary<string, string>
        {
            ["Alerts:SweepSeconds"] = SweepSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["WorkingTime:Green:Accept"] = "0",
        });
        _second = await _first.SecondNodeAsync();
    }

    public async Task DisposeAsync()
    {
        await _second.DisposeAsync();
        await _first.DisposeAsync();
    }

    [Fact]
    public async Task EachSweepFiresOnOneNode_AndEveryOverdueIncidentEscalatesExactlyOnce()
    {
        await using var screen = await _second.HubAsync("command");
        var runsBefore = await RunsAsync();
        var clock = Stopwatch.StartNew();
        var grids = await _first.Database.StringsAsync("SELECT code FROM areas WHERE level = 3 ORDER BY code LIMIT 10");
        var tickets = new List<string>();
        foreach (var grid in grids)
        {
            tickets.Add(await GridOps.Tests.Features.Access.DemoWorld.ReportAtAsync(_first, grid, "楼上漏水引发邻里纠纷"));
        }

        foreach (var ticket in tickets)
        {
            await screen.WaitForAsync(e => e.Type == "incident.escalated" && e.Incident.Ticket == ticket, TimeSpan.FromSeconds(20));
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        var list = string.Join(",", tickets.Select(t => $"'{t}'"));
        Assert.Equal(tickets.Count, await _first.Database.CountAsync(
            $"SELECT count(*) FROM incident_events e JOIN incidents i ON i.id = e.incident_id WHERE i.ticket_no IN ({list}) AND e.action = 19"));
        Assert.Equal(tickets.Count, await _first.Database.CountAsync(
            $"SELECT count(*) FROM alerts a JOIN incidents i ON i.id = a.incident_id WHERE i.ticket_no IN ({list}) AND a.kind = 0"));

        // One schedule across the cluster: about one run per interval, not one per node.
        var runs = await RunsAsync() - runsBefore;
        Assert.InRange(runs, 1, (long)(elapsed / SweepSeconds) + 3);
    }

    // Every run is a Hangfire job; the sweep's are kept ten minutes, longer than this test runs.
    private Task<long> RunsAsync() => _first.Database.CountAsync("SELECT count(*) FROM hangfire.job WHERE invocationdata->>'Type' LIKE '%DeadlineSweepJob%'");
}
