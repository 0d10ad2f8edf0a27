namespace GridOps.Web.Features.Patrols;

/// <summary>Patrol settings, section "Patrols".</summary>
public sealed class PatrolOptions
{
    /// <summary>How far outside the worker's grid a check-in still counts (GPS drift, the street outside).</summary>
    public double ToleranceMeters { get; set; } = 100;

    /// <summary>Patrols each grid worker is planned to make per working day.</summary>
    public int PerWorkerPerWorkingDay { get; set; } = 1;

    /// <summary>A grid without staffed workers is still planned as if it had this many: a gap, not a pass.</summary>
    public int MinimumWorkers { get; set; } = 1;
}
