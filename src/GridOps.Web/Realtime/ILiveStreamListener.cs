namespace GridOps.Web.Realtime;

/// <summary>
/// A feature that follows the stream as the pump reads it, without the stream knowing the feature: the
/// hub relay for external clients, the KPI ticker. Called on the pump's loop, so each returns quickly.
/// </summary>
public interface ILiveStreamListener
{
    /// <summary>One scope group's events from a read, after the in-process screens have them.</summary>
    ValueTask GroupBatchAsync(string group, IReadOnlyList<LiveEvent> events, CancellationToken cancellationToken);

    /// <summary>Everything one read brought, after every group has been served.</summary>
    void BatchRead(IReadOnlyList<LiveRow> rows);
}
