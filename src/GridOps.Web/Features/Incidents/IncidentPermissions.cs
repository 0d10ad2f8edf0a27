using GridOps.Web.Features.Access;

namespace GridOps.Web.Features.Incidents;

/// <summary>What each step of the closed loop asks of the viewer: incidents' own rule, stated in Access's capabilities.</summary>
public static class IncidentPermissions
{
    /// <summary>The capability an action on the closed loop needs.</summary>
    public static Capability For(IncidentAction action) => action switch
    {
        IncidentAction.ReportIn or IncidentAction.StartHandling or IncidentAction.ReportBack
            or IncidentAction.RequestExtension or IncidentAction.Return => Capability.Handle,
        IncidentAction.Evaluate => Capability.Evaluate,
        IncidentAction.Report => Capability.ReportIncident,
        _ => Capability.Coordinate,
    };
}
