using System.Collections.Immutable;

namespace GridOps.Web.Realtime;

/// <summary>The live stream as the server's own screens follow it (outside clients keep the hub).</summary>
public interface ILiveSubscriptions
{
    /// <summary>Follows one scope group's events from now on; dispose to stop.</summary>
    /// <param name="group">A group named by <see cref="LiveGroups.For"/> from the viewer's own scope — never from what a browser sent.</param>
    /// <param name="role">Who is watching, for the live-screens metric (camel-case role name).</param>
    LiveSubscription Subscribe(string group, string role);
}

/// <summary>
/// The subscriptions of this node's interactive screens, fed by the one pump that reads the stream
/// (the pump sends each scope group its batch once; here each subscriber of that group gets the same
/// list, never a copy).
/// </summary>
public sealed class LiveSubscriptions(Platform.Telemetry.GridOpsMetrics metrics) : ILiveSubscriptions
{
    private readonly object _gate = new();
    private ImmutableDictionary<string, ImmutableArray<LiveSubscription>> _byGroup = ImmutableDictionary<string, ImmutableArray<LiveSubscription>>.Empty;

    public LiveSubscription Subscribe(string group, string role)
    {
        var subscription = new LiveSubscription(group, s =>
        {
            lock (_gate)
            {
                var left = _byGroup[group].Remove(s);
                _byGroup = left.IsEmpty ? _byGroup.Remove(group) : _byGroup.SetItem(group, left);
            }

            metrics.ScreenDisconnected(role);
        });
        lock (_gate)
        {
            _byGroup = _byGroup.SetItem(group, _byGroup.GetValueOrDefault(group, []).Add(subscription));
        }

        metrics.ScreenConnected(role);
        return subscription;
    }

    /// <summary>True when some screen of this node follows the group (the pump skips the rest).</summary>
    public bool IsFollowed(string group) => _byGroup.ContainsKey(group);

    /// <summary>Hands one group's batch to each of its subscribers.</summary>
    public void Publish(string group, IReadOnlyList<LiveEvent> batch) => Publish(group, new LiveDelivery(Events: batch));

    /// <summary>Hands one group's delivery (events, or the ticker's numbers) to each of its subscribers.</summary>
    public void Publish(string group, LiveDelivery batch)
    {
        if (_byGroup.TryGetValue(group, out var subscribers))
        {
            foreach (var subscriber in subscribers)
            {
                subscriber.Offer(batch);
            }
        }
    }
}
