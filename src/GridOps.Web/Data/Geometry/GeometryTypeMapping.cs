using System.Globalization;
using Microsoft.EntityFrameworkCore.Storage;
using NetTopologySuite.IO;
using Npgsql;
using NpgsqlTypes;

namespace GridOps.Web.Data.Geometry;

/// <summary>EF Core's view of a <c>geometry</c> column holding NTS type <typeparamref name="T"/>.</summary>
internal sealed class GeometryTypeMapping<T> : RelationalGeometryTypeMapping<T, T>
    where T : NetTopologySuite.Geometries.Geometry
{
    public GeometryTypeMapping(string storeType)
        : base(converter: null!, storeType)
    {
    }

    private GeometryTypeMapping(RelationalTypeMappingParameters parameters)
        : base(parameters, converter: null!)
    {
    }

    protected override Type WktReaderType => typeof(WKTReader);

    protected override RelationalTypeMapping Clone(RelationalTypeMappingParameters parameters) => new GeometryTypeMapping<T>(parameters);

    protected override void ConfigureParameter(System.Data.Common.DbParameter parameter)
    {
        base.ConfigureParameter(parameter);
        ((NpgsqlParameter)parameter).NpgsqlDbType = NpgsqlDbType.Geometry;
    }

    protected override string AsText(object value) => ((NetTopologySuite.Geometries.Geometry)value).AsText();

    protected override int GetSrid(object value) => ((NetTopologySuite.Geometries.Geometry)value).SRID;

    protected override string GenerateNonNullSqlLiteral(object value)
    {
        var geometry = (NetTopologySuite.Geometries.Geometry)value;
        var srid = geometry.SRID > 0 ? string.Create(CultureInfo.InvariantCulture, $"SRID={geometry.SRID};") : "";
        return $"GEOMETRY '{srid}{geometry.AsText()}'";
    }
}
