using GridOps.Web.Features.Access;
using GridOps.Web.Features.Hierarchy;

namespace GridOps.Web.Features.Incidents;

/// <summary>
/// Which incidents a scope covers: those located inside its area, or those its department was
/// dispatched or whistled to. Unlocated incidents belong to their district as a whole (the channel's, issue 20).
/// Applied on the server to every incident query, so out of scope reads exactly like "no such incident".
/// </summary>
public static class IncidentScope
{
    public static IQueryable<Incident> VisibleTo(this IQueryable<Incident> incidents, Viewer viewer)
    {
        var scope = viewer.Scope;
        if (!viewer.Can(Capability.ReadIncidents) && !viewer.Can(Capability.UseOpen311) && !viewer.Can(Capability.ReceiveHotline))
        {
            return incidents.Where(i => false);
        }

        if (scope.IsEverything)
        {
            return incidents;
        }

        if (scope.DepartmentCode is { } department)
        {
            // A district's own department (its staff bound to the district too) works on that district's incidents only:
            // another city's "DOT" is another department (codes are unique per district, issue 20).
            return scope.AreaId is { } district
                ? incidents.Where(i => i.InvolvedDepartmentCodes.Contains(department) && i.DistrictId == district)
                : incidents.Where(i => i.InvolvedDepartmentCodes.Contains(department));
        }

        var area = scope.AreaId;
        return scope.AreaLevel switch
        {
            AreaLevel.District => incidents.Where(i => i.DistrictId == area),
            AreaLevel.Street => incidents.Where(i => i.StreetId == area),
            AreaLevel.Community => incidents.Where(i => i.CommunityId == area),
            AreaLevel.Grid => incidents.Where(i => i.GridId == area),
            _ => incidents.Where(i => i.MicroGridId == area),
        };
    }
}
