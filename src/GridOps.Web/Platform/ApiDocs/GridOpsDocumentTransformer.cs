using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace GridOps.Web.Platform.ApiDocs;

/// <summary>The document's title, what it is for, and the two ways a caller proves who it is.</summary>
internal sealed class GridOpsDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string ApiKeyScheme = "ApiKey";
    public const string CookieScheme = "Cookie";
    public const string ProblemSchema = "ProblemDetails";

    private static readonly (string Name, string Description)[] Tags =
    [
        ("Incidents", "Report incidents and work them through the closed loop: accept, dispatch or whistle, handle, report back, verify and close, evaluate."),
        ("Locate", "Which micro-grid, grid, community and street hold a point (WGS-84, GCJ-02 or BD-09)."),
        ("Hotline", "Batches from the 12345 hotline gateway, CSV or JSON, answered row by row."),
        ("Open311", "Open311 GeoReport v2 for residents' apps and other city systems."),
        ("Hierarchy", "The grid hierarchy as GeoJSON: import all or nothing, export, edit one area."),
        ("Catalogue", "Categories of incidents (tier, time limits, departments) and departments."),
        ("Map", "Map layers: vector tiles of the areas, labels, patrols and hotspots as GeoJSON."),
        ("Live", "What a live screen starts from; changes then arrive over SignalR at /hubs/live."),
        ("Patrols", "Grid workers' patrol check-ins."),
        ("Needs", "The demand list (needs, claims, results)."),
        ("Grid health", "Blind zones, overlaps, grids beyond the district, empty and overloaded grids, split previews."),
        ("Assessment", "The monthly assessment of grids, communities, streets and departments."),
        ("Operations", "Health probes and metrics for the operations team (docs/operations.md)."),
    ];

    public async Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "GridOps API",
            Version = "v1",
            Description = """
                The machine doors of GridOps, a district command centre's grid-governance system (网格化治理): report and
                work incidents through the closed loop, locate points in the grid hierarchy, import and export the
                hierarchy as GeoJSON, receive 12345 hotline batches, serve Open311 GeoReport v2, read map layers,
                demand lists, patrols and grid health, and watch the service's health and metrics.

                Every error is RFC 9457 Problem Details (`application/problem+json`); a request that cannot be read
                names the field and the reason. While the database does not answer, writes answer 503 with
                `Retry-After` and store nothing. Machines send an API key in `X-Api-Key` (an administrator creates
                keys at /admin/keys); people's browsers use their signed-in session.
                """,
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = Features.Access.ApiKeyAuthenticationHandler.Header,
            Description = "A machine's key (12345 gateway, Open311 client, wall screen). The demo district's 12345 key is `demo-hotline-key`.",
        };
        document.Components.SecuritySchemes[CookieScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Cookie,
            Name = "gridops.session",
            Description = "A person's session after signing in at /account/sign-in.",
        };
        DescribeMetrics(document, context);

        // In the order a new integrator reads them: reporting first, operating last.
        document.Tags = new HashSet<OpenApiTag>(Tags.Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));

        // Every operation refers to it for 401/403/429/503, whether or not one declared it itself.
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        if (!document.Components.Schemas.ContainsKey(ProblemSchema))
        {
            document.Components.Schemas[ProblemSchema] = await context.GetOrCreateSchemaAsync(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), null, cancellationToken);
        }
    }

    /// <summary>The Prometheus exporter maps a bare request delegate, which the generator cannot see: described here.</summary>
    private static void DescribeMetrics(OpenApiDocument document, OpenApiDocumentTransformerContext context)
    {
        var path = context.ApplicationServices.GetRequiredService<Microsoft.Extensions.Options.IOptions<Telemetry.TelemetryOptions>>().Value;
        if (!path.Enabled)
        {
            return;
        }

        document.Paths[path.MetricsPath] = new OpenApiPathItem
        {
            Operations = new Dictionary<HttpMethod, OpenApiOperation>
            {
                [HttpMethod.Get] = new()
                {
                    Tags = new HashSet<OpenApiTagReference> { new("Operations", document) },
                    Summary = "Metrics in Prometheus text format: HTTP, runtime, Npgsql and GridOps' own (gridops_*; docs/operations.md)",
                    Description = "Needs: ReadMetrics (administrators), or a scraper address listed in Access:MetricsScrapers.",
                    Security = [GridOpsOperationTransformer.Requirement(ApiKeyScheme, document), GridOpsOperationTransformer.Requirement(CookieScheme, document)],
                    Responses = new OpenApiResponses
                    {
                        ["200"] = new OpenApiResponse
                        {
                            Description = "The exposition text",
                            Content = new Dictionary<string, OpenApiMediaType> { ["text/plain; version=0.0.4"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } } },
                        },
                        ["401"] = GridOpsOperationTransformer.ProblemResponse(document, "No valid session, and not a listed scraper."),
                        ["403"] = GridOpsOperationTransformer.ProblemResponse(document, "Signed in without ReadMetrics."),
                        ["503"] = GridOpsOperationTransformer.ProblemResponse(document, "Not expected: metrics come from memory."),
                    },
                },
            },
        };
    }
}
