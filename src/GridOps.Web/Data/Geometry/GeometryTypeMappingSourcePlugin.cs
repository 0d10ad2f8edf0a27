using Microsoft.EntityFrameworkCore.Storage;

namespace GridOps.Web.Data.Geometry;

/// <summary>Answers EF Core's "how do I store this?" for NTS geometry properties.</summary>
internal sealed class GeometryTypeMappingSourcePlugin : IRelationalTypeMappingSourcePlugin
{
    public RelationalTypeMapping? FindMapping(in RelationalTypeMappingInfo mappingInfo)
    {
        var clrType = mappingInfo.ClrType;
        var storeType = mappingInfo.StoreTypeName;
        if (clrType is not null && !typeof(NetTopologySuite.Geometries.Geometry).IsAssignableFrom(clrType))
        {
            return null;
        }

        if (storeType is not null && !IsGeometryStoreType(storeType))
        {
            return null;
        }

        if (clrType is null && storeType is null)
        {
            return null;
        }

        var mappingType = typeof(GeometryTypeMapping<>).MakeGenericType(clrType ?? typeof(NetTopologySuite.Geometries.Geometry));
        return (RelationalTypeMapping)Activator.CreateInstance(mappingType, storeType ?? "geometry")!;
    }

    // EF does not split non-numeric facets, so "geometry(MultiPolygon,4326)" arrives whole.
    private static bool IsGeometryStoreType(string storeType)
    {
        var paren = storeType.IndexOf('(', StringComparison.Ordinal);
        var baseName = (paren < 0 ? storeType : storeType[..paren]).Trim();
        return baseName.Equals("geometry", StringComparison.OrdinalIgnoreCase);
    }
}
