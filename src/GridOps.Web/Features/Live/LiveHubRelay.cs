using GridOps.Web.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace GridOps.Web.Features.Live;

/// <summary>Hands each group's batch from the pump to the hub's group of the same name: serialised once per group, not per client.</summary>
public sealed class LiveHubRelay(IHubContext<LiveHub> hub) : ILiveStreamListener
{
    public async ValueTask ReadAsync(IReadOnlyList<LiveRow> rows, IReadOnlyDictionary<string, List<LiveEvent>> byGroup, CancellationToken cancellationToken)
    {
        foreach (var (group, events) in byGroup)
        {
            await hub.Clients.Group(group).SendAsync(LivePump.EventsMessage, events, cancellationToken);
        }
    }
}
