using System.Threading.Channels;

namespace GridOps.Web.Realtime;

/// <summary>What reaches a screen: a batch of events (commit order), or the ticker's new numbers and area counts for its group.</summary>
public sealed record LiveDelivery(IReadOnlyList<LiveEvent>? Events = null, LiveKpis? Kpis = null, IReadOnlyList<LiveAreaCount>? Counts = null);

/// <summary>
/// One screen's share of the live stream inside this server: the batches of events its scope may
/// see, in commit order, and its group's KPI ticks. Disposing it ends the screen's part in the fan-out.
/// </summary>
public sealed class LiveSubscription : IDisposable
{
    /// <summary>Batches a screen may fall behind by before it is told to reload its picture instead.
    /// A batch is up to 2,000 events; a circuit that stalls (a browser gone, a slow render) must not
    /// hold an unbounded queue on the server.</summary>
    public const int Capacity = 64;

    private readonly Channel<LiveDelivery> _batches = Channel.CreateBounded<LiveDelivery>(
        new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true });

    private readonly Action<LiveSubscription>? _onDispose;
    private int _missed;

    public LiveSubscription(string group, Action<LiveSubscription>? onDispose = null)
    {
        Group = group;
        _onDispose = onDispose;
    }

    /// <summary>The scope group (<see cref="LiveGroups"/>) whose events this screen receives.</summary>
    public string Group { get; }

    public ChannelReader<LiveDelivery> Batches => _batches.Reader;

    /// <summary>True once if batches were dropped since last asked: the screen must reload from the database.</summary>
    public bool TakeMissed() => Interlocked.Exchange(ref _missed, 0) == 1;

    /// <summary>Queues a batch (the stream's one writer calls this); a full queue drops its oldest batch and remembers it.</summary>
    public void Offer(IReadOnlyList<LiveEvent> batch) => Offer(new LiveDelivery(Events: batch));

    /// <summary>Queues a delivery; a full queue drops its oldest one and remembers it.</summary>
    public void Offer(LiveDelivery batch)
    {
        if (_batches.Reader.Count >= Capacity)
        {
            Interlocked.Exchange(ref _missed, 1);
        }

        _batches.Writer.TryWrite(batch);
    }

    public void Dispose()
    {
        if (_batches.Writer.TryComplete())
        {
            _onDispose?.Invoke(this);
        }
    }
}
