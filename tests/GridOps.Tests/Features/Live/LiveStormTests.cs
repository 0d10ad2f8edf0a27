using System.Net.Http.Json;
using GridOps.TestSupport;
using GridOps.Web.Features.Live;
using GridOps.Web.Realtime;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace GridOps.Tests.Features.Live;

/// <summary>
/// A storm of reports reaches a screen in a few batched messages. The pump's waits run on a clock only
/// this test moves, so how many reads the storm gets is decided by the test: it once counted real
/// milliseconds, and a busy machine's slower inserts crossed its bound (346 messages, issue 15).
/// </summary>
public sealed class LiveStormTests
{
    [Fact]
    public async Task AThousandIncidentsInAMinute_ReachAScreenInBatches_NotAsAThousandMessages()
    {
        var pumpClock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await TestApp.StartAsync(withDemo: true,
            services: s => s.AddKeyedSingleton<TimeProvider>(LivePump.WaitClockKey, pumpClock));
        await using var centre = await app.HubAsync("command");
        var points = await app.Database.StringsAsync("SELECT ST_X(label_point) || ',' || ST_Y(label_point) FROM areas WHERE level = 3 ORDER BY code LIMIT 50");
        var tickets = HotlineBatch.Storm("STORM", 1000, points, "environment.appearance", "暴雨后积水");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        using (var hotline = app.WithKey(TestApp.HotlineKey))
        using (var batch = await hotline.PostAsJsonAsync("/api/hotline/tickets", tickets))
        {
            batch.EnsureSuccessStatusCode();
        }

        var created = await app.Database.StringsAsync("SELECT ticket_no FROM incidents WHERE source_ref LIKE 'STORM-%'");
        Assert.Equal(1000, created.Count);
        var last = created.Max();

        // Each step of the pump's clock allows one read; one read takes up to 2,000 events. A step waits
        // for the last event only as long as a slow machine could need, then steps again.
        var steps = 0;
        while (!centre.Received.Any(e => e.Type == "incident.created" && e.Incident.Ticket == last) && steps < 20)
        {
            pumpClock.Advance(TimeSpan.FromSeconds(3));
            steps++;
            try
            {
                await centre.WaitForAsync(e => e.Type == "incident.created" && e.Incident.Ticket == last, TimeSpan.FromSeconds(10));
            }
            catch (TimeoutException)
            {
                // A row behind a transaction still running: the next step reads it.
            }
        }

        var arrived = new HashSet<string>(centre.Received.Where(e => e.Type == "incident.created").Select(e => e.Incident.Ticket));
        Assert.Superset(new HashSet<string>(created), arrived);
        // The read the first commit woke, then at most one per step: a handful of messages, never one per incident.
        var eventMessages = centre.Messages.Count(m => m.Target == LivePump.EventsMessage);
        Assert.InRange(eventMessages, 1, 1 + steps);
        Assert.True(steps < 20, "the storm's last event never arrived");
        var kpiMessages = centre.Messages.Count(m => m.Target == LiveTicker.KpisMessage);
        Assert.True(kpiMessages <= clock.Elapsed.TotalSeconds + 2, $"{kpiMessages} KPI ticks in {clock.Elapsed.TotalSeconds:F1} s");
    }
}
