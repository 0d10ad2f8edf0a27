using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Platform.ApiDocs;
using GridOps.Web.Platform.Requests;

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
        var group = app.MapGroup("/api/hierarchy").WithTags("Hierarchy").RequireAuthorization(Can.ImportHierarchy);
        // The framework's check is off because the handler reads its own body; this door's own check is on.
        group.MapPost("/import", ImportAsync).DisableAntiforgery().RequireAntiforgeryOrJson()
            .WithMetadata(new RequestSizeLimitAttribute(MaxUploadBytes), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = MaxUploadBytes })
            .WithSummary("Import the grid hierarchy (all or nothing)")
            .WithDescription("Either GridOps' own GeoJSON (what export gives) as the body, or multipart/form-data with a mapping (JSON naming each layer's "
                + "file and columns) and the layers' GeoJSON files. Every problem is listed and nothing is stored; ?preview=true checks without storing. "
                + "With Accept: application/x-ndjson the answer streams progress lines, then the summary.")
            .WithRequestBody<GeoJsonLayer>("application/geo+json", "application/json")
            .Produces<ImportSummary>().Produces(StatusCodes.Status200OK, contentType: NdJsonProgress.ContentType).ProducesValidationProblem();
        group.MapGet("/export", ExportAsync)
            .WithSummary("Export the current hierarchy as GeoJSON (import takes it back)").Produces<GeoJsonLayer>(contentType: "application/geo+json");
        group.MapPut("/areas/{code}", EditAsync)
            .WithSummary("Edit one area by hand: name, households, population or boundary, with a reason (a new boundary version)")
            .Produces(StatusCodes.Status204NoContent).ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> EditAsync(string code, AreaEdit? edit, AreaEditor editor, HttpContext http, CancellationToken cancellationToken)
    {
        if (edit is null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["Send the edit as a JSON object."] });
        }

        var (found, errors) = await editor.EditAsync(code, edit, http.Viewer(), cancellationToken);
        return errors.Count > 0 ? Results.ValidationProblem(errors, title: "The edit was not accepted; nothing changed.")
            : !found ? Results.Problem(statusCode: 404, title: $"There is no current area '{code}'.")
            : Results.NoContent();
    }

    private static async Task<IResult> ImportAsync(HttpContext http, HierarchyImporter importer, CancellationToken cancellationToken)
    {
        if (NdJsonProgress.IsAskedFor(http.Request))
        {
            await ImportWithProgressAsync(http, importer, cancellationToken);
            return Results.Empty;
        }

        try
        {
            return Results.Ok(await RunImportAsync(http.Request, importer, progress: null, cancellationToken));
        }
        catch (Exception e) when (e is InvalidDataException or BadHttpRequestException)
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The upload could not be read.", detail: e.Message);
        }
        catch (ImportRejectedException e)
        {
            return Results.ValidationProblem(Errors(e), title: "The import was refused; nothing was stored.",
                statusCode: StatusCodes.Status422UnprocessableEntity);
        }
        catch (HierarchyWriteForbiddenException e)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: e.Message);
        }
    }

    /// <summary>
    /// With <c>Accept: application/x-ndjson</c> a long import reports as it goes: one
    /// <c>{"progress": …}</c> line per step, then <c>{"summary": …}</c> or <c>{"refused": …}</c>.
    /// The status is 200 from the first line on, so the last line carries the outcome.
    /// </summary>
    private static Task ImportWithProgressAsync(HttpContext http, HierarchyImporter importer, CancellationToken cancellationToken) =>
        NdJsonProgress.StreamAsync(http, async progress => new { summary = await RunImportAsync(http.Request, importer, progress, cancellationToken) },
            e => e switch
            {
                ImportRejectedException refused => new { refused = new { title = "The import was refused; nothing was stored.", errors = Errors(refused) } },
                HierarchyWriteForbiddenException forbidden => new { refused = new { title = forbidden.Message, status = StatusCodes.Status403Forbidden } },
                InvalidDataException or BadHttpRequestException => new { refused = new { title = "The upload could not be read.", detail = e.Message } },
                _ => (object?)null,
            },
            cancellationToken);

    private static async Task<ImportSummary> RunImportAsync(HttpRequest request, HierarchyImporter importer, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var summary = request.HasFormContentType
            ? await ImportMultipartAsync(request, importer, progress, cancellationToken)
            : await ImportNativeAsync(request, importer, progress, cancellationToken);
        // A refused import stored nothing and throws before this line; a stored one is an administrator's change.
        if (summary.Preview)
        {
            return summary;
        }

        await request.HttpContext.RequestServices.GetRequiredService<AuditTrail>().WriteAsync(request.HttpContext.Viewer().ActorName, "hierarchy-imported",
            summary.DistrictCode, string.Join(", ", summary.Areas.Select(a => $"{a.Key} {a.Value}")), cancellationToken);
        return summary;
    }

    private static Dictionary<string, string[]> Errors(ImportRejectedException e) =>
        e.Problems.GroupBy(p => p.Where).ToDictionary(g => g.Key, g => g.Select(p => p.Reason).ToArray());

    private static async Task<ImportSummary> ImportNativeAsync(HttpRequest request, HierarchyImporter importer, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var body = new MemoryStream();
        await request.Body.CopyToAsync(body, cancellationToken);
        body.Position = 0;
        var mapping = ImportMapping.Native("body");
        mapping.RetireMissing = Flag(request, "retireMissing");
        mapping.Preview = Flag(request, "preview");
        return await importer.ImportAsync(mapping, _ => body, progress, cancellationToken, request.HttpContext.Viewer().Scope.CoversDistrict);
    }

    private static async Task<ImportSummary> ImportMultipartAsync(HttpRequest request, HierarchyImporter importer, IProgress<string>? progress, CancellationToken cancellationToken)
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

        // The flags may come in the mapping or beside it, as for a native body.
        mapping.RetireMissing |= Flag(request, "retireMissing") || form["retireMissing"] == "true";
        mapping.Preview |= Flag(request, "preview") || form["preview"] == "true";
        return await importer.ImportAsync(mapping,
            name => form.Files.FirstOrDefault(f => f.FileName == name || f.Name == name)?.OpenReadStream() ?? throw new FileNotFoundException(name),
            progress, cancellationToken, request.HttpContext.Viewer().Scope.CoversDistrict);
    }

    private static bool Flag(HttpRequest request, string name) => string.Equals(request.Query[name], "true", StringComparison.OrdinalIgnoreCase);

    private static async Task ExportAsync(string? district, HttpContext http, HierarchyExporter exporter, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(district))
        {
            await Results.ValidationProblem(new Dictionary<string, string[]> { ["district"] = ["Name the district code to export."] }).ExecuteAsync(http);
            return;
        }

        // Buffer so a missing district can still answer 404 rather than a truncated 200.
        var buffer = new MemoryStream();
        if (!await exporter.ExportAsync(district, buffer, cancellationToken, http.Viewer().Scope.CoversDistrict))
        {
            // Another district's code answers as one that does not exist: the door says nothing about districts out of scope.
            await Results.Problem(statusCode: 404, title: $"There is no district with code '{district}' in your scope.").ExecuteAsync(http);
            return;
        }

        http.Response.ContentType = "application/geo+json";
        http.Response.Headers.ContentDisposition = $"attachment; filename=\"{Uri.EscapeDataString(district)}.geojson\"";
        buffer.Position = 0;
        await buffer.CopyToAsync(http.Response.Body, cancellationToken);
    }
}
