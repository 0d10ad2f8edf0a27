namespace GridOps.Web.Features.Hotspots;

/// <summary>Hotspot detection, section "Hotspots": repeat reports of one category close in space and time.</summary>
public sealed class HotspotOptions
{
    /// <summary>Reports this far back take part in clustering (and a hotspot stays on the map this long after its last report).</summary>
    public double WindowHours { get; set; } = 72;

    /// <summary>Reports within this distance of each other join one cluster (DBSCAN's eps).</summary>
    public double RadiusMeters { get; set; } = 200;

    /// <summary>A cluster needs at least this many reports (DBSCAN's minpoints).</summary>
    public int MinReports { get; set; } = 3;

    /// <summary>How often the scan runs.</summary>
    public int ScanSeconds { get; set; } = 300;

    /// <summary>Run the hotspot scan on this node at all.</summary>
    public bool Enabled { get; set; } = true;
}
