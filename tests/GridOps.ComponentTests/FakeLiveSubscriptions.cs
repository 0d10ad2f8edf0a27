using GridOps.Web.Realtime;

namespace GridOps.ComponentTests;

/// <summary>The live stream as a test drives it: each subscription a real channel the test writes batches into.</summary>
internal sealed class FakeLiveSubscriptions : ILiveSubscriptions
{
    private readonly List<LiveSubscription> _open = [];

    public IReadOnlyList<LiveSubscription> Open
    {
        get
        {
            lock (_open)
            {
                return [.. _open];
            }
        }
    }

    public LiveSubscription Subscribe(string group, string role)
    {
        var subscription = new LiveSubscription(group, s =>
        {
            lock (_open)
            {
                _open.Remove(s);
            }
        });
        lock (_open)
        {
            _open.Add(subscription);
        }

        return subscription;
    }

    /// <summary>Hands the ticker's numbers (or area counts) to every screen following the group.</summary>
    public void Push(string group, LiveDelivery delivery)
    {
        foreach (var subscription in Open.Where(s => s.Group == group))
        {
            subscription.Offer(delivery);
        }
    }

    /// <summary>Hands a batch to every screen following the group, as the pump would.</summary>
    public void Push(string group, params LiveEvent[] batch)
    {
        foreach (var subscription in Open.Where(s => s.Group == group))
        {
            subscription.Offer(batch);
        }
    }
}
