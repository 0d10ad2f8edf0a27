using System.Text.Json.Serialization;

namespace GridOps.Web.Features.Incidents;

/// <summary>The JSON body of <c>POST /api/incidents</c>. NaN and Infinity are read so that the
/// validator can name the field, instead of the whole body failing to parse.</summary>
public sealed record ReportIncidentRequest(
    string? Category, string? Title, string? Description, string? Address,
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals | JsonNumberHandling.AllowReadingFromString)] double? Lon,
    [property: JsonNumberHandling(JsonNumberHandling.AllowNamedFloatingPointLiterals | JsonNumberHandling.AllowReadingFromString)] double? Lat,
    string? Crs,
    DateTimeOffset? ReportedAt, string? ReporterName, string? ReporterContact, string? Source, string? SourceRef, string? District = null);

/// <summary>The JSON body of <c>POST /api/incidents/{ticket}/{action}</c>.</summary>
public sealed record IncidentActionRequest(
    int? Version, string? Actor, string? Reason, string? AreaCode, string[]? DepartmentCodes, int? ReportInMinutes,
    string? DepartmentCode, string? Text, int? Minutes, string? Evaluation, string? Tier, string? MergeInto);

public sealed record IncidentPoint(double Lon, double Lat);

public sealed record IncidentAreas(string? Street, string? Community, string? Grid, string? MicroGrid);

/// <summary>An incident as the API answers it.</summary>
public sealed record IncidentDto(
    string TicketNo, int Version, IncidentState State, Tier Tier, string TierReason, long CategoryId, string Title, string Description,
    string? Address, IncidentSource Source, string? SourceRef, IncidentPoint? Location, bool Unlocated, IncidentAreas Areas,
    string? AssigneeArea, string[] AssigneeDepartments, IReadOnlyList<WhistleCall> WhistleCalls,
    DateTimeOffset ReportedAt, DateTimeOffset ReceivedAt, DateTimeOffset? ClosedAt, IncidentStep? Step, DateTimeOffset? WarnAt,
    DateTimeOffset? DueAt, Timeliness Timeliness, int? ExtensionPendingMinutes, Evaluation? Evaluation, string Href)
{
    /// <summary>Only in the answer to the report itself: the code that, with the ticket number, opens
    /// <c>/report/status</c> — for the reporter to keep, or a hotline operator to read out.</summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
    public string? StatusCode { get; init; }

    /// <summary>Metres outside every grid when the report was given the nearest grid (the district's snap tolerance); null when it lay inside one.</summary>
    public double? SnappedMetres { get; init; }

    public static IncidentDto From(Incident i, IReadOnlyDictionary<long, string> codes, DateTimeOffset now)
    {
        string? Code(long? id) => id is { } v ? codes.GetValueOrDefault(v) : null;
        return new IncidentDto(i.TicketNo, i.Version, i.State, i.Tier, i.TierReason, i.CategoryId, i.Title, i.Description, i.Address,
            i.Source, i.SourceRef, i.Location is { } p ? new IncidentPoint(p.X, p.Y) : null, i.Unlocated,
            new IncidentAreas(Code(i.StreetId), Code(i.CommunityId), Code(i.GridId), Code(i.MicroGridId)),
            Code(i.AssigneeAreaId), i.AssigneeDepartmentCodes, i.WhistleCalls, i.ReportedAt, i.ReceivedAt, i.ClosedAt, i.Step,
            i.WarnAt, i.DueAt, i.TimelinessAt(now), i.ExtensionPendingMinutes, i.Evaluation, "/incidents/" + i.TicketNo)
        {
            SnappedMetres = i.SnappedMetres,
        };
    }
}

public sealed record IncidentEventDto(int Seq, DateTimeOffset OccurredAt, DateTimeOffset RecordedAt, string Actor, IncidentAction Action, string? Reason, EventPayload Payload);
