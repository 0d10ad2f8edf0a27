namespace GridOps.Web.Features.Incidents;

/// <summary>One line of an incident's append-only log: who did what, when, why.</summary>
public sealed class IncidentEvent
{
    public long IncidentId { get; set; }

    public int Seq { get; set; }

    /// <summary>When it happened (for a report: the reporter's time, which may be earlier than receipt).</summary>
    public DateTimeOffset OccurredAt { get; set; }

    /// <summary>When GridOps wrote it: late events count in the month they were recorded.</summary>
    public DateTimeOffset RecordedAt { get; set; }

    public string Actor { get; set; } = "";

    public IncidentAction Action { get; set; }

    public string? Reason { get; set; }

    public EventPayload Payload { get; set; } = new();
}

/// <summary>What an event carries beyond actor and reason. Only the fields of its action are set;
/// a clock decided at the time is stored so replaying the log never depends on today's settings.</summary>
public sealed record EventPayload
{
    public string? Title { get; init; }

    public string? Description { get; init; }

    public string? Address { get; init; }

    public long? CategoryId { get; init; }

    public Tier? Tier { get; init; }

    public string? TierReason { get; init; }

    public IncidentSource? Source { get; init; }

    public string? SourceRef { get; init; }

    public string? ReporterName { get; init; }

    public string? ReporterContact { get; init; }

    public double? Lon { get; init; }

    public double? Lat { get; init; }

    public long? MicroGridId { get; init; }

    public long? GridId { get; init; }

    /// <summary>How far outside every grid the point was when it was given the nearest one (metres); null when inside.</summary>
    public double? SnappedMetres { get; init; }

    public long? CommunityId { get; init; }

    public long? StreetId { get; init; }

    public long? DistrictId { get; init; }

    public long? AreaId { get; init; }

    public string[]? DepartmentCodes { get; init; }

    public List<WhistleCall>? Calls { get; init; }

    public string? DepartmentCode { get; init; }

    public string? Text { get; init; }

    public Guid[]? PhotoIds { get; init; }

    public int? Minutes { get; init; }

    public Evaluation? Evaluation { get; init; }

    public long? MergedIntoId { get; init; }

    public string? MergedIntoTicket { get; init; }

    /// <summary>For an escalation: when it escalates again if still overdue.</summary>
    public DateTimeOffset? NextEscalationAt { get; init; }

    public StepClock? Clock { get; init; }

    public bool ClockStopped { get; init; }
}
