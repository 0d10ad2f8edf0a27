namespace GridOps.Web.Realtime;

/// <summary>
/// A feature that follows the stream as the pump reads it, without the stream knowing the feature: the
/// hub relay for external clients, the KPI ticker. Called on the pump's loop, so each returns quickly.
/// </summary>
public interface ILiveStreamListener
{
    /// <summary>One read: every row, and each scope group's events (which the in-process screens already have).</summary>
    ValueTask ReadAsync(IReadOnlyList<LiveRow> rows, IReadOnlyDictionary<string, List<LiveEvent>> byGroup, CancellationToken cancellationToken);
}
