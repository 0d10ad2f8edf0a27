using System.Collections.Concurrent;
using GridOps.Web.Realtime;
using Microsoft.AspNetCore.SignalR;
using Npgsql;

namespace GridOps.Web.Features.Live;

/// <summary>
/// KPI ticks and map colours: the pump marks which groups (and which of their areas) changed; once
/// a second this sends each changed group that has screens connected its new numbers and the
/// counts of just the areas that changed — a delta, however many events the second held.
/// </summary>
public sealed class LiveTicker(LiveKpiQueries queries, IHubContext<LiveHub> hub, LiveSubscriptions screens, ILogger<LiveTicker> logger) : BackgroundService, ILiveStreamListener
{
    public const string KpisMessage = "kpis";
    public const string CountsMessage = "counts";
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private readonly ConcurrentDictionary<string, int> connections = new();
    private readonly object gate = new();
    private Dictionary<string, HashSet<long>> dirty = [];

    /// <summary>Events an alarm ticker shows in red: overdue, escalated, red incidents and raised alerts.</summary>
    public static bool IsAlarm(LiveEvent e) =>
        e.Type is "incident.overdue" or "incident.escalated" or "alert.raised" or "alert.escalated" or "alert.renotified" || (e.Type is "incident.created" or "incident.retiered" && e.Incident.Tier == "red");

    public void Joined(string group) => connections.AddOrUpdate(group, 1, (_, n) => n + 1);

    public void Left(string group) => connections.AddOrUpdate(group, 0, (_, n) => Math.Max(0, n - 1));

    public int ConnectionsIn(string group) => connections.TryGetValue(group, out var n) ? n : 0;

    public ValueTask ReadAsync(IReadOnlyList<LiveRow> rows, IReadOnlyDictionary<string, List<LiveEvent>> byGroup, CancellationToken cancellationToken)
    {
        Changed(rows);
        return ValueTask.CompletedTask;
    }

    /// <summary>Marks the groups an event batch reached, with the areas (street, community, grid) it touched in each.</summary>
    private void Changed(IEnumerable<LiveRow> rows)
    {
        lock (gate)
        {
            foreach (var row in rows)
            {
                foreach (var group in LiveGroups.Of(row.Scope))
                {
                    if (!dirty.TryGetValue(group, out var areas))
                    {
                        dirty[group] = areas = [];
                    }

                    if (row.Scope.StreetId is { } street)
                    {
                        areas.Add(street);
                    }
                    if (row.Scope.CommunityId is { } community)
                    {
                        areas.Add(community);
                    }
                    if (row.Scope.GridId is { } grid)
                    {
                        areas.Add(grid);
                    }
                }
            }
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, TimeProvider.System);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            Dictionary<string, HashSet<long>> changed;
            lock (gate)
            {
                (changed, dirty) = (dirty, []);
            }

            foreach (var (group, areas) in changed)
            {
                if (ConnectionsIn(group) == 0 && !screens.IsFollowed(group))
                {
                    continue;
                }
                try
                {
                    var kpis = await queries.KpisAsync(group, stoppingToken);
                    screens.Publish(group, new Realtime.LiveDelivery(Kpis: kpis));
                    await hub.Clients.Group(group).SendAsync(KpisMessage, kpis, stoppingToken);
                    if (areas.Count > 0)
                    {
                        var counts = await queries.AreaCountsAsync(areas, group, stoppingToken);
                        screens.Publish(group, new Realtime.LiveDelivery(Counts: counts));
                        await hub.Clients.Group(group).SendAsync(CountsMessage, counts, stoppingToken);
                    }
                }
                catch (NpgsqlException e)
                {
                    logger.LogWarning(e, "KPI tick for {Group} failed; the next change retries", group);
                }
            }
        }
    }
}
