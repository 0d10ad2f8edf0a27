using Npgsql.Internal;
using NetTopologySuite;
using NetTopologySuite.Geometries;
using NetTopologySuite.IO;

namespace GridOps.Web.Data.Geometry;

/// <summary>
/// Reads and writes PostGIS <c>geometry</c> values as EWKB (PostGIS's binary wire format) with
/// NTS's own WKB reader and writer. Streaming, because a district boundary exceeds Npgsql's buffer.
/// </summary>
internal sealed class GeometryConverter<T> : PgStreamingConverter<T>
    where T : NetTopologySuite.Geometries.Geometry
{
    private static readonly WKBReader Reader = new(NtsGeometryServices.Instance) { HandleSRID = true, HandleOrdinates = Ordinates.XYZM };

    public override T Read(PgReader reader)
    {
        var bytes = new byte[reader.CurrentRemaining];
        reader.ReadBytes(bytes);
        return (T)Reader.Read(bytes);
    }

    public override async ValueTask<T> ReadAsync(PgReader reader, CancellationToken cancellationToken = default)
    {
        var bytes = new byte[reader.CurrentRemaining];
        await reader.ReadBytesAsync(bytes, cancellationToken);
        return (T)Reader.Read(bytes);
    }

    public override Size GetSize(SizeContext context, T value, ref object? writeState)
    {
        // Z only when the value has it: a 2D column rejects a NaN third ordinate.
        var hasZ = value.Coordinate is { } c && !double.IsNaN(c.Z);
        var bytes = new WKBWriter(ByteOrder.LittleEndian, handleSRID: true, emitZ: hasZ, emitM: false).Write(value);
        writeState = bytes;
        return bytes.Length;
    }

    public override void Write(PgWriter writer, T value) => writer.WriteBytes((byte[])writer.Current.WriteState!);

    public override ValueTask WriteAsync(PgWriter writer, T value, CancellationToken cancellationToken = default) =>
        writer.WriteBytesAsync((byte[])writer.Current.WriteState!, cancellationToken);
}
