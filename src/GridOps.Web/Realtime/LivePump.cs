using Npgsql;

namespace GridOps.Web.Realtime;

/// <summary>
/// Each node's one reader of the live stream: wakes on a local commit or a NOTIFY from another
/// node, reads everything committed since its last position in one query, and sends each scope
/// group one message with its events. Serialised once per group, not per client; a burst becomes
/// a few batched messages instead of thousands (alert storms).
/// </summary>
public sealed class LivePump(
    LiveFeedReader reader,
    LiveSignal signal,
    IEnumerable<ILiveStreamListener> listeners,
    LiveSubscriptions screens,
    NpgsqlDataSource dataSource,
    [FromKeyedServices(LivePump.WaitClockKey)] TimeProvider waitClock,
    LiveStreamState state,
    Platform.Telemetry.GridOpsMetrics metrics,
    ILogger<LivePump> logger) : BackgroundService
{
    public const string EventsMessage = "events";

    private readonly ILiveStreamListener[] _listeners = [.. listeners];

    /// <summary>The key of the clock the pump waits by — for the database, not business time, so never the app's
    /// TimeProvider: the system's, or a test's that moves only when told,
    /// so that how many batches a storm makes is decided by the test, not by the machine's speed (issue 15).</summary>
    public const string WaitClockKey = "live-pump-wait";
    private const int BatchSize = 2000;

    /// <summary>With nothing signalled the pump still reads this often: writers outside GridOps (psql, another tool) never notify.</summary>
    private static readonly TimeSpan IdleRead = TimeSpan.FromSeconds(2);

    /// <summary>How soon to look again when a committed row sits behind a transaction still running.</summary>
    private static readonly TimeSpan PendingRetry = TimeSpan.FromMilliseconds(15);

    /// <summary>The shortest gap between two reads. Under intake load a wake comes with every commit;
    /// reading at most every 50 ms turns a thousand commits a second into twenty batched reads that
    /// leave the cores to intake (docs/benchmarks.md, live), at a cost of at most 50 ms latency.</summary>
    private static readonly TimeSpan MinimumGap = TimeSpan.FromMilliseconds(50);

    private LivePosition position;
    private long lastRead;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        position = await RetryAsync(() => reader.HeadAsync(stoppingToken), stoppingToken);
        _ = Task.Run(() => ListenAsync(stoppingToken), stoppingToken);
        var pending = false;
        while (!stoppingToken.IsCancellationRequested)
        {
            await WaitForWorkAsync(pending ? PendingRetry : IdleRead, stoppingToken);
            var sinceLast = waitClock.GetElapsedTime(lastRead);
            if (sinceLast < MinimumGap)
            {
                await Task.Delay(MinimumGap - sinceLast, waitClock, stoppingToken);
            }

            lastRead = waitClock.GetTimestamp();
            try
            {
                pending = await PumpOnceAsync(stoppingToken);
            }
            catch (Exception e) when (e is NpgsqlException or TimeoutException && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Live stream read failed; retrying");
                pending = true;
                await Task.Delay(TimeSpan.FromSeconds(1), waitClock, stoppingToken);
            }
        }
    }

    /// <summary>Reads and sends one batch; true when more is waiting.</summary>
    private async Task<bool> PumpOnceAsync(CancellationToken cancellationToken)
    {
        var (rows, more) = await reader.ReadNextAsync(position, BatchSize, cancellationToken);
        if (rows.Count > 0)
        {
            position = rows[^1].Position;
            // One span per batch, linked to every span that wrote a row of it: the trace of a report
            // reaches the screens here, on whichever node reads it (a link, not a parent: one
            // delivery serves many writers).
            using var delivery = Platform.Telemetry.GridOpsTelemetry.Source.HasListeners()
                ? Platform.Telemetry.GridOpsTelemetry.Source.StartActivity("live deliver", System.Diagnostics.ActivityKind.Consumer, parentContext: default,
                    tags: [new("gridops.live.events", rows.Count)], links: Platform.Telemetry.GridOpsTelemetry.LinksTo(rows.Select(r => r.TraceParent)))
                : null;
            await FanOutAsync(rows, cancellationToken);
            metrics.LiveRead(rows.Count, rows.Select(r => r.LagSeconds ?? 0));
        }

        state.Read(rows.Count > 0 ? rows[^1].LagSeconds : null);
        return more;
    }

    private async Task FanOutAsync(IReadOnlyList<LiveRow> rows, CancellationToken cancellationToken)
    {
        var byGroup = new Dictionary<string, List<LiveEvent>>();
        foreach (var row in rows)
        {
            foreach (var group in LiveGroups.Of(row.Scope))
            {
                if (!byGroup.TryGetValue(group, out var events))
                {
                    byGroup[group] = events = [];
                }

                events.Add(row.Event);
            }
        }

        // The server's own screens first: handing over a list costs nothing, the hub relay serialises.
        foreach (var (group, events) in byGroup)
        {
            screens.Publish(group, events);
        }

        foreach (var listener in _listeners)
        {
            await listener.ReadAsync(rows, byGroup, cancellationToken);
        }
    }

    private async Task WaitForWorkAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = new CancellationTokenSource(timeout, waitClock);
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            await signal.Wakes.ReadAsync(timer.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Timed out: read anyway.
        }
    }

    /// <summary>Holds a connection that LISTENs for other nodes' commits; reconnects after a database restart.</summary>
    private async Task ListenAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
                connection.Notification += (_, e) =>
                {
                    if (e.Payload != signal.NodeId)
                    {
                        signal.Wake();
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {LiveSignal.ChannelName}", connection))
                {
                    await listen.ExecuteNonQueryAsync(cancellationToken);
                }

                // Anything committed while we were not listening is read now.
                signal.Wake();
                while (!cancellationToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(cancellationToken);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or IOException)
            {
                logger.LogWarning(e, "Lost the LISTEN connection; reconnecting");
                await Task.Delay(TimeSpan.FromSeconds(1), waitClock, cancellationToken);
            }
        }
    }

    private async Task<T> RetryAsync<T>(Func<Task<T>> action, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await action();
            }
            catch (NpgsqlException e) when (!cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Live stream not reachable yet; retrying");
                await Task.Delay(TimeSpan.FromSeconds(1), waitClock, cancellationToken);
            }
        }
    }
}
