namespace GridOps.Web.Features.Alerts;

/// <summary>
/// Something a duty supervisor must see and acknowledge: an overdue incident, an escalation, a red
/// incident, a whistled department that has not reported in. One alert per incident, kind and cause
/// (the deadline or department it is about), so however often the sweep runs it is raised once.
/// <see cref="Version"/> guards every action: of two supervisors acting at once, one wins.
/// </summary>
public sealed class Alert
{
    public long Id { get; set; }

    public long IncidentId { get; set; }

    public AlertKind Kind { get; set; }

    /// <summary>What makes this alert distinct from another of its kind on the incident: a deadline, a department.</summary>
    public string Cause { get; set; } = "";

    public AlertState State { get; set; }

    public DateTimeOffset RaisedAt { get; set; }

    /// <summary>The level of the tree the alert sits at: 0 district … 3 grid; escalation moves it up (smaller).</summary>
    public short Level { get; set; }

    /// <summary>The supervisor it is assigned to (a user name), if any.</summary>
    public string? Assignee { get; set; }

    public int Escalations { get; set; }

    public string? ActedBy { get; set; }

    public DateTimeOffset? ActedAt { get; set; }

    public AlertAction LastAction { get; set; }

    public int Version { get; set; }
}

public sealed class AlertNote
{
    public long Id { get; set; }

    public long AlertId { get; set; }

    public DateTimeOffset At { get; set; }

    public string Actor { get; set; } = "";

    public AlertAction Action { get; set; }

    public string? Text { get; set; }
}

/// <summary>Stored as numbers: append only.</summary>
public enum AlertKind : short
{
    Overdue = 0,
    Escalated = 1,
    RedTier = 2,
    WhistleLate = 3,
    Hotspot = 4,
}

public enum AlertState : short
{
    Open = 0,
    Acknowledged = 1,
}

public enum AlertAction : short
{
    Raised = 0,
    Acknowledged = 1,
    Reassigned = 2,
    Escalated = 3,
    Commented = 4,
    Renotified = 5,
}
