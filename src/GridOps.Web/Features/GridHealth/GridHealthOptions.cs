namespace GridOps.Web.Features.GridHealth;

/// <summary>Grid health thresholds, section "GridHealth".</summary>
public sealed class GridHealthOptions
{
    /// <summary>A grid is overloaded above this many households per grid worker (专职 + 兼职).</summary>
    public double MaxHouseholdsPerWorker { get; set; } = 200;

    /// <summary>A grid is overloaded above this many open incidents per grid worker.</summary>
    public double MaxOpenIncidentsPerWorker { get; set; } = 10;

    /// <summary>Gaps smaller than this (m²) are digitising slivers, not blind zones.</summary>
    public double MinBlindZoneSquareMeters { get; set; } = 100;

    /// <summary>Overlaps smaller than this (m²) are digitising slivers.</summary>
    public double MinOverlapSquareMeters { get; set; } = 100;
}
