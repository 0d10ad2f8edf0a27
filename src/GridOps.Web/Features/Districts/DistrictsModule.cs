using GridOps.Web.Features.Access;

namespace GridOps.Web.Features.Districts;

/// <summary>GET and PUT /api/districts/{code}/settings: what a district sets for itself (issue 20).</summary>
internal static class DistrictsModule
{
    public static WebApplicationBuilder AddDistricts(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton<DistrictSettingsStore>();
        builder.Services.AddSingleton<DistrictZones>();
        builder.Services.AddScoped<ReaderZone>();
        return builder;
    }

    public static void MapDistricts(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/districts/{code}/settings").WithTags("Districts").RequireAuthorization(Can.ImportHierarchy);
        group.MapGet("", GetAsync)
            .WithSummary("A district's own settings (the snap tolerance for reports just outside every grid, its time zone, its words for its levels, the calendar and office hours its time limits count)")
            .Produces<DistrictSettings>().ProducesProblem(StatusCodes.Status404NotFound);
        group.MapPut("", EditAsync)
            .WithSummary("Change a district's settings; fields left out stay as they are")
            .WithDescription("snapToleranceMetres: a report within this many metres of a grid but inside none goes to the nearest grid, marked with the distance; 0 never snaps (at most 200). "
                + "timeZone: the district's IANA zone, for its ticket numbers, Open311 times, the CSV export and history without offsets; \"\" goes back to GridOps' own. "
                + "levelNames: what the district calls its levels, by language (zh-CN, en) then level (District, Street, Community, Grid, MicroGrid), e.g. {\"en\": {\"Street\": \"Borough\"}}; {} goes back to GridOps' words. "
                + "calendar: the working calendar its time limits count — its own (named by its code, edited by its administrators), a shared one (e.g. \"US\", edited by administrators of the whole database) or \"\" for GridOps' own. "
                + "hours: the office hours its time limits count, e.g. \"08:30-12:00,13:30-17:30\" (\"00:00-24:00\" the whole working day; \"\" GridOps' own). A limit of whole days counts that many of its working days.")
            .Produces<DistrictSettings>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<IResult> GetAsync(string code, DistrictSettingsStore store, HttpContext http, CancellationToken cancellationToken) =>
        await store.GetAsync(code, http.Viewer(), cancellationToken) is { } settings ? Results.Ok(settings) : NoDistrict(code);

    private static async Task<IResult> EditAsync(string code, DistrictSettingsEdit? edit, DistrictSettingsStore store, HttpContext http, CancellationToken cancellationToken)
    {
        if (edit is null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = ["Send the change as a JSON object, e.g. {\"snapToleranceMetres\": 30}."] });
        }

        var (settings, errors) = await store.EditAsync(code, edit, http.Viewer(), cancellationToken);
        return errors.Count > 0 ? Results.ValidationProblem(errors, title: "The settings were not changed.")
            : settings is null ? NoDistrict(code)
            : Results.Ok(settings);
    }

    // Another district's code answers as one that does not exist: the door says nothing about districts out of scope.
    private static IResult NoDistrict(string code) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: $"There is no district '{code}' in your scope.");
}
