using GridOps.TestSupport;
using GridOps.Web.Features.Access;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace GridOps.Tests.Features.Access;

/// <summary>The app's own endpoint list, read the way the access and hostile-input suites walk it, so a
/// new route is covered by both without anyone listing it.</summary>
internal static class RouteTable
{
    public static IReadOnlyList<RouteEndpoint> Endpoints(TestApp app)
    {
        _ = app.Client; // the server is running, so every data source is built
        // Static files (scripts, styles, their compressed twins) are files, not doors: StaticFilesTests covers them.
        return [.. app.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<Microsoft.AspNetCore.StaticAssets.StaticAssetDescriptor>() is null)
            .OrderBy(e => e.RoutePattern.RawText, StringComparer.Ordinal)];
    }

    /// <summary>Every (endpoint, method) pair.</summary>
    public static IEnumerable<(RouteEndpoint Endpoint, string Method)> Doors(TestApp app) =>
        Endpoints(app).SelectMany(e => Methods(e).Select(m => (e, m)));

    public static IEnumerable<string> Methods(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];

    public static bool TakesForm(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.ContentTypes.Any(t => t.Contains("form", StringComparison.Ordinal)) == true;

    /// <summary>Whether the role table lets a role through a route's rule (every policy of it).</summary>
    public static bool Allows(string rule, AccessRole role) => rule == "public" || rule.Split(" + ").All(policy => policy switch
    {
        "SignedIn" => true,
        "ActOnIncidents" => RolePermissions.Has(role, Capability.Coordinate) || RolePermissions.Has(role, Capability.Handle) || RolePermissions.Has(role, Capability.Evaluate),
        _ => RolePermissions.Has(role, Enum.Parse<Capability>(policy)),
    });

    /// <summary>A Razor page: it takes its forms without declaring them.</summary>
    public static bool IsPage(RouteEndpoint endpoint) =>
        endpoint.Metadata.GetMetadata<Microsoft.AspNetCore.Components.Endpoints.ComponentTypeMetadata>() is not null;

    /// <summary>The rule an endpoint carries: public, or the Can.* policies it requires (all must pass); null when it names none.</summary>
    public static string? Rule(RouteEndpoint endpoint)
    {
        if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
        {
            return "public";
        }

        var policies = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Policy).Where(p => p?.StartsWith(Can.Prefix, StringComparison.Ordinal) == true).Distinct().ToList();
        return policies.Count == 0 ? null : string.Join(" + ", policies.Select(p => p![Can.Prefix.Length..]));
    }

    /// <summary>Route values that exist (or are well-formed), so the answer is about access or input, not about routing.</summary>
    /// <param name="firstValue">A value to put in the first route parameter instead (a hostile one, say), already escaped.</param>
    public static string Url(RouteEndpoint endpoint, DemoWorld world, string? firstValue = null)
    {
        var url = endpoint.RoutePattern.RawText!;
        foreach (var parameter in endpoint.RoutePattern.Parameters)
        {
            var value = firstValue is not null && parameter == endpoint.RoutePattern.Parameters[0] ? firstValue : parameter.Name.ToLowerInvariant() switch
            {
                "ticketno" => world.TicketInGridA,
                "action" => "accept",
                "code" when url.Contains("categories", StringComparison.Ordinal) => "environment.appearance",
                "code" when url.StartsWith("/error/", StringComparison.Ordinal) => "404",
                "code" when url.Contains("split", StringComparison.Ordinal) => world.GridA,
                "code" when url.Contains("hierarchy/areas", StringComparison.Ordinal) => world.GridA,
                "code" => world.StreetA,
                "format" => "json",
                "culture" => "en",
                "id" when parameter.ParameterPolicies.Any(p => p.Content == "guid") => Guid.Empty.ToString(),
                "id" when url.Contains("open311", StringComparison.Ordinal) => world.TicketInGridA,
                "id" => "999999",
                "z" or "x" or "y" => "0",
                "path" when url.StartsWith("/admin/hangfire", StringComparison.Ordinal) => "recurring",
                "documentname" => "v1",
                _ => "x",
            };
            url = System.Text.RegularExpressions.Regex.Replace(url, "\\{\\**" + parameter.Name + "(:[^}?]*)?\\??\\}", value);
        }

        return url;
    }
}
