using System.Globalization;
using System.Text;
using GridOps.Web.Features.Access;
using GridOps.Web.Platform.ApiDocs;

namespace GridOps.Web.Features.WorkingTime;

/// <summary>A working calendar as data: which, who counts it, what it holds and until when, whether the reader may change it.</summary>
public sealed record CalendarAnswer(string Calendar, string TimeZone, string Hours, DateOnly? CoveredUntil, bool RunsOutSoon, bool MayEdit,
    IReadOnlyList<CalendarDistrict> Districts, IReadOnlyList<CalendarDay> Days);

/// <summary>GET /api/calendar, PUT /api/calendar/years/{year}, POST /api/calendar/ics — administrators; <c>?calendar=</c> names one.</summary>
internal static class CalendarEndpoints
{
    public static void MapCalendar(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/calendar").WithTags("Working calendar").RequireAuthorization(Can.ImportHierarchy);
        group.MapGet("", GetAsync)
            .WithSummary("A working calendar: the districts counting it (zone, office hours), its holidays and make-up days, and until when it is known")
            .WithDescription("calendar names one (\"default\" is GridOps' own; a district's code its own; any other name a shared one such as \"US\"); "
                + "without it, the calendar the reader's district counts. year filters the days to one year. runsOutSoon is true within two months of "
                + "coveredUntil: time limits past it count Monday–Friday only. Another district's own calendar answers 404.")
            .Produces<CalendarAnswer>().ProducesProblem(StatusCodes.Status404NotFound);
        // No route constraint on the year: "x" must meet the door's check (401/403) before it is called a bad year (400).
        // GridOps' own and shared calendars: administrators of the whole database; a district's own: also its administrators.
        group.MapPut("/years/{year}", PutYearAsync).RequireAuthorization(Can.EditCatalogue)
            .WithSummary("Replace one year's holidays and make-up working days of a calendar (all or nothing)")
            .WithDescription("The body is the year as the shipped files give it: {\"year\", \"source\", \"holidays\": [{\"from\", \"to\", \"name\"}], \"makeUpWorkdays\": [{\"day\", \"name\"}]}. "
                + "calendar as for GET; a calendar not held yet is begun by its first year.")
            .Produces<CalendarAnswer>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPost("/ics", ImportIcsAsync).RequireAuthorization(Can.EditCatalogue).DisableAntiforgery()
            .WithSummary("Import holidays and make-up days from an iCalendar (.ics) file into a calendar; each year it touches is replaced (all or nothing)")
            .WithDescription("One all-day VEVENT per holiday (DTEND exclusive) or make-up day; a make-up working day says X-GRIDOPS-WORKING:TRUE or has 班 or \"workday\" in its SUMMARY. calendar as for GET.")
            // Documented, not enforced by routing: a content-type constraint would answer 415 before the door's own check.
            .WithRequestBody<string>("text/calendar").Produces<CalendarAnswer>().ProducesValidationProblem().ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static async Task<IResult> AnswerAsync(CalendarAccess access, TimeProvider time, Viewer viewer, string? calendar, int? year,
        CancellationToken cancellationToken)
    {
        if (await access.ViewAsync(viewer, calendar, cancellationToken) is not { } view)
        {
            return NoCalendar(calendar);
        }

        var shown = view.Calendar;
        return Results.Ok(new CalendarAnswer(view.Code, shown.Zone.Id, shown.Hours.ToString(), shown.CoveredUntil,
            shown.RunsOutSoon(shown.LocalDate(time.GetUtcNow())) is not null, view.MayEdit, view.Districts,
            [.. shown.Days.Where(d => year is null || d.Day.Year == year)]));
    }

    private static Task<IResult> GetAsync(string? calendar, int? year, CalendarAccess access, TimeProvider time, HttpContext http, CancellationToken cancellationToken) =>
        AnswerAsync(access, time, http.Viewer(), calendar, year, cancellationToken);

    private static async Task<IResult> PutYearAsync(int year, string? calendar, CalendarYear? body, CalendarEditing editing, CalendarAccess access, TimeProvider time,
        HttpContext http, CancellationToken cancellationToken)
    {
        if (await ChosenAsync(access, http.Viewer(), calendar, cancellationToken) is not { } code)
        {
            return NotYours(calendar);
        }

        var errors = await editing.StoreYearAsync(code, year, body, http.Viewer(), cancellationToken);
        return errors.Count > 0
            ? Results.ValidationProblem(errors, title: "The year was not stored; the calendar is as it was.")
            : await AnswerAsync(access, time, http.Viewer(), code, year, cancellationToken);
    }

    private static async Task<IResult> ImportIcsAsync(HttpRequest request, string? calendar, CalendarEditing editing, CalendarAccess access, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var viewer = request.HttpContext.Viewer();
        if (await ChosenAsync(access, viewer, calendar, cancellationToken) is not { } code)
        {
            return NotYours(calendar);
        }

        if (request.ContentLength is > MaxIcsBytes)
        {
            return TooLarge();
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[MaxIcsBytes + 1];
        var read = await reader.ReadBlockAsync(buffer, cancellationToken);
        if (read > MaxIcsBytes)
        {
            return TooLarge();
        }

        var problems = await editing.ImportIcsAsync(code, new string(buffer, 0, read), viewer, cancellationToken);
        return problems.Count > 0
            ? Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [.. problems] }, title: "The file was not imported; the calendar is as it was.")
            : await AnswerAsync(access, time, viewer, code, null, cancellationToken);
    }

    // The calendar a change is for (none named: the one the changer's district counts), when they may change it.
    private static async Task<string?> ChosenAsync(CalendarAccess access, Viewer viewer, string? calendar, CancellationToken cancellationToken) =>
        await access.ViewAsync(viewer, calendar, cancellationToken) is { MayEdit: true } view ? view.Code : null;

    private static IResult NoCalendar(string? calendar) => Results.Problem(statusCode: StatusCodes.Status404NotFound,
        title: $"There is no calendar '{Shown(calendar)}' you may read: a calendar is named by 1–64 characters without spaces or control characters; another district's own is not yours.");

    private static IResult NotYours(string? calendar) =>
        Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: CalendarEditing.NotYours, detail: $"calendar: '{Shown(calendar)}'");

    // A name as the reader sent it, cut short and without control characters (it is echoed into the answer).
    private static string Shown(string? calendar) =>
        calendar is null ? "" : new string([.. calendar.Take(40).Select(c => char.IsControl(c) ? '?' : c)]);

    /// <summary>The most an iCalendar file may hold, on the page as over the API.</summary>
    public const int MaxIcsBytes = 1024 * 1024;

    private static IResult TooLarge() =>
        Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"An iCalendar file of at most {MaxIcsBytes / 1024} KB."] });
}
