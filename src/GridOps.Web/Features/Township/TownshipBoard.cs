using GridOps.Web.Realtime;

namespace GridOps.Web.Features.Township;

/// <summary>
/// A township view's picture: the area's numbers, its communities' (or grids') counts and its open
/// incidents, newest first. Events carry an incident as it stands, so applying one moves the list to
/// the current picture: a new open incident joins at the top, a changed one is replaced, a closed one leaves.
/// </summary>
public sealed class TownshipBoard(LiveKpis kpis, IEnumerable<LiveAreaCount> children, IEnumerable<LiveIncident> incidents)
{
    /// <summary>The most open incidents listed (the full list is one link away).</summary>
    public const int IncidentLimit = 50;

    private readonly List<LiveAreaCount> _children = [.. children];
    private readonly List<LiveIncident> _incidents = [.. incidents.Take(IncidentLimit)];

    public LiveKpis Kpis { get; private set; } = kpis;

    public IReadOnlyList<LiveAreaCount> Children => _children;

    public IReadOnlyList<LiveIncident> Incidents => _incidents;

    /// <summary>Applies events; true when any of them may change what waits for approval (a re-read is due).</summary>
    public bool Apply(IEnumerable<LiveEvent> batch)
    {
        var approvalsMayHaveChanged = false;
        foreach (var e in batch)
        {
            approvalsMayHaveChanged |= e.Alert is not null || e.Type is "incident.changed";
            var incident = e.Incident;
            var at = _incidents.FindIndex(i => i.Id == incident.Id);
            if (!incident.Open)
            {
                if (at >= 0)
                {
                    _incidents.RemoveAt(at);
                }
            }
            else if (at >= 0)
            {
                _incidents[at] = incident;
            }
            else if (e.Type == "incident.created")
            {
                _incidents.Insert(0, incident);
                if (_incidents.Count > IncidentLimit)
                {
                    _incidents.RemoveAt(_incidents.Count - 1);
                }
            }
        }

        return approvalsMayHaveChanged;
    }

    public void Apply(LiveKpis kpis) => Kpis = kpis;

    /// <summary>New open and overdue counts for the areas that changed (the ticker does not recount closed-today:
    /// that column keeps its value until the page is opened again); areas that are not rows here are ignored.</summary>
    public void Apply(IEnumerable<LiveAreaCount> counts)
    {
        foreach (var count in counts)
        {
            var at = _children.FindIndex(c => c.Id == count.Id); // by id: another district's area may have the same code
            if (at >= 0)
            {
                _children[at] = count with { TodayClosed = _children[at].TodayClosed };
            }
        }
    }
}
