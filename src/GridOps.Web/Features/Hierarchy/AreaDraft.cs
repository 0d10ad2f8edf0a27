using NetTopologySuite.Geometries;

namespace GridOps.Web.Features.Hierarchy;

/// <summary>
/// An area about to be written: what the demo generator and the importers produce.
/// Parents are named by code so drafts can be built before any id exists.
/// </summary>
public sealed record AreaDraft(
    string Code,
    string Name,
    AreaLevel Level,
    string? ParentCode,
    MultiPolygon Boundary,
    int Households = 0,
    int Population = 0,
    AreaKind Kind = AreaKind.Regular);

/// <summary>A staff member about to be written, with the codes of the areas they serve.</summary>
public sealed record StaffDraft(string RealNameCode, string Name, IReadOnlyList<(string AreaCode, StaffRole Role)> Assignments);
