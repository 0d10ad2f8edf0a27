using System.Text.Json.Nodes;

namespace GridOps.Web.Platform.ApiDocs;

/// <summary>
/// An example an endpoint shows in the OpenAPI document: its request body, or its response for one
/// status. Examples are validated against the document's own schemas by the test suite, so one that
/// drifts from the code fails a test instead of misleading a client.
/// </summary>
public sealed record ApiExample(int? Status, string Json)
{
    public JsonNode? Node => JsonNode.Parse(Json);
}

public static class ApiExampleExtensions
{
    /// <summary>An example request body.</summary>
    public static TBuilder WithRequestExample<TBuilder>(this TBuilder builder, string json) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiExample(null, json));

    /// <summary>An example response body for <paramref name="status"/>.</summary>
    public static TBuilder WithResponseExample<TBuilder>(this TBuilder builder, int status, string json) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiExample(status, json));
}
