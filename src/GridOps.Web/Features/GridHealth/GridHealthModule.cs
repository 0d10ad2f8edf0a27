using System.Text.Json.Nodes;
using GridOps.Web.Features.Access;
using GridOps.Web.Platform.ApiDocs;

namespace GridOps.Web.Features.GridHealth;

/// <summary>Grid health (网格体检): blind zones, overlaps, empty and overloaded grids, and splitting along micro-grids.</summary>
internal static class GridHealthModule
{
    public static WebApplicationBuilder AddGridHealth(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<GridHealthOptions>(builder.Configuration.GetSection("GridHealth"));
        builder.Services.AddSingleton<GridHealthQueries>();
        builder.Services.AddSingleton<GridSplitter>();
        return builder;
    }

    public static WebApplication MapGridHealth(this WebApplication app)
    {
        app.MapGet("/api/grid-health", ReportAsync).RequireAuthorization(Can.Supervise).WithTags("Grid health")
            .WithSummary("Grid health in the caller's scope: blind zones, overlaps, grids beyond the district, empty and overloaded grids").Produces<GridHealthList>();
        app.MapGet("/api/grid-health.geojson", GeoJsonAsync).RequireAuthorization(Can.Supervise).WithTags("Grid health")
            .WithSummary("The same findings as GeoJSON shapes (property layer: blind, overlaps, beyond, overloaded, empty)")
            .Produces<GeoJsonLayer>(contentType: "application/geo+json");
        app.MapGet("/api/grid-health/split/{code}.geojson", SplitGeoJsonAsync).RequireAuthorization(Can.Supervise).WithTags("Grid health")
            .WithSummary("A proposed split of an overloaded grid along its micro-grids (parts=2..n), as GeoJSON")
            .Produces<GeoJsonLayer>(contentType: "application/geo+json").ProducesProblem(StatusCodes.Status404NotFound).ProducesValidationProblem();
        return app;
    }

    private static async Task<IResult> ReportAsync(GridHealthQueries health, HttpContext http, CancellationToken cancellationToken)
    {
        var report = await health.ComputeAsync(http.Viewer().Scope, cancellationToken);
        // The list without the shapes: the GeoJSON endpoint carries those.
        return Results.Ok(new GridHealthList(
            report.Grids,
            [.. report.BlindZones.Select(b => new BlindZoneRow(b.Number, b.StreetName, b.CommunityName, Math.Round(b.SquareMeters, 1), b.Lon, b.Lat))],
            [.. report.Overlaps.Select(o => new OverlapRow(o.CodeA, o.NameA, o.CodeB, o.NameB, Math.Round(o.SquareMeters, 1), o.Lon, o.Lat))],
            [.. report.Beyond.Select(b => new BeyondRow(b.Code, b.Name, Math.Round(b.SquareMeters, 1), b.Lon, b.Lat))],
            [.. report.Empty.Select(Load)],
            [.. report.Overloaded.Select(Load)]));
    }

    private static GridLoadRow Load(GridLoad g) => new(
        g.Code, g.Name, g.CommunityName, g.Households, g.Staff, g.Workers, g.OpenIncidents, g.MicroGrids, g.HouseholdsPerWorker, g.OpenPerWorker,
        [.. g.Problems.Select(p => p.ToString())]);

