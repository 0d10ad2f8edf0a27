using NetTopologySuite.Geometries;

namespace GridOps.Web.Features.Incidents;

/// <summary>
/// An incident's current state: the fold of its event log (<see cref="IncidentLifecycle.Apply"/>),
/// stored beside the log in the same transaction so lists and deadlines are plain queries.
/// <see cref="Version"/> is the number of events folded in and guards every change.
/// </summary>
public sealed class Incident
{
    public long Id { get; set; }

    public string TicketNo { get; set; } = "";

    public int Version { get; set; }

    public IncidentState State { get; set; }

    public IncidentState? StateBeforeSuspend { get; set; }

    public Tier Tier { get; set; }

    public string TierReason { get; set; } = "";

    public long CategoryId { get; set; }

    public string Title { get; set; } = "";

    public string Description { get; set; } = "";

    public string? Address { get; set; }

    public IncidentSource Source { get; set; }

    public string? SourceRef { get; set; }

    public string? IdempotencyKey { get; set; }

    /// <summary>Who sent the report (<see cref="Access.Viewer.ClientKey"/>): keys and source references are unique per client.</summary>
    public string ReporterClient { get; set; } = "system";

    /// <summary>The short secret the reporter was given to follow the ticket's status (a tracking code,
    /// kept readable so a double submit and the hotline can tell it again).</summary>
    public string? StatusSecret { get; set; }

    public string? RequestHash { get; set; }

    public string? ReporterName { get; set; }

    public string? ReporterContact { get; set; }

    public Point? Location { get; set; }

    public bool Unlocated { get; set; }

    /// <summary>Metres outside every grid when the report was given the nearest one (the district's snap tolerance); null when inside.</summary>
    public double? SnappedMetres { get; set; }

    public long? MicroGridId { get; set; }

    public long? GridId { get; set; }

    public long? CommunityId { get; set; }

    public long? StreetId { get; set; }

    /// <summary>The district the incident belongs to: its grid's, or when unlocated the channel's (issue 20).</summary>
    public long? DistrictId { get; set; }

    public long? AssigneeAreaId { get; set; }

    public string[] AssigneeDepartmentCodes { get; set; } = [];

    public List<WhistleCall> WhistleCalls { get; set; } = [];

    /// <summary>Dispatched and whistled departments together, kept by the fold (department scope).</summary>
    public string[] InvolvedDepartmentCodes { get; set; } = [];

    public DateTimeOffset ReportedAt { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public DateTimeOffset? AcceptedAt { get; set; }

    public DateTimeOffset? ClosedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public IncidentStep? Step { get; set; }

    public DateTimeOffset? StepSegmentStartedAt { get; set; }

    public int? StepLimitMinutes { get; set; }

    public int StepElapsedMinutes { get; set; }

    public DateTimeOffset? WarnAt { get; set; }

    public DateTimeOffset? DueAt { get; set; }

    public int? ExtensionPendingMinutes { get; set; }

    public int ExtensionMinutes { get; set; }

    public int ReworkCount { get; set; }

    /// <summary>How often the overdue engine has moved it up the tree.</summary>
    public int Escalations { get; set; }

    /// <summary>When the overdue engine acts on it next: its deadline, then each escalation interval while it stays overdue.</summary>
    public DateTimeOffset? NextEscalationAt { get; set; }

    public Evaluation? Evaluation { get; set; }

    public long? MergedIntoId { get; set; }

    public List<IncidentEvent> Events { get; set; } = [];

    public bool IsOpen => IncidentStates.IsOpen(State);

    public StepClock? Clock =>
        Step is { } step && StepLimitMinutes is { } limit
            ? new StepClock(step, limit, StepElapsedMinutes, StepSegmentStartedAt, WarnAt, DueAt)
            : null;

    public Timeliness TimelinessAt(DateTimeOffset now) => TimelinessRule.At(WarnAt, DueAt, now);
}
