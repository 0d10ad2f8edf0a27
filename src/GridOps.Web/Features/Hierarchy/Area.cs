using NetTopologySuite.Geometries;

namespace GridOps.Web.Features.Hierarchy;

/// <summary>One node of the hierarchy: district, street, community, grid or micro-grid.</summary>
public sealed class Area
{
    public long Id { get; set; }

    /// <summary>Hierarchical code, unique within its district (e.g. <c>SQ-3-2</c>); a district's own code is unique across the database.</summary>
    public required string Code { get; set; }

    public required string Name { get; set; }

    public AreaLevel Level { get; set; }

    public AreaKind Kind { get; set; }

    public long? ParentId { get; set; }

    /// <summary>Ids from the district down to the parent, so a subtree is one array-contains query.</summary>
    public long[] AncestorIds { get; set; } = [];

    public int Households { get; set; }

    public int Population { get; set; }

    public required MultiPolygon Boundary { get; set; }

    /// <summary>A point guaranteed inside the boundary, where the map puts the label.</summary>
    public required Point LabelPoint { get; set; }

    /// <summary>Since when the area has had its current boundary, name and parent (earlier states: area_versions).</summary>
    public DateTimeOffset ValidFrom { get; set; }

    /// <summary>When a re-import or a split took the area out of use; it stays for the incidents located in it.</summary>
    public DateTimeOffset? RetiredAt { get; set; }
}