    private static async Task<IResult> GeoJsonAsync(GridHealthQueries health, HttpContext http, CancellationToken cancellationToken)
    {
        var report = await health.ComputeAsync(http.Viewer().Scope, cancellationToken);
        var features = new JsonArray();
        foreach (var b in report.BlindZones)
        {
            features.Add(Feature(b.GeoJson, new JsonObject { ["layer"] = "blind", ["label"] = $"#{b.Number}", ["m2"] = Math.Round(b.SquareMeters) }));
        }

        foreach (var o in report.Overlaps)
        {
            features.Add(Feature(o.GeoJson, new JsonObject { ["layer"] = "overlaps", ["label"] = $"{o.CodeA} × {o.CodeB}", ["m2"] = Math.Round(o.SquareMeters) }));
        }

        foreach (var b in report.Beyond)
        {
            features.Add(Feature(b.GeoJson, new JsonObject { ["layer"] = "beyond", ["label"] = b.Code, ["m2"] = Math.Round(b.SquareMeters) }));
        }

        foreach (var (layer, grids) in new[] { ("overloaded", report.Overloaded), ("empty", report.Empty) })
        {
            foreach (var g in grids)
            {
                features.Add(Feature(g.GeoJson, new JsonObject { ["layer"] = layer, ["label"] = g.Code, ["code"] = g.Code }));
            }
        }

        return Results.Json(new JsonObject { ["type"] = "FeatureCollection", ["features"] = features }, contentType: "application/geo+json");
    }

    private static async Task<IResult> SplitGeoJsonAsync(string code, int? parts, GridSplitter splitter, HttpContext http, CancellationToken cancellationToken)
    {
        var (outcome, preview) = await splitter.PreviewAsync(code, parts, http.Viewer().Scope, cancellationToken);
        if (preview is null)
        {
            return SplitProblem(outcome, code);
        }

        var features = new JsonArray();
        foreach (var part in preview.Parts)
        {
            features.Add(Feature(part.GeoJson, new JsonObject
            {
                ["layer"] = "part", ["part"] = part.Number, ["code"] = part.Code, ["label"] = $"{part.Number} · {part.Households}",
                ["color"] = SplitColors[(part.Number - 1) % SplitColors.Length],
            }));
        }

        return Results.Json(new JsonObject { ["type"] = "FeatureCollection", ["features"] = features }, contentType: "application/geo+json");
    }

    /// <summary>Colours for the parts of a preview; the table beside the map names each part by number too.</summary>
    internal static readonly string[] SplitColors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2"];

    internal static IResult SplitProblem(SplitOutcome outcome, string code) => outcome switch
    {
        SplitOutcome.NotFound => Results.Problem(statusCode: 404, title: $"There is no current grid '{code}' in your scope."),
        SplitOutcome.NoMicroGrids => Results.ValidationProblem(new Dictionary<string, string[]> { ["code"] = ["The grid has fewer than two micro-grids to split along."] }),
        SplitOutcome.BadPartCount => Results.ValidationProblem(new Dictionary<string, string[]> { ["parts"] = [$"Split into 2 to {GridSplitter.MaxParts} parts, and no more parts than micro-grids."] }),
        _ => Results.Problem(statusCode: 409, title: "The grid changed since the preview; look at the new preview."),
    };

    private static JsonObject Feature(string geoJson, JsonObject properties) => new()
    {
        ["type"] = "Feature",
        ["geometry"] = JsonNode.Parse(geoJson),
        ["properties"] = properties,
    };
}

// GET /api/grid-health: the findings without their shapes (the GeoJSON endpoint carries those).
public sealed record GridHealthList(int Grids, IReadOnlyList<BlindZoneRow> BlindZones, IReadOnlyList<OverlapRow> Overlaps, IReadOnlyList<BeyondRow> Beyond,
    IReadOnlyList<GridLoadRow> Empty, IReadOnlyList<GridLoadRow> Overloaded);

public sealed record BlindZoneRow(int Number, string? StreetName, string? CommunityName, double SquareMeters, double Lon, double Lat);

public sealed record OverlapRow(string CodeA, string NameA, string CodeB, string NameB, double SquareMeters, double Lon, double Lat);

public sealed record BeyondRow(string Code, string Name, double SquareMeters, double Lon, double Lat);

public sealed record GridLoadRow(string Code, string Name, string? CommunityName, int Households, int Staff, int Workers, int OpenIncidents, int MicroGrids,
    double? HouseholdsPerWorker, double? OpenPerWorker, IReadOnlyList<string> Problems);
