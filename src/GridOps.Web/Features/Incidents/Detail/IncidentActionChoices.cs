using GridOps.Web.Features.Access;

namespace GridOps.Web.Features.Incidents.Detail;

/// <summary>The actions a viewer is offered on an incident: what the loop allows now and their role may take.</summary>
public static class IncidentActionChoices
{
    /// <summary>The loop's next step first, the side steps after, the exceptions (void, merge, retier, suspend) last.</summary>
    public static IReadOnlyList<IncidentAction> For(Incident incident, Viewer viewer) =>
        [.. IncidentRules.Available(incident).Where(a => viewer.Can(IncidentPermissions.For(a))).OrderBy(a => a switch
        {
            IncidentAction.Void or IncidentAction.Merge or IncidentAction.Retier or IncidentAction.Suspend => 2,
            IncidentAction.Return or IncidentAction.Rework or IncidentAction.RequestExtension or IncidentAction.RejectExtension
                or IncidentAction.Whistle or IncidentAction.ReportIn => 1,
            _ => 0,
        }).ThenBy(a => a)];
}
