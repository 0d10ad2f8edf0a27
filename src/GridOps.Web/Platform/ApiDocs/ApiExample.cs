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

/// <summary>
/// The body an endpoint that reads its own request (CSV or JSON, a form, GeoJSON) takes, for the
/// document only. Unlike <c>Accepts</c> it does not make routing refuse other content types with a
/// bare 415: those endpoints refuse them themselves, naming what is wrong.
/// </summary>
public sealed record ApiRequestBody(Type Type, IReadOnlyList<string> ContentTypes);

public static class ApiExampleExtensions
{
    /// <summary>Describes the body in the document without constraining routing (<see cref="ApiRequestBody"/>).</summary>
    public static RouteHandlerBuilder WithRequestBody<T>(this RouteHandlerBuilder builder, params string[] contentTypes) =>
        builder.WithMetadata(new ApiRequestBody(typeof(T), contentTypes));

    /// <summary>An example request body.</summary>
    public static TBuilder WithRequestExample<TBuilder>(this TBuilder builder, string json) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiExample(null, json));

    /// <summary>An example response body for <paramref name="status"/>.</summary>
    public static TBuilder WithResponseExample<TBuilder>(this TBuilder builder, int status, string json) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new ApiExample(status, json));
}
