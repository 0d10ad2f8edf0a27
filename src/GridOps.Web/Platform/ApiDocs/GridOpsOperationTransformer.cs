using System.Text.Json.Nodes;
using GridOps.Web.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.OpenApi;

namespace GridOps.Web.Platform.ApiDocs;

/// <summary>
/// What every operation shares, read from the endpoint's own metadata so it cannot drift: who may
/// call it (public, or a key or session whose role holds the named capability), the answers every
/// guarded door gives (401, 403, 429, 503), and the examples it declares (<see cref="ApiExample"/>).
/// </summary>
internal sealed class GridOpsOperationTransformer : IOpenApiOperationTransformer
{
    public async Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        var document = context.Document!;
        var isPublic = metadata.OfType<IAllowAnonymous>().Any();
        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).OfType<string>().Where(p => p.StartsWith(Can.Prefix, StringComparison.Ordinal)).ToList();
        operation.Responses ??= [];
        if (!isPublic)
        {
            var keysOnly = policies.Any(p => p is Can.ReceiveHotline or Can.UseOpen311);
            operation.Security = keysOnly
                ? [Requirement(GridOpsDocumentTransformer.ApiKeyScheme, document)]
                : [Requirement(GridOpsDocumentTransformer.ApiKeyScheme, document), Requirement(GridOpsDocumentTransformer.CookieScheme, document)];
            var needs = string.Join(", ", policies.Select(p => p[Can.Prefix.Length..]));
            operation.Description = (operation.Description is { Length: > 0 } d ? d + "\n\n" : "") + $"Needs: {needs}{(keysOnly ? " (an API key; a session is not enough)" : "")}.";
            Problem(operation, document, "401", "No valid key or session.");
            Problem(operation, document, "403", "Signed in, but the role or scope does not allow this.");
        }

        if (metadata.OfType<EnableRateLimitingAttribute>().Any())
        {
            Problem(operation, document, "429", "Too many requests from this address; see Retry-After.");
        }

        Problem(operation, document, "503", "The database is not answering (or intake is at capacity); nothing was stored. Retry after Retry-After seconds.");

        if (metadata.OfType<ApiRequestBody>().LastOrDefault() is { } body)
        {
            var schema = await context.GetOrCreateSchemaAsync(body.Type, null, cancellationToken);
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = body.ContentTypes.ToDictionary(type => type, _ => new OpenApiMediaType { Schema = schema }),
            };
        }

        foreach (var example in metadata.OfType<ApiExample>())
        {
            var content = example.Status is { } status
                ? operation.Responses.TryGetValue(status.ToString(System.Globalization.CultureInfo.InvariantCulture), out var response) ? response.Content : null
                : operation.RequestBody?.Content;
            var media = content?.FirstOrDefault(c => c.Key.Contains("json", StringComparison.Ordinal)).Value
                ?? throw new InvalidOperationException($"{context.Description.RelativePath}: an example for {(example.Status?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "the request")} has no JSON body to go with");
            media.Example = example.Node;
        }
    }

    internal static OpenApiSecurityRequirement Requirement(string scheme, OpenApiDocument document) =>
        new() { [new OpenApiSecuritySchemeReference(scheme, document)] = [] };

    /// <summary>Adds a Problem Details answer unless the endpoint already declared one for that status.</summary>
    private static void Problem(OpenApiOperation operation, OpenApiDocument document, string status, string description)
    {
        if (operation.Responses!.ContainsKey(status))
        {
            return;
        }

        operation.Responses[status] = ProblemResponse(document, description);
    }

    /// <summary>An answer carrying Problem Details.</summary>
    internal static OpenApiResponse ProblemResponse(OpenApiDocument document, string description) => new()
    {
        Description = description,
        Content = new Dictionary<string, OpenApiMediaType>
        {
            ["application/problem+json"] = new OpenApiMediaType { Schema = new OpenApiSchemaReference(GridOpsDocumentTransformer.ProblemSchema, document) },
        },
    };
}
