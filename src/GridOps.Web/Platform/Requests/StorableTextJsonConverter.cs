using System.Text.Json;
using System.Text.Json.Serialization;

namespace GridOps.Web.Platform.Requests;

/// <summary>Every string bound from a JSON body passes <see cref="StorableText"/>; the serializer adds the
/// JSON path of the offending value, which <see cref="BadRequestProblems"/> names in the answer.</summary>
internal sealed class StorableTextJsonConverter : JsonConverter<string>
{
    public override bool HandleNull => false;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException($"Expected a string, found {reader.TokenType}.");
        }

        var text = reader.GetString();
        return StorableText.Problem(text) is { } problem ? throw new JsonException("The text " + problem) : text;
    }

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}
