using GridOps.Web.Features.Hierarchy;

namespace GridOps.Web.Features.Locate;

/// <summary>An area named in an answer: enough to show and to link, nothing more.</summary>
public sealed record AreaRef(string Code, string Name, AreaLevel Level);

/// <summary>
/// Where a point lies: its grid, and the micro-grid and ancestors of that grid. A point just outside every grid
/// (within its district's snap tolerance) is given the nearest one, <see cref="SnappedMetres"/> away; it is in
/// no micro-grid.
/// </summary>
public sealed record Location(AreaRef Grid, AreaRef? MicroGrid, AreaRef? Community, AreaRef? Street, AreaRef? District, double? SnappedMetres = null)
{
    internal static Location From(AreaRef grid, AreaRef? microGrid, IEnumerable<AreaRef> ancestors, double? snappedMetres)
    {
        var byLevel = ancestors.ToDictionary(a => a.Level);
        return new Location(grid, microGrid,
            byLevel.GetValueOrDefault(AreaLevel.Community),
            byLevel.GetValueOrDefault(AreaLevel.Street),
            byLevel.GetValueOrDefault(AreaLevel.District),
            snappedMetres is { } m ? Math.Round(m, 1) : null);
    }
}

/// <summary>Area ids for a located point: the grid always, the others when the hierarchy has them.</summary>
public sealed record LocatedIds(long GridId, long? MicroGridId, long? CommunityId, long? StreetId, IReadOnlyDictionary<long, string> Codes, double? SnappedMetres = null)
{
    /// <summary>The district the grid lies in (its incidents are that district's).</summary>
    public long? DistrictId { get; init; }
}
