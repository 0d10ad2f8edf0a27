using GridOps.Web.Features.Access;
using GridOps.Web.Features.Locate;
using GridOps.Web.Platform.ApiDocs;
using Microsoft.AspNetCore.Mvc;

namespace GridOps.Web.Features.Incidents;

/// <summary>The incident REST API: report (idempotent), list, read, and act on the closed loop.</summary>
internal static class IncidentEndpoints
{
    public static void MapIncidents(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/incidents").WithTags("Incidents");
        group.MapPost("", ReportAsync).RequireRateLimiting(IncidentsModule.IntakePolicy).RequireAuthorization(Can.ReportIncident)
            .WithSummary("Report an incident")
            .WithDescription("Located in the grid hierarchy, tiered by the four-colour list and started on the closed loop. "
                + "Idempotent: the same Idempotency-Key (or a channel's sourceRef) answers the first report again with 200.")
            .Produces<IncidentDto>(StatusCodes.Status201Created).Produces<IncidentDto>(StatusCodes.Status200OK)
            .ProducesValidationProblem().ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithRequestExample(IncidentApiExamples.Report).WithResponseExample(StatusCodes.Status201Created, IncidentApiExamples.Incident);
        group.MapGet("", ListAsync).RequireAuthorization(Can.ReadIncidents)
            .WithSummary("List incidents in the caller's scope")
            .WithDescription("Filters (query): state, tier, category, source, area (a street, community or grid code), timeliness, unlocated, from, to; sort (newest by default; reported = oldest first, due / -due, tier = red first / -tier), page, pageSize.")
            .Produces<IncidentPage>().ProducesValidationProblem();
        group.MapGet("/counts/grids", async (IncidentQueries queries, HttpContext http, CancellationToken ct) => Results.Ok(await queries.CountByGridAsync(http.Viewer(), ct)))
            .RequireAuthorization(Can.ReadIncidents)
            .WithSummary("Open and overdue incidents per grid, in the caller's scope").Produces<IReadOnlyList<GridCount>>();
        group.MapGet("/{ticketNo}", GetAsync).RequireAuthorization(Can.ReadIncidents)
            .WithSummary("One incident by ticket number").Produces<IncidentDto>().ProducesProblem(StatusCodes.Status404NotFound)
            .WithResponseExample(StatusCodes.Status200OK, IncidentApiExamples.IncidentRead);
        group.MapGet("/{ticketNo}/events", GetEventsAsync).RequireAuthorization(Can.ReadIncidents)
            .WithSummary("An incident's timeline: every event of the closed loop").Produces<IReadOnlyList<IncidentEventDto>>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPost("/{ticketNo}/{action}", ActAsync).RequireAuthorization(Can.ActOnIncidents)
            .WithSummary("Take an action of the closed loop")
            .WithDescription("action: accept, dispatch, whistle, reportIn, startHandling, reportBack, close, evaluate, return, rework, requestExtension, "
                + "approveExtension, rejectExtension, suspend, resume, void, merge, retier. The version (or If-Match) must be the one the caller saw: "
                + "409 with the current incident when someone acted first; 422 with a code when the loop does not allow it now.")
            .Produces<IncidentDto>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict).ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .WithRequestExample(IncidentApiExamples.Dispatch);
        app.MapGet("/photos/{id:guid}", GetPhotoAsync).RequireAuthorization(Can.ReadIncidents).WithTags("Incidents")
            .WithSummary("A photo of an incident (JPEG, PNG or WebP)").Produces(StatusCodes.Status200OK, contentType: "image/jpeg").ProducesProblem(StatusCodes.Status404NotFound);
        app.MapGet("/incidents/export.csv", IncidentCsvExport.WriteAsync).RequireAuthorization(Can.ReadIncidents).WithTags("Incidents")
            .WithSummary("The filtered incident list as CSV (UTF-8 with BOM, for spreadsheets)").Produces(StatusCodes.Status200OK, contentType: "text/csv");
    }

    private static async Task<IResult> ReportAsync(
        ReportIncidentRequest? request, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey,
        ReportIncidentHandler handler, IncidentQueries queries, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (request is null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["Send the report as a JSON object."] });
        }

        if (!CoordinateSystemNames.TryParse(request.Crs, out var crs))
        {
            errors["crs"] = ["crs must be wgs84, gcj02 or bd09."];
        }

        var source = RequestParsing.Enum<IncidentSource>(request.Source, "source", errors) ?? IncidentSource.Api;
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "The report was not accepted.");
        }

        var outcome = await handler.HandleAsync(new ReportIncidentCommand
        {
            Source = source,
            Actor = http.Viewer().ActorName,
            Category = request.Category,
            Title = request.Title,
            Description = request.Description,
            Address = request.Address,
            Lon = request.Lon,
            Lat = request.Lat,
            Crs = crs,
            ReportedAt = request.ReportedAt,
            ReporterName = request.ReporterName,
            ReporterContact = request.ReporterContact,
            SourceRef = request.SourceRef,
            IdempotencyKey = idempotencyKey,
            District = request.District,
            Reporter = http.Viewer(),
        }, cancellationToken);
        return await ReportResultAsync(outcome, queries, time, cancellationToken);
    }

    internal static async Task<IResult> ReportResultAsync(ReportOutcome outcome, IncidentQueries queries, TimeProvider time, CancellationToken cancellationToken)
    {
        switch (outcome.Status)
        {
            case ReportStatus.Rejected:
                return Results.ValidationProblem(outcome.Errors, title: "The report was not accepted.");
            case ReportStatus.KeyReused:
                return Results.ValidationProblem(outcome.Errors, title: "The Idempotency-Key was already used for a different report.",
                    statusCode: StatusCodes.Status422UnprocessableEntity);
        }

        var codes = outcome.AreaCodes ?? await queries.AreaCodesAsync(outcome.Incident!, cancellationToken);
        // The reporter (or their replay) gets the status code; nobody reads it back from the incident later.
        var dto = IncidentDto.From(outcome.Incident!, codes, time.GetUtcNow()) with { StatusCode = outcome.Incident!.StatusSecret };
        return outcome.Status == ReportStatus.Created
            ? Results.Created("/api/incidents/" + dto.TicketNo, dto)
            : Results.Ok(dto);
    }

    private static async Task<IResult> ListAsync(HttpContext http, IncidentQueries queries, CancellationToken cancellationToken)
    {
        var (filter, errors) = IncidentFilterQuery.Parse(http.Request.Query);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "The filter is not valid.");
        }

        return Results.Ok(await queries.ListAsync(filter, http.Viewer(), cancellationToken));
    }

    private static async Task<IResult> GetAsync(string ticketNo, IncidentQueries queries, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        var incident = await queries.FindAsync(ticketNo, http.Viewer(), cancellationToken);
        return incident is null
            ? NotFound(ticketNo)
            : Results.Ok(IncidentDto.From(incident, await queries.AreaCodesAsync(incident, cancellationToken), time.GetUtcNow()));
    }

    private static async Task<IResult> GetEventsAsync(string ticketNo, IncidentQueries queries, HttpContext http, CancellationToken cancellationToken)
    {
        var events = await queries.GetEventsAsync(ticketNo, http.Viewer(), cancellationToken);
        return events is null
            ? NotFound(ticketNo)
            : Results.Ok(events.Select(e => new IncidentEventDto(e.Seq, e.OccurredAt, e.RecordedAt, e.Actor, e.Action, e.Reason, e.Payload)));
    }

    private static async Task<IResult> ActAsync(
        string ticketNo, string action, IncidentActionRequest? request, [FromHeader(Name = "If-Match")] string? ifMatch,
        ChangeIncidentHandler handler, IncidentQueries queries, TimeProvider time, HttpContext http, CancellationToken cancellationToken)
    {
        request ??= new IncidentActionRequest(null, null, null, null, null, null, null, null, null, null, null, null);
        if (request.Version is null && int.TryParse(ifMatch?.Trim('"', ' ', 'W', '/'), out var version))
        {
            request = request with { Version = version };
        }

        var outcome = await handler.HandleAsync(ticketNo, action, request, [], http.Viewer(), cancellationToken);
        return await ChangeResultAsync(ticketNo, outcome, queries, time, cancellationToken);
    }

    private static async Task<IResult> ChangeResultAsync(string ticketNo, ChangeOutcome outcome, IncidentQueries queries, TimeProvider time, CancellationToken cancellationToken)
    {
        if (outcome.Errors.Count > 0)
        {
            return Results.ValidationProblem(outcome.Errors, title: "The action was not accepted.");
        }

        if (outcome.Status == ChangeStatus.NotFound)
        {
            return NotFound(ticketNo);
        }

        if (outcome.Status == ChangeStatus.Forbidden)
        {
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Your role may not take this action.",
                detail: $"Taking '{outcome.Incident!.TicketNo}' further this way needs another role.");
        }

        var current = IncidentDto.From(outcome.Incident!, await queries.AreaCodesAsync(outcome.Incident!, cancellationToken), time.GetUtcNow());
        return outcome.Status switch
        {
            ChangeStatus.Changed => Results.Ok(current),
            ChangeStatus.Stale => Results.Problem(statusCode: StatusCodes.Status409Conflict,
                title: "The incident has changed since you saw it.",
                detail: $"You acted on version {current.Version - 1} or earlier; it is now at version {current.Version}. Review the current state and try again.",
                extensions: new Dictionary<string, object?> { ["current"] = current }),
            _ => Results.Problem(statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The action is not allowed.",
                detail: outcome.Refusal!.Message,
                extensions: new Dictionary<string, object?> { ["code"] = outcome.Refusal.Code, ["current"] = current }),
        };
    }

    internal static async Task<IResult> GetPhotoAsync(Guid id, IncidentQueries queries, HttpContext http, CancellationToken cancellationToken)
    {
        var photo = await queries.GetPhotoAsync(id, http.Viewer(), cancellationToken);
        if (photo is null)
        {
            return Results.NotFound();
        }

        // Bytes were checked on upload; nosniff keeps a browser from reading them as anything else.
        http.Response.Headers.XContentTypeOptions = "nosniff";
        http.Response.Headers.ContentSecurityPolicy = "default-src 'none'; sandbox";
        http.Response.Headers.CacheControl = "private, max-age=86400, immutable";
        return Results.File(photo.Content, photo.ContentType);
    }

    private static IResult NotFound(string ticketNo) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such incident.", detail: $"No incident has the ticket number '{ticketNo}'.");
}
