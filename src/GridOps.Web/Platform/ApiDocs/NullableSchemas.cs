using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GridOps.Web.Platform.ApiDocs;

/// <summary>Marks a list property whose items may be null (the generator loses a generic argument's nullability).</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ItemsMayBeNullAttribute : Attribute;

/// <summary>
/// Two corrections to the generated schemas, both about null. A nullable enum is written as
/// <c>oneOf: [null, $ref Enum]</c> while the enum's own schema also lists null, so a null matches
/// both branches and fails <c>oneOf</c> (exactly one): "either" is <c>anyOf</c>. And list items
/// marked <see cref="ItemsMayBeNullAttribute"/> may be null.
/// </summary>
internal sealed class NullableSchemas : IOpenApiSchemaTransformer, IOpenApiDocumentTransformer
{
    public Task TransformAsync(OpenApiSchema schema, OpenApiSchemaTransformerContext context, CancellationToken cancellationToken)
    {
        if (context.JsonPropertyInfo?.AttributeProvider?.IsDefined(typeof(ItemsMayBeNullAttribute), inherit: false) == true && schema.Items is { } items)
        {
            schema.Items = new OpenApiSchema { AnyOf = [new OpenApiSchema { Type = JsonSchemaType.Null }, items] };
        }

        return Task.CompletedTask;
    }

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        var seen = new HashSet<OpenApiSchema>(ReferenceEqualityComparer.Instance);
        foreach (var schema in document.Components?.Schemas?.Values ?? [])
        {
            Visit(schema, seen);
        }

        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            var requests = operation.RequestBody?.Content?.Values.AsEnumerable() ?? [];
            var responses = operation.Responses?.Values.SelectMany(r => r.Content?.Values.AsEnumerable() ?? []) ?? [];
            foreach (var media in requests.Concat(responses))
            {
                Visit(media.Schema, seen);
            }
        }

        return Task.CompletedTask;
    }

    private static void Visit(IOpenApiSchema? candidate, HashSet<OpenApiSchema> seen)
    {
        if (candidate is not OpenApiSchema schema || !seen.Add(schema))
        {
            return; // a reference is visited where it is defined
        }

        if (schema.OneOf is { Count: > 0 } oneOf && oneOf.Any(s => s is OpenApiSchema { Type: JsonSchemaType.Null }))
        {
            schema.AnyOf = oneOf;
            schema.OneOf = null;
        }

        foreach (var child in (schema.Properties?.Values ?? []).Concat(schema.AnyOf ?? []).Concat(schema.AllOf ?? []).Concat(schema.OneOf ?? [])
            .Append(schema.Items).Append(schema.AdditionalProperties))
        {
            Visit(child, seen);
        }
    }
}
