namespace GridOps.Web.Realtime;

/// <summary>
/// How this node's pump is keeping up, for readiness: when it last read the stream and how far behind the
/// newest row it read was. The pump reads at least every two seconds even when nothing happens.
/// </summary>
public sealed class LiveStreamState([FromKeyedServices(Platform.WallClock.Key)] TimeProvider wallClock)
{
    private long _lastRead = wallClock.GetTimestamp();
    private double _lastLagSeconds;

    /// <summary>Since the pump last finished a read (wall clock: business time does not matter here).</summary>
    public TimeSpan SinceLastRead => wallClock.GetElapsedTime(Interlocked.Read(ref _lastRead));

    /// <summary>Lag of the newest row in the last read that had rows.</summary>
    public double LastLagSeconds => Volatile.Read(ref _lastLagSeconds);

    public void Read(double? newestLagSeconds)
    {
        Interlocked.Exchange(ref _lastRead, wallClock.GetTimestamp());
        if (newestLagSeconds is { } lag)
        {
            Volatile.Write(ref _lastLagSeconds, lag);
        }
    }
}
