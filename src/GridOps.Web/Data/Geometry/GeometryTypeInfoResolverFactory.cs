using NetTopologySuite.Geometries;
using Npgsql.Internal;
using Npgsql.Internal.Postgres;

namespace GridOps.Web.Data.Geometry;

/// <summary>Teaches Npgsql the PostGIS <c>geometry</c> type, for every NTS geometry class.</summary>
internal sealed class GeometryTypeInfoResolverFactory : PgTypeInfoResolverFactory
{
    public override IPgTypeInfoResolver CreateResolver() => new Resolver();

    public override IPgTypeInfoResolver? CreateArrayResolver() => null;

    private sealed class Resolver : IPgTypeInfoResolver
    {
        private static readonly TypeInfoMappingCollection Mappings = Build();

        public PgTypeInfo? GetTypeInfo(Type? type, DataTypeName? dataTypeName, PgSerializerOptions options) =>
            Mappings.Find(type, dataTypeName, options);

        private static TypeInfoMappingCollection Build()
        {
            // The unqualified name matches geometry in whatever schema PostGIS was installed into.
            const string name = "geometry";
            var mappings = new TypeInfoMappingCollection();
            mappings.AddType<NetTopologySuite.Geometries.Geometry>(name,
                static (o, m, _) => m.CreateInfo(o, new GeometryConverter<NetTopologySuite.Geometries.Geometry>()), isDefault: true);
            // Each concrete class needs its own mapping, or Npgsql refuses to write it.
            mappings.AddType<Point>(name, static (o, m, _) => m.CreateInfo(o, new GeometryConverter<Point>()));
            mappings.AddType<MultiPoint>(name, static (o, m, _) => m.CreateInfo(o, new GeometryConverter<MultiPoint>()));
            mappings.AddType<LineString>(name, static (o, m, _) => m.CreateInfo(o, new GeometryConverter<LineString>()));
            mappings.AddType<MultiLineString>(name, static (o, m, _) => m.CreateInfo(o, new GeometryConverter<MultiLineString>()));
            mappings.AddType<Polygon>(name, static (o, m, _) => m.CreateInfo(o, new GeometryConverter<Polygon>()));
            mappings.AddType<MultiPolygon>(name, static (o, m, _) => m.CreateInfo(o, new GeometryConverter<MultiPolygon>()));
            mappings.AddType<GeometryCollection>(name, static (o, m, _) => m.CreateInfo(o, new GeometryConverter<GeometryCollection>()));
            return mappings;
        }
    }
}
