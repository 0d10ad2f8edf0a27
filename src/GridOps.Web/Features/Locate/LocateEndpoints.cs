using System.Globalization;
using GridOps.Web.Features.Access;
using GridOps.Web.Platform.ApiDocs;

namespace GridOps.Web.Features.Locate;

/// <summary>GET and POST /api/locate: which micro-grid, grid, community and street hold a point.</summary>
internal static class LocateEndpoints
{
    private const string Answer = """
        {
          "wgs84": { "lon": 112.977679, "lat": 28.214291 },
          "location": {
            "grid": { "code": "BS-1-1", "name": "北园社区第一网格", "level": "grid" },
            "microGrid": { "code": "BS-1-1-9", "name": "第九微网格", "level": "microGrid" },
            "community": { "code": "BS-1", "name": "北园社区", "level": "community" },
            "street": { "code": "BS", "name": "白沙街道", "level": "street" },
            "district": { "code": "YJ", "name": "云江区", "level": "district" }
          }
        }
        """;

    public static void MapLocate(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/locate").WithTags("Locate").RequireAuthorization(Can.ReportIncident);
        group.MapGet("", LocateOneAsync)
            .WithSummary("Which micro-grid, grid, community and street hold a point")
            .WithDescription("lon and lat in the given crs (wgs84, gcj02 as phone maps in China give, or bd09); the answer gives the point in WGS-84 too. "
                + "404 when the point lies in no grid (a blind zone or outside the district).")
            .Produces<LocateAnswer>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .WithResponseExample(StatusCodes.Status200OK, Answer);
        group.MapPost("", LocateManyAsync)
            .WithSummary($"Locate up to {LocateQueries.MaxBatch} points at once")
            .WithDescription("One answer per point, in order; null where a point lies in no grid.")
            .Produces<LocateBatchAnswer>().ProducesValidationProblem()
            .WithRequestExample("""{ "crs": "wgs84", "points": [ { "lon": 112.977679, "lat": 28.214291 }, { "lon": 100.0, "lat": 20.0 } ] }""")
            .WithResponseExample(StatusCodes.Status200OK, $$"""{ "located": 1, "unlocated": 1, "results": [ {{Answer}}, null ] }""");
    }

    private static async Task<IResult> LocateOneAsync(string? lon, string? lat, string? crs, LocateQueries queries, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var longitude = ParseCoordinate("lon", lon, 180, errors);
        var latitude = ParseCoordinate("lat", lat, 90, errors);
        var system = ParseSystem(crs, errors);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "The point cannot be located.");
        }

        var (wgsLon, wgsLat) = CoordinateConversion.ToWgs84(system, longitude, latitude);
        var location = await queries.LocateAsync(wgsLon, wgsLat, cancellationToken);
        if (location is null)
        {
            return Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "The point lies in no grid.",
                detail: string.Create(CultureInfo.InvariantCulture, $"({wgsLon:F7}, {wgsLat:F7}) in WGS-84 is outside every grid: a blind zone or outside the district."),
                extensions: new Dictionary<string, object?> { ["wgs84"] = new LocatePoint(wgsLon, wgsLat) });
        }

        return Results.Ok(new LocateAnswer(new LocatePoint(wgsLon, wgsLat), location));
    }

    private static async Task<IResult> LocateManyAsync(LocateBatchRequest? request, LocateQueries queries, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var system = ParseSystem(request?.Crs, errors);
        var points = request?.Points;
        if (points is null || points.Count == 0)
        {
            errors["points"] = ["Give at least one point as {\"lon\": …, \"lat\": …}."];
        }
        else if (points.Count > LocateQueries.MaxBatch)
        {
            errors["points"] = [$"At most {LocateQueries.MaxBatch} points per request; this one has {points.Count}."];
        }
        else
        {
            for (var i = 0; i < points.Count && errors.Count < 20; i++)
            {
                CheckRange($"points[{i}].lon", points[i]?.Lon, 180, errors);
                CheckRange($"points[{i}].lat", points[i]?.Lat, 90, errors);
            }
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "The points cannot be located.");
        }

        var wgs = points!.Select(p => CoordinateConversion.ToWgs84(system, p!.Lon!.Value, p.Lat!.Value)).ToList();
        var locations = await queries.LocateManyAsync(wgs, cancellationToken);
        var answers = locations.Select((l, i) => l is null ? null : new LocateAnswer(new LocatePoint(wgs[i].Lon, wgs[i].Lat), l)).ToList();
        return Results.Ok(new LocateBatchAnswer(answers.Count(a => a is not null), answers.Count(a => a is null), answers));
    }

    private static double ParseCoordinate(string field, string? text, double limit, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            errors[field] = [$"{field} is required."];
            return 0;
        }

        if (!double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            errors[field] = [$"'{text}' is not a number."];
            return 0;
        }

        CheckRange(field, value, limit, errors);
        return value;
    }

    private static void CheckRange(string field, double? value, double limit, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            errors[field] = [$"{field} is required."];
        }
        else if (!double.IsFinite(value.Value))
        {
            errors[field] = [$"{field} must be a finite number."];
        }
        else if (Math.Abs(value.Value) > limit)
        {
            errors[field] = [string.Create(CultureInfo.InvariantCulture, $"{field} must lie between -{limit} and {limit}; got {value}.")];
        }
    }

    private static CoordinateSystem ParseSystem(string? crs, Dictionary<string, string[]> errors)
    {
        if (!CoordinateSystemNames.TryParse(crs, out var system))
        {
            errors["crs"] = [$"Unknown coordinate system '{crs}'. Use wgs84, gcj02 or bd09."];
        }

        return system;
    }
}

internal sealed record LocatePoint(double Lon, double Lat);

internal sealed record LocateAnswer(LocatePoint Wgs84, Location Location);

internal sealed record LocateBatchPoint(double? Lon, double? Lat);

internal sealed record LocateBatchRequest(string? Crs, IReadOnlyList<LocateBatchPoint?>? Points);

internal sealed record LocateBatchAnswer(int Located, int Unlocated, [property: Platform.ApiDocs.ItemsMayBeNull] IReadOnlyList<LocateAnswer?> Results);
