using GridOps.Web.Features.Access;
using GridOps.Web.Features.Jobs;
using GridOps.Web.Features.Locate;
using GridOps.Web.Features.WorkingTime;
using Microsoft.AspNetCore.Mvc;
using GridOps.Web.Platform.ApiDocs;

namespace GridOps.Web.Features.Patrols;

/// <summary>Patrols (巡查走访): check-ins from the phone, the monthly plan, today's map layer.</summary>
internal static class PatrolsModule
{
    public static WebApplicationBuilder AddPatrols(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<PatrolOptions>(builder.Configuration.GetSection("Patrols"));
        builder.Services.AddSingleton<PatrolService>();
        builder.Services.AddSingleton<PatrolQueries>();
        builder.Services.AddSingleton<PatrolPlans>();
        builder.AddJob<PublishPatrolPlanJob>(PublishPatrolPlanJob.Name, "On the 1st: the month's patrol plan per grid (hourly on the 1st and 2nd: each district's own 1st)",
            builder.InDistrict("0 1 * 1,2 * *"));
        return builder;
    }

    public static WebApplication MapPatrols(this WebApplication app)
    {
        app.MapPost("/api/patrols", CheckInAsync).RequireAuthorization(Can.Patrol).WithTags("Patrols")
            .WithSummary("A grid worker checks in on patrol (outside the own grid is kept and marked)")
            .Produces<PatrolRecord>(StatusCodes.Status201Created)
            .ProducesValidationProblem().ProducesValidationProblem(StatusCodes.Status422UnprocessableEntity)
            .WithRequestExample("""{ "lon": 112.977679, "lat": 28.214291, "crs": "wgs84", "accuracy": 12.5, "note": "东门巡查，无异常" }""");
        app.MapGet("/api/patrols", ListAsync).RequireAuthorization(Can.ReadIncidents).WithTags("Patrols")
            .WithSummary("Patrol check-ins on a day (date=yyyy-MM-dd, the district's today by default) in the caller's scope")
            .Produces<IReadOnlyList<PatrolRecord>>().ProducesValidationProblem();
        app.MapGet("/api/map/patrols", GeoJsonAsync).RequireAuthorization(Can.ReadIncidents).WithTags("Map")
            .WithSummary("A day's patrol check-ins as GeoJSON points").Produces<GeoJsonLayer>(contentType: "application/geo+json").ProducesValidationProblem();
        return app;
    }

    /// <summary>The JSON a phone or another system posts.</summary>
    public sealed record CheckInRequest(double? Lon, double? Lat, string? Crs, double? Accuracy, string? Note);

    private static async Task<IResult> CheckInAsync(CheckInRequest? request, [FromHeader(Name = "Idempotency-Key")] string? key,
        PatrolService patrols, HttpContext http, CancellationToken cancellationToken)
    {
        if (request is null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["Send the check-in as a JSON object."] });
        }

        if (!CoordinateSystemNames.TryParse(request.Crs, out var crs))
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["crs"] = ["crs must be wgs84, gcj02 or bd09."] });
        }

        var result = await patrols.CheckInAsync(http.Viewer(), new PatrolCheckIn(request.Lon, request.Lat, crs, request.Accuracy, request.Note, key), cancellationToken);
        return result.Outcome switch
        {
            PatrolOutcome.Recorded => Results.Created($"/api/patrols/{result.Patrol!.Id}", result.Patrol),
            PatrolOutcome.NoGrid => Results.ValidationProblem(result.Errors, title: "The check-in was not accepted.", statusCode: StatusCodes.Status422UnprocessableEntity),
            _ => Results.ValidationProblem(result.Errors, title: "The check-in was not accepted."),
        };
    }

    private static async Task<IResult> ListAsync(string? date, PatrolQueries queries, Districts.DistrictZones zones, TimeProvider clock,
        HttpContext http, CancellationToken cancellationToken) =>
        await ParseDayAsync(date, zones, clock, http, cancellationToken) is { } day
            ? Results.Ok(await queries.OnDayAsync(http.Viewer().Scope, day, 5_000, cancellationToken))
            : BadDate();

    private static async Task<IResult> GeoJsonAsync(string? date, PatrolQueries queries, Districts.DistrictZones zones, TimeProvider clock,
        HttpContext http, CancellationToken cancellationToken) =>
        await ParseDayAsync(date, zones, clock, http, cancellationToken) is { } day
            ? Results.Json(await queries.OnDayGeoJsonAsync(http.Viewer().Scope, day, cancellationToken), contentType: "application/geo+json")
            : BadDate();

    /// <summary>The local day asked for; today in the asker's district when absent.</summary>
    private static async Task<DateOnly?> ParseDayAsync(string? date, Districts.DistrictZones zones, TimeProvider clock, HttpContext http, CancellationToken cancellationToken) =>
        string.IsNullOrEmpty(date) ? Components.Shared.LocalTime.DateOf(clock.GetUtcNow(), await zones.OfScopeAsync(http.Viewer().Scope, cancellationToken))
        : DateOnly.TryParseExact(date, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.None, out var day) ? day : null;

    private static IResult BadDate() =>
        Results.ValidationProblem(new Dictionary<string, string[]> { ["date"] = ["Give the day as yyyy-MM-dd."] });
}
