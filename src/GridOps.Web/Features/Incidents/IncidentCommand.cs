namespace GridOps.Web.Features.Incidents;

/// <summary>A request to move an incident on: the action, who asks, why, and the action's arguments.</summary>
public sealed record IncidentCommand(IncidentAction Action, string Actor, string? Reason)
{
    public long? AreaId { get; init; }

    public string[]? DepartmentCodes { get; init; }

    public int? ReportInMinutes { get; init; }

    public string? DepartmentCode { get; init; }

    public string? Text { get; init; }

    public Guid[]? PhotoIds { get; init; }

    public int? Minutes { get; init; }

    public Evaluation? Evaluation { get; init; }

    public Tier? Tier { get; init; }

    /// <summary>For a merge: the incident this one duplicates.</summary>
    public Incident? MergeTarget { get; init; }
}

/// <summary>Why a command was refused. <see cref="Code"/> names the UI text; <see cref="Message"/> is for APIs.</summary>
public sealed record Refusal(string Code, string Message);
