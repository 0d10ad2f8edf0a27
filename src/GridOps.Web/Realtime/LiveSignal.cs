using System.Threading.Channels;
using Npgsql;

namespace GridOps.Web.Realtime;

/// <summary>
/// "Something was committed": wakes this node's pump at once and tells the other nodes through
/// one NOTIFY on its own connection. The NOTIFY is sent after the writer's commit, not inside its
/// transaction — a notifying commit takes PostgreSQL's global notify-queue lock, which would
/// serialise intake (docs/decisions/013-live-feed.md). Bursts collapse into few notifications.
/// </summary>
public sealed class LiveSignal(NpgsqlDataSource dataSource, ILogger<LiveSignal> logger)
{
    public const string ChannelName = "gridops_live";

    private readonly Channel<bool> wakes = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private int notifyScheduled;

    public ChannelReader<bool> Wakes => wakes.Reader;

    /// <summary>Called by every writer after its transaction commits.</summary>
    public void Committed()
    {
        Wake();
        if (Interlocked.Exchange(ref notifyScheduled, 1) == 0)
        {
            _ = NotifyOthersAsync();
        }
    }

    /// <summary>Wakes this node's pump only (a notification arrived, or the listener reconnected).</summary>
    public void Wake() => wakes.Writer.TryWrite(true);

    /// <summary>At most one NOTIFY per this interval: under intake load one notification covers many commits.</summary>
    private static readonly TimeSpan Coalesce = TimeSpan.FromMilliseconds(50);

    /// <summary>This process, named in its notifications so its own listener ignores them (it was woken directly).</summary>
    public string NodeId { get; } = Guid.NewGuid().ToString("N");

    private async Task NotifyOthersAsync()
    {
        await Task.Delay(Coalesce, TimeProvider.System);
        // Commits from here on schedule another notification; those before are covered by this one.
        Volatile.Write(ref notifyScheduled, 0);
        try
        {
            await using var command = dataSource.CreateCommand($"SELECT pg_notify('{ChannelName}', $1)");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = NodeId });
            await command.ExecuteNonQueryAsync();
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException or ObjectDisposedException)
        {
            // Other nodes still find the event on their next safety-net read (LivePump.IdleRead).
            logger.LogWarning(e, "Could not notify other nodes of a change");
        }
    }
}
