namespace GridOps.Web.Features.GridHealth;

/// <summary>A part of the district in no grid (盲区), with where it lies and its area.</summary>
public sealed record BlindZone(int Number, string? StreetName, string? CommunityName, double SquareMeters, double Lon, double Lat, string GeoJson);

/// <summary>Two grids claiming the same ground, and how much of it.</summary>
public sealed record GridOverlap(string CodeA, string NameA, string CodeB, string NameB, double SquareMeters, double Lon, double Lat, string GeoJson);

/// <summary>The part of a grid outside its district's boundary (越界): ground another district may also claim.</summary>
public sealed record GridBeyond(string Code, string Name, double SquareMeters, double Lon, double Lat, string GeoJson);

/// <summary>Why a grid is listed: no households, no staff at all, or more per worker than the thresholds allow.</summary>
public enum GridProblem
{
    NoHouseholds,
    NoStaff,
    HouseholdsPerWorker,
    OpenIncidentsPerWorker,
}

/// <summary>One grid's load: households and open incidents against its grid workers.</summary>
public sealed record GridLoad(string Code, string Name, string? CommunityName, int Households, int Staff, int Workers, int OpenIncidents,
    int MicroGrids, IReadOnlyList<GridProblem> Problems, string GeoJson)
{
    public double? HouseholdsPerWorker => Workers == 0 ? null : Math.Round((double)Households / Workers, 1);

    public double? OpenPerWorker => Workers == 0 ? null : Math.Round((double)OpenIncidents / Workers, 1);

    public bool IsEmpty => Problems.Contains(GridProblem.NoHouseholds) || Problems.Contains(GridProblem.NoStaff);

    public bool IsOverloaded => Problems.Contains(GridProblem.HouseholdsPerWorker) || Problems.Contains(GridProblem.OpenIncidentsPerWorker);
}

/// <summary>Everything the grid-health page shows, computed in one pass over the current grids.</summary>
public sealed record GridHealthReport(int Grids, IReadOnlyList<BlindZone> BlindZones, IReadOnlyList<GridOverlap> Overlaps,
    IReadOnlyList<GridBeyond> Beyond, IReadOnlyList<GridLoad> Empty, IReadOnlyList<GridLoad> Overloaded)
{
    public double BlindSquareMeters => BlindZones.Sum(b => b.SquareMeters);

    public double OverlapSquareMeters => Overlaps.Sum(o => o.SquareMeters);
}
