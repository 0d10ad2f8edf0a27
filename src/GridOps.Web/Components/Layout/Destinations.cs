using GridOps.Web.Features.Access;
using MudBlazor;

namespace GridOps.Web.Components.Layout;

/// <summary>One place in the navigation: where, its words (a resource key) and its icon.</summary>
public sealed record Destination(string Path, string Text, string Icon);

/// <summary>The navigation's destinations, each shown only to a viewer who may use it (the same rules as the pages').</summary>
public static class Destinations
{
    public static IEnumerable<Destination> For(Viewer viewer)
    {
        if (viewer.Can(Capability.ReadIncidents))
        {
            yield return new("/map", "Nav.Map", Icons.Material.Outlined.Map);
            yield return new("/incidents", "Nav.Incidents", Icons.Material.Outlined.ListAlt);
        }

        // The live screens are the centre's and the leaders'; a grid worker's phone has no room for them.
        if (viewer.Can(Capability.Supervise))
        {
            yield return new("/alerts", "Nav.Alerts", Icons.Material.Outlined.NotificationsActive);
            yield return new("/township", "Nav.Township", Icons.Material.Outlined.LocationCity);
            yield return new("/wall", "Nav.Wall", Icons.Material.Outlined.Tv);
            yield return new("/assessment", "Nav.Assessment", Icons.Material.Outlined.Leaderboard);
            yield return new("/grid-health", "Nav.GridHealth", Icons.Material.Outlined.HealthAndSafety);
        }

        if (viewer.Can(Capability.ManageNeeds))
        {
            yield return new("/needs", "Nav.Needs", Icons.Material.Outlined.VolunteerActivism);
        }

        if (viewer.Can(Capability.ReportIncident))
        {
            yield return new("/m/report", "Nav.Report", Icons.Material.Outlined.AddLocationAlt);
        }

        if (viewer.Can(Capability.Patrol))
        {
            yield return new("/m/patrol", "Nav.Patrol", Icons.Material.Outlined.DirectionsWalk);
        }

        if (viewer.Can(Capability.ManageAccess))
        {
            yield return new("/admin/users", "Nav.Admin", Icons.Material.Outlined.AdminPanelSettings);
        }
    }
}
