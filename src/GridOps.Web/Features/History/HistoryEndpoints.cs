using System.Text.Json;
using GridOps.Web.Features.Access;
using GridOps.Web.Platform.Requests;
using Microsoft.AspNetCore.Mvc;

namespace GridOps.Web.Features.History;

/// <summary>
/// POST /api/history/import: multipart/form-data with a "mapping" part (JSON) and a "file" part (CSV or NDJSON).
/// All or nothing; with Accept: application/x-ndjson the answer streams progress lines, then the summary.
/// </summary>
internal static class HistoryEndpoints
{
    private const long MaxUploadBytes = 4L * 1024 * 1024 * 1024;

    public static void MapHistory(this IEndpointRouteBuilder app)
    {
        app.MapPost("/api/history/import", ImportAsync).RequireAuthorization(Can.ImportHistory).WithTags("History")
            .DisableAntiforgery().RequireAntiforgeryOrJson()
            .WithMetadata(new RequestSizeLimitAttribute(MaxUploadBytes), new RequestFormLimitsAttribute { MultipartBodyLengthLimit = MaxUploadBytes })
            .WithSummary("Import a district's history: closed incidents with their real times (all or nothing)")
            .WithDescription("multipart/form-data with a 'mapping' (JSON: district, format, columns, timeFormat, timeZone, categories, evaluations) and "
                + "a 'file' (CSV with a header row, or NDJSON). Every refused line is listed and nothing is stored; preview in the mapping checks without storing. "
                + "No alert and no live event is raised; the finished months the history touches are scored again. docs/history.md.")
            .Produces<HistorySummary>().Produces(StatusCodes.Status200OK, contentType: NdJsonProgress.ContentType).ProducesValidationProblem();
    }

    private static async Task<IResult> ImportAsync(HttpContext http, HistoryImporter importer, CancellationToken cancellationToken)
    {
        if (!http.Request.HasFormContentType)
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send multipart/form-data with a 'mapping' and a 'file'.");
        }

        var form = await http.Request.ReadFormAsync(cancellationToken);
        HistoryMapping mapping;
        try
        {
            mapping = HistoryMapping.Parse(form["mapping"].ToString() is { Length: > 0 } text ? text
                : form.Files.GetFile("mapping") is { } part ? await new StreamReader(part.OpenReadStream()).ReadToEndAsync(cancellationToken) : "");
        }
        catch (JsonException e)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["mapping"] = [$"is not a valid history mapping: {e.Message}"] });
        }

        if (form.Files.GetFile("file") is not { } file)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["file"] = ["The form has no 'file' part."] });
        }

        var viewer = http.Viewer();
        Task<HistorySummary> Run(IProgress<string>? progress) =>
            importer.ImportAsync(mapping, file.OpenReadStream(), viewer.ActorName, progress, viewer.Scope.CoversDistrict, cancellationToken);
        if (!NdJsonProgress.IsAskedFor(http.Request))
        {
            try
            {
                var summary = await Run(null);
                await AuditAsync(http, summary, cancellationToken);
                return Results.Ok(summary);
            }
            catch (HistoryRejectedException e)
            {
                return Results.ValidationProblem(Errors(e), title: "The history was refused; nothing was stored.", statusCode: StatusCodes.Status422UnprocessableEntity);
            }
        }

        await NdJsonProgress.StreamAsync(http, async progress =>
            {
                var summary = await Run(progress);
                await AuditAsync(http, summary, cancellationToken);
                return new { summary };
            },
            e => e is HistoryRejectedException refused ? new { refused = new { title = "The history was refused; nothing was stored.", errors = Errors(refused) } } : null,
            cancellationToken);
        return Results.Empty;
    }

    private static async Task AuditAsync(HttpContext http, HistorySummary summary, CancellationToken cancellationToken)
    {
        if (!summary.Preview)
        {
            await http.RequestServices.GetRequiredService<AuditTrail>().WriteAsync(http.Viewer().ActorName, "history-imported", summary.District,
                $"{summary.Incidents} incidents, {summary.Events} events, months {string.Join(" ", summary.Months)}", cancellationToken);
        }
    }

    private static Dictionary<string, string[]> Errors(HistoryRejectedException e) =>
        e.Problems.GroupBy(p => p.Where).ToDictionary(g => g.Key, g => g.Select(p => p.Reason).ToArray());
}
