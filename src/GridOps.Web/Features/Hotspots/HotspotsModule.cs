using System.Text.Json.Nodes;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Jobs;
using Microsoft.Extensions.Options;
using Npgsql;
using GridOps.Web.Platform.ApiDocs;

namespace GridOps.Web.Features.Hotspots;

/// <summary>Hotspots: repeat reports clustered in space and time, an early warning, a map layer.</summary>
internal static class HotspotsModule
{
    public static WebApplicationBuilder AddHotspots(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<HotspotOptions>(builder.Configuration.GetSection("Hotspots"));
        builder.Services.AddSingleton<HotspotScanner>();
        var options = builder.Configuration.GetSection("Hotspots").Get<HotspotOptions>() ?? new HotspotOptions();
        builder.AddJob<HotspotScanJob>(HotspotScanJob.Name, "Repeat reports clustered in space and time: an early warning per new hotspot",
            JobCatalogExtensions.Every(TimeSpan.FromSeconds(options.ScanSeconds)), options.Enabled);

        return builder;
    }

    public static WebApplication MapHotspots(this WebApplication app)
    {
        app.MapGet("/api/map/hotspots", GeoJsonAsync).RequireAuthorization(Can.ReadIncidents).WithTags("Map")
            .WithSummary("Hotspots (clusters of like reports) in the recent window, as GeoJSON polygons").Produces<GeoJsonLayer>(contentType: "application/geo+json");
        return app;
    }

    // A hotspot in no grid is its reports' district's, as they are (issue 20): the whole database sees it, and a district's
    // people when every report in it is their district's; nobody below a district (their incidents are in grids).
    private static string OutsideEveryGrid(AccessScope scope) =>
        scope.IsEverything ? "TRUE"
        : scope.AreaLevel == Hierarchy.AreaLevel.District && scope.DepartmentCode is null
            ? "NOT EXISTS (SELECT 1 FROM incidents i WHERE i.id = ANY (h.incident_ids) AND i.district_id IS DISTINCT FROM $2)"
            : "FALSE";

    /// <summary>Hotspots with a report inside the window, in the viewer's scope, as GeoJSON polygons.</summary>
    private static async Task<IResult> GeoJsonAsync(NpgsqlDataSource dataSource, IOptions<HotspotOptions> options, TimeProvider clock, HttpContext http,
        CancellationToken cancellationToken)
    {
        var scope = http.Viewer().Scope;
        await using var command = dataSource.CreateCommand($"""
            SELECT h.id, c.name, c.name_en, cardinality(h.incident_ids), h.first_reported_at, h.last_reported_at, ST_AsGeoJSON(h.hull, 6), g.code
            FROM hotspots h JOIN categories c ON c.id = h.category_id LEFT JOIN areas g ON g.id = h.grid_id
            WHERE h.last_reported_at >= $1 AND (g.id IS NULL AND {OutsideEveryGrid(scope)} OR g.id IS NOT NULL AND {AreaScopeSql.Inside(scope, "g", "$2")})
            ORDER BY h.last_reported_at DESC LIMIT 500
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() - TimeSpan.FromHours(options.Value.WindowHours) });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = AreaScopeSql.ParameterValue(scope) });
        var chinese = Components.Shared.UiCulture.IsChinese;
        var features = new JsonArray();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var name = chinese || reader.IsDBNull(2) ? reader.GetString(1) : reader.GetString(2);
            features.Add(new JsonObject
            {
                ["type"] = "Feature",
                ["geometry"] = JsonNode.Parse(reader.GetString(6)),
                ["properties"] = new JsonObject
                {
                    ["id"] = reader.GetInt64(0), ["label"] = $"{name} × {reader.GetInt32(3)}", ["reports"] = reader.GetInt32(3),
                    ["first"] = reader.GetFieldValue<DateTimeOffset>(4).ToString("O"), ["last"] = reader.GetFieldValue<DateTimeOffset>(5).ToString("O"),
                    ["grid"] = reader.IsDBNull(7) ? null : reader.GetString(7),
                },
            });
        }

        return Results.Json(new JsonObject { ["type"] = "FeatureCollection", ["features"] = features }, contentType: "application/geo+json");
    }
}
