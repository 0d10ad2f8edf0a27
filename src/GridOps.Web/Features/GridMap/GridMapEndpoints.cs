using System.Globalization;
using GridOps.Web.Features.Hierarchy;
using Microsoft.AspNetCore.Http.HttpResults;
using GridOps.Web.Features.Access;
using GridOps.Web.Platform.ApiDocs;

namespace GridOps.Web.Features.GridMap;

internal static class GridMapEndpoints
{
    public static void MapGridMap(this IEndpointRouteBuilder app)
    {
        // Boundaries and names are the shared picture (residents pick their spot on it on /report);
        // what is inside an area — people, incidents — is scoped: see the panel.
        app.MapGet("/tiles/areas/{z:int}/{x:int}/{y:int}.mvt", TileAsync).AllowAnonymous().WithTags("Map")
            .WithSummary("Area boundaries as a Mapbox vector tile (streets, communities, grids, micro-grids by zoom)")
            .Produces(StatusCodes.Status200OK, contentType: "application/vnd.mapbox-vector-tile").Produces(StatusCodes.Status204NoContent).ProducesProblem(StatusCodes.Status400BadRequest);
        app.MapGet("/api/map/labels", LabelsAsync).AllowAnonymous().WithTags("Map")
            .WithSummary("Area names and label points for a level inside a bounding box (bbox=minLon,minLat,maxLon,maxLat)")
            .Produces<IReadOnlyList<MapLabel>>().ProducesValidationProblem();
    }

    private static async Task<IResult> TileAsync(int z, int x, int y, MapTileQueries tiles, HttpContext http, CancellationToken cancellationToken)
    {
        var size = 1 << Math.Clamp(z, 0, 30);
        if (z is < 0 or > 22 || x < 0 || y < 0 || x >= size || y >= size)
        {
            return Results.Problem(statusCode: 400, title: $"There is no tile {z}/{x}/{y}.");
        }

        var tile = await tiles.TileAsync(z, x, y, cancellationToken);
        // Boundaries change only on import: a short cache spares repeat pans without hiding an import for long.
        http.Response.Headers.CacheControl = "public, max-age=60";
        return tile.Length == 0 ? Results.NoContent() : Results.Bytes(tile, "application/vnd.mapbox-vector-tile");
    }

    private static async Task<IResult> LabelsAsync(string? level, string? bbox, MapTileQueries tiles, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Enum.TryParse<AreaLevel>(level, ignoreCase: true, out var parsedLevel) || !Enum.IsDefined(parsedLevel))
        {
            errors["level"] = ["Use street, community, grid or microGrid."];
        }

        var box = (bbox ?? "").Split(',').Select(p => double.TryParse(p, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v : double.NaN).ToArray();
        if (box.Length != 4 || box.Any(v => !double.IsFinite(v)))
        {
            errors["bbox"] = ["Give minLon,minLat,maxLon,maxLat."];
        }

        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors);
        }

        return Results.Ok(await tiles.LabelsAsync(parsedLevel, box, cancellationToken));
    }

}
