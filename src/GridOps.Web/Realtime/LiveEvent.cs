namespace GridOps.Web.Realtime;

/// <summary>
/// One committed change as screens receive it. <see cref="Seq"/> is the event's number in the
/// live stream; a client that reconnects asks for what came after the last one it applied.
/// The incident (and alert) are carried as they stand when the event is read, so a screen only
/// ever moves forward to the current picture.
/// </summary>
public sealed record LiveEvent(long Seq, string Type, DateTimeOffset At, LiveIncident Incident, LiveAlert? Alert);

public sealed record LiveIncident(
    long Id,
    string Ticket,
    string Title,
    string Tier,
    string State,
    bool Open,
    string Timeliness,
    string Category,
    string CategoryEn,
    double? Lon,
    double? Lat,
    long? StreetId,
    long? CommunityId,
    long? GridId,
    DateTimeOffset ReportedAt,
    DateTimeOffset? DueAt);

public sealed record LiveAlert(
    long Id,
    string Kind,
    string State,
    int Level,
    DateTimeOffset RaisedAt,
    string? Assignee,
    int Escalations,
    string? ActedBy,
    DateTimeOffset? ActedAt,
    string LastAction,
    int Version);

/// <summary>What a reconnecting client gets: the events it missed, or "reload" when too many were missed to replay.</summary>
public sealed record LiveCatchUp(IReadOnlyList<LiveEvent> Events, bool Reload);

/// <summary>Where a stream reader stands: (transaction id, seq) of the last row it passed.</summary>
public readonly record struct LivePosition(ulong Tx, long Seq)
{
    public static readonly LivePosition Start = new(0, 0);
}

/// <summary>The kinds of row in <c>live_events</c> (stored as numbers: never renumber).</summary>
public enum LiveEventKind : short
{
    Incident = 0,
    Clock = 1,
    Alert = 2,
}
