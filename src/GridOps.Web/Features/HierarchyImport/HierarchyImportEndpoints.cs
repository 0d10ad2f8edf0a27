using System.Text.Json;
using Microsoft.AspNetCore.Mvc;

namespace GridOps.Web.Features.HierarchyImport;

/// <summary>
/// POST /api/hierarchy/import: a GridOps GeoJSON body, or a multipart form with a "mapping" part
/// and the files it names. GET /api/hierarchy/export?district=CODE: the district as GeoJSON.
/// </summary>
internal static class HierarchyImportEndpoints
{
    private const long MaxUploadBytes = 256L * 1024 * 1024;

    public static void MapHierarchyImport(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/hierarchy").WithTags("Hierarchy");
        group.MapPost("/import", ImportAsync).DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(MaxUploadBytes), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = MaxUploadBytes });
        group.MapGet("/export", ExportAsync);
    }

    private static async Task<IResult> ImportAsync(HttpRequest request, HierarchyImporter importer, CancellationToken cancellationToken)
    {
        try
        {
            var summary = request.HasFormContentType
                ? await ImportMultipartAsync(request, importer, cancellationToken)
                : await ImportNativeAsync(request, importer, cancellationToken);
            return Results.Ok(summary);
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The upload could not be read.", detail: e.Message);
        }
        catch (ImportRejectedException e)
        {
            var errors = e.Problems.GroupBy(p => p.Where).ToDictionary(g => g.Key, g => g.Select(p => p.Reason).ToArray());
            return Results.ValidationProblem(errors, title: "The import was refused; nothing was stored.",
                statusCode: StatusCodes.Status422UnprocessableEntity);
        }
    }

    private static async Task<ImportSummary> ImportNativeAsync(HttpRequest request, HierarchyImporter importer, CancellationToken cancellationToken)
    {
        var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        body.Position = 0;
        return await importer.ImportAsync(ImportMapping.Native("body"), _ => body, progress: null, cancellationToken);
    }

    private static async Task<ImportSummary> ImportMultipartAsync(HttpRequest request, HierarchyImporter importer, CancellationToken cancellationToken)
    {
        var form = await request.ReadFormAsync(cancellationToken);
        ImportMapping mapping;
        try
        {
            mapping = form.TryGetValue("mapping", out var text) ? ImportMapping.Parse(text.ToString())
                : form.Files.GetFile("mapping") is { } file ? ImportMapping.Parse(await new StreamReader(file.OpenReadStream()).ReadToEndAsync(cancellationToken))
                : throw new ImportRejectedException([new ImportProblem("mapping", null, null, "the form has no 'mapping' part.")]);
        }
        catch (JsonException e)
        {
            throw new ImportRejectedException([new ImportProblem("mapping", null, null, $"is not a valid mapping: {e.Message}")]);
        }

        return await importer.ImportAsync(mapping,
            name => form.Files.FirstOrDefault(f => f.FileName == name || f.Name == name)?.OpenReadStream() ?? throw new FileNotFoundException(name),
            progress: null, cancellationToken);
    }

    private static async Task ExportAsync(string? district, HttpContext http, HierarchyExporter exporter, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(district))
        {
            await Results.ValidationProblem(new Dictionary<string, string[]> { ["district"] = ["Name the district code to export."] }).ExecuteAsync(http);
            return;
        }

        // Buffer so a missing district can still answer 404 rather than a truncated 200.
        var buffer = new MemoryStream();
        if (!await exporter.ExportAsync(district, buffer, cancellationToken))
        {
            await Results.Problem(statusCode: 404, title: $"There is no district with code '{district}'.").ExecuteAsync(http);
            return;
        }

        http.Response.ContentType = "application/geo+json";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{Uri.EscapeDataString(district)}.geojson\"";
        buffer.Position = 0;
        await buffer.CopyToAsync(http.Response.Body, cancellationToken);
    }
}
