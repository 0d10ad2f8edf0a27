using GridOps.Web.Realtime;
using Microsoft.AspNetCore.SignalR;

namespace GridOps.Web.Features.Live;

/// <summary>Hands each group's batch from the pump to the hub's group of the same name: serialised once per group, not per client.</summary>
public sealed class LiveHubRelay(IHubContext<LiveHub> hub) : ILiveStreamListener
{
    public async ValueTask GroupBatchAsync(string group, IReadOnlyList<LiveEvent> events, CancellationToken cancellationToken) =>
        await hub.Clients.Group(group).SendAsync(LivePump.EventsMessage, events, cancellationToken);

    public void BatchRead(IReadOnlyList<LiveRow> rows)
    {
    }
}
