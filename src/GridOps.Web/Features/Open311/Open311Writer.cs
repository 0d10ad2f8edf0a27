using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Xml;

namespace GridOps.Web.Features.Open311;

/// <summary>One record of an Open311 answer: field names and values in the spec's order.</summary>
internal sealed class Open311Record : List<KeyValuePair<string, object?>>
{
    public void Set(string name, object? value) => Add(new(name, value));
}

/// <summary>Writes Open311 answers in the two formats GeoReport v2 defines: a JSON array of
/// objects, or XML with a root element holding one element per record (UTF-8, declared).</summary>
internal static class Open311Writer
{
    public static IResult Write(string format, string root, string item, IEnumerable<Open311Record> records, int status = 200) =>
        format == "xml"
            ? Results.Text(Xml(root, item, records), "text/xml; charset=utf-8", Encoding.UTF8, status)
            : Results.Text(Json(records, asArray: true), "application/json; charset=utf-8", Encoding.UTF8, status);

    /// <summary>A single object (a service definition), not a list.</summary>
    public static IResult WriteOne(string format, string root, Open311Record record) =>
        format == "xml"
            ? Results.Text(XmlOne(root, record), "text/xml; charset=utf-8", Encoding.UTF8)
            : Results.Text(Json([record], asArray: false), "application/json; charset=utf-8", Encoding.UTF8);

    /// <summary>The spec's error shape: a list of { code, description }.</summary>
    public static IResult Error(string format, int status, string description)
    {
        var error = new Open311Record();
        error.Set("code", status);
        error.Set("description", description);
        return Write(format, "errors", "error", [error], status);
    }

    private static string Json(IEnumerable<Open311Record> records, bool asArray)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            if (asArray)
            {
                writer.WriteStartArray();
            }

            foreach (var record in records)
            {
                writer.WriteStartObject();
                foreach (var (name, value) in record)
                {
                    writer.WritePropertyName(name);
                    WriteJsonValue(writer, value);
                }

                writer.WriteEndObject();
            }

            if (asArray)
            {
                writer.WriteEndArray();
            }
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteJsonValue(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int i: writer.WriteNumberValue(i); break;
            case double d: writer.WriteNumberValue(d); break;
            case DateTimeOffset t: writer.WriteStringValue(Time(t)); break;
            case IEnumerable<Open311Record> list:
                writer.WriteStartArray();
                foreach (var inner in list)
                {
                    writer.WriteStartObject();
                    foreach (var (name, v) in inner)
                    {
                        writer.WritePropertyName(name);
                        WriteJsonValue(writer, v);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
                break;
            default: writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    private static string Xml(string root, string item, IEnumerable<Open311Record> records) => XmlDocument(root, writer =>
    {
        foreach (var record in records)
        {
            writer.WriteStartElement(item);
            WriteXmlFields(writer, record);
            writer.WriteEndElement();
        }
    });

    private static string XmlOne(string root, Open311Record record) => XmlDocument(root, writer => WriteXmlFields(writer, record));

    // Written to bytes, not a StringBuilder, so the declaration says UTF-8 as the spec requires.
    private static string XmlDocument(string root, Action<XmlWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = XmlWriter.Create(stream, Settings))
        {
            writer.WriteStartDocument();
            writer.WriteStartElement(root);
            body(writer);
            writer.WriteEndElement();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void WriteXmlFields(XmlWriter writer, Open311Record record)
    {
        foreach (var (name, value) in record)
        {
            writer.WriteStartElement(name);
            switch (value)
            {
                case null: break;
                case bool b: writer.WriteString(b ? "true" : "false"); break;
                case DateTimeOffset t: writer.WriteString(Time(t)); break;
                case IEnumerable<Open311Record> list:
                    foreach (var inner in list)
                    {
                        writer.WriteStartElement("attribute");
                        WriteXmlFields(writer, inner);
                        writer.WriteEndElement();
                    }

                    break;
                default: writer.WriteString(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
            }

            writer.WriteEndElement();
        }
    }

    private static readonly XmlWriterSettings Settings = new() { Encoding = new UTF8Encoding(false), Indent = false };

    // ISO 8601 with the offset the time carries (the endpoints give the district's), as the spec requires a zone.
    private static string Time(DateTimeOffset t) => t.ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}
