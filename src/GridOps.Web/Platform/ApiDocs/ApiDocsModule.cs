using System.Security.Cryptography;
using Scalar.AspNetCore;

namespace GridOps.Web.Platform.ApiDocs;

/// <summary>
/// The OpenAPI 3.1 document of every machine-facing endpoint at <c>/openapi/v1.json</c> and a
/// browsable reference (Scalar, served from its package — no CDN) at <c>/api/docs</c>. Both are
/// public: they describe doors, every one of which still checks its caller.
/// </summary>
internal static class ApiDocsModule
{
    public const string DocumentName = "v1";
    public const string DocsPath = "/api/docs";

    public static WebApplicationBuilder AddApiDocs(this WebApplicationBuilder builder)
    {
        builder.Services.AddOpenApi(DocumentName, o =>
        {
            o.AddDocumentTransformer<GridOpsDocumentTransformer>();
            o.AddOperationTransformer<GridOpsOperationTransformer>();
            o.AddSchemaTransformer<NullableSchemas>();
            o.AddDocumentTransformer<NullableSchemas>();
        });
        return builder;
    }

    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous().ExcludeFromDescription();
        var demoKey = Features.DemoDistrict.DemoDistrictSeeder.IsEnabled(app.Configuration) ? Features.Access.AccessSeeder.DemoHotlineKey : "";
        app.MapScalarApiReference(DocsPath, (options, http) => options
                .WithTitle("GridOps API")
                .WithOpenApiRoutePattern("/openapi/{documentName}.json")
                .WithNonce(NonceFor(http))
                .AddPreferredSecuritySchemes(GridOpsDocumentTransformer.ApiKeyScheme)
                // On the demo district the 12345 gateway's key is filled in, so "Send" works at once.
                .AddApiKeyAuthentication(GridOpsDocumentTransformer.ApiKeyScheme, key => key.Value = demoKey)
                .DisableDefaultFonts()
                .DisableTelemetry()
                // The hosted product's buttons (AI agent, MCP, developer tools, deploy): nothing a district's integrator needs.
                .DisableAgent()
                .DisableMcp()
                .HideDeveloperTools()
                .WithDotNetFlag(false))
            .AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    /// <summary>
    /// The reference page runs one inline module script (its nonce is set here, in the page's own
    /// policy) and injects its theme's style elements without one, so this page alone allows inline
    /// styles; scripts stay nonce-only, and everything else stays on this origin.
    /// </summary>
    private static string NonceFor(HttpContext http)
    {
        // Hex, not base64: "+" and "/" would be escaped in the page's attributes and no longer match the header.
        var nonce = Convert.ToHexString(RandomNumberGenerator.GetBytes(16));
        http.Response.Headers.ContentSecurityPolicy =
            $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
            "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";
        return nonce;
    }
}
