namespace GridOps.Web.Platform;

/// <summary>
/// The key of the clock for things that happen in real time whatever the district's business clock
/// says: heartbeats, how stale a cached count is, when a stream was last read. The app's own
/// <see cref="TimeProvider"/> is business time (a test's, or a demo's); this one is the system's
/// unless a test registers another under the key.
/// </summary>
public static class WallClock
{
    public const string Key = "wall-clock";
}
