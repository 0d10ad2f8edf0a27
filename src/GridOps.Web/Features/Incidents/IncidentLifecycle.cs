using NetTopologySuite.Geometries;

namespace GridOps.Web.Features.Incidents;

/// <summary>The fold: an incident's state is its events applied in order. Pure — every decision
/// that needed the clock or the settings was taken before the event was written.</summary>
public static class IncidentLifecycle
{
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    public static Incident Replay(IEnumerable<IncidentEvent> events)
    {
        var incident = new Incident();
        foreach (var e in events.OrderBy(e => e.Seq))
        {
            Apply(incident, e);
        }

        return incident;
    }

    public static void Apply(Incident incident, IncidentEvent e)
    {
        var p = e.Payload;
        switch (e.Action)
        {
            case IncidentAction.Report:
                incident.State = IncidentState.Reported;
                incident.Title = p.Title ?? "";
                incident.Description = p.Description ?? "";
                incident.Address = p.Address;
                incident.CategoryId = p.CategoryId ?? 0;
                incident.Tier = p.Tier ?? Tier.Green;
                incident.TierReason = p.TierReason ?? "";
                incident.Source = p.Source ?? IncidentSource.Api;
                incident.SourceRef = p.SourceRef;
                incident.ReporterName = p.ReporterName;
                incident.ReporterContact = p.ReporterContact;
                incident.Location = p.Lon is { } lon && p.Lat is { } lat ? Wgs84.CreatePoint(new Coordinate(lon, lat)) : null;
                incident.MicroGridId = p.MicroGridId;
                incident.GridId = p.GridId;
                incident.CommunityId = p.CommunityId;
                incident.StreetId = p.StreetId;
                incident.DistrictId = p.DistrictId;
                incident.Unlocated = p.GridId is null;
                incident.SnappedMetres = p.SnappedMetres;
                incident.AssigneeDepartmentCodes = p.DepartmentCodes ?? [];
                incident.ReportedAt = e.OccurredAt;
                incident.ReceivedAt = e.RecordedAt;
                break;
            case IncidentAction.Accept:
                incident.State = IncidentState.Accepted;
                incident.AcceptedAt = e.OccurredAt;
                break;
            case IncidentAction.Dispatch:
                incident.State = IncidentState.Dispatched;
                incident.AssigneeAreaId = p.AreaId;
                incident.AssigneeDepartmentCodes = p.DepartmentCodes ?? [];
                break;
            case IncidentAction.Whistle:
                incident.WhistleCalls = [.. incident.WhistleCalls, .. p.Calls ?? []];
                break;
            case IncidentAction.ReportIn:
                incident.WhistleCalls = [.. incident.WhistleCalls.Select(c =>
                    c.DepartmentCode == p.DepartmentCode && c.ReportedInAt is null ? c with { ReportedInAt = e.OccurredAt } : c)];
                break;
            case IncidentAction.StartHandling:
                incident.State = IncidentState.Handling;
                break;
            case IncidentAction.ReportBack:
                incident.State = IncidentState.ReportedBack;
                break;
            case IncidentAction.Close:
                incident.State = IncidentState.Closed;
                incident.ClosedAt = e.OccurredAt;
                break;
            case IncidentAction.Evaluate:
                incident.State = IncidentState.Evaluated;
                incident.Evaluation = p.Evaluation;
                break;
            case IncidentAction.Return:
                incident.State = IncidentState.Returned;
                incident.AssigneeAreaId = null;
                break;
            case IncidentAction.Rework:
                incident.State = IncidentState.Handling;
                incident.ReworkCount++;
                break;
            case IncidentAction.RequestExtension:
                incident.ExtensionPendingMinutes = p.Minutes;
                break;
            case IncidentAction.ApproveExtension:
                incident.ExtensionMinutes += incident.ExtensionPendingMinutes ?? 0;
                incident.ExtensionPendingMinutes = null;
                break;
            case IncidentAction.RejectExtension:
                incident.ExtensionPendingMinutes = null;
                break;
            case IncidentAction.Suspend:
                incident.StateBeforeSuspend = incident.State;
                incident.State = IncidentState.Suspended;
                break;
            case IncidentAction.Resume:
                incident.State = incident.StateBeforeSuspend ?? IncidentState.Accepted;
                incident.StateBeforeSuspend = null;
                break;
            case IncidentAction.Void:
                incident.State = IncidentState.Voided;
                break;
            case IncidentAction.Merge:
                incident.State = IncidentState.Merged;
                incident.MergedIntoId = p.MergedIntoId;
                break;
            case IncidentAction.Retier:
                incident.Tier = p.Tier ?? incident.Tier;
                incident.TierReason = p.TierReason ?? e.Reason ?? incident.TierReason;
                break;
            case IncidentAction.Escalate:
                incident.AssigneeAreaId = p.AreaId ?? incident.AssigneeAreaId;
                incident.Tier = p.Tier ?? incident.Tier;
                incident.TierReason = p.TierReason ?? incident.TierReason;
                incident.Escalations++;
                incident.NextEscalationAt = p.NextEscalationAt;
                break;
            default:
                throw new InvalidOperationException($"Unknown incident action {e.Action}.");
        }

        ApplyClock(incident, p);
        // Department scope reads one column: the dispatched departments and every whistled one.
        incident.InvolvedDepartmentCodes = [.. incident.AssigneeDepartmentCodes.Union(incident.WhistleCalls.Select(c => c.DepartmentCode), StringComparer.Ordinal)];
        incident.Version = e.Seq;
        incident.UpdatedAt = e.OccurredAt > incident.UpdatedAt ? e.OccurredAt : incident.UpdatedAt;
    }

    private static void ApplyClock(Incident incident, EventPayload p)
    {
        if (p.ClockStopped)
        {
            incident.Step = null;
            incident.StepLimitMinutes = null;
            incident.StepElapsedMinutes = 0;
            incident.StepSegmentStartedAt = null;
            incident.WarnAt = null;
            incident.DueAt = null;
            incident.NextEscalationAt = null;
        }
        else if (p.Clock is { } clock)
        {
            incident.Step = clock.Step;
            incident.StepLimitMinutes = clock.LimitMinutes;
            incident.StepElapsedMinutes = clock.ElapsedMinutes;
            incident.StepSegmentStartedAt = clock.SegmentStartedAt;
            incident.WarnAt = clock.WarnAt;
            incident.DueAt = clock.DueAt;
            // A new deadline: the overdue engine next looks at it when it passes.
            incident.NextEscalationAt = clock.DueAt;
        }
    }
}
