using System.Globalization;
using System.Text;
using GridOps.Web.Features.Access;
using GridOps.Web.Platform.ApiDocs;

namespace GridOps.Web.Features.WorkingTime;

/// <summary>The working calendar as data: what it holds and until when, a year replaced, an iCalendar file imported.</summary>
public sealed record CalendarAnswer(string TimeZone, string Hours, DateOnly? CoveredUntil, bool RunsOutSoon, IReadOnlyList<CalendarDay> Days);

/// <summary>GET /api/calendar, PUT /api/calendar/years/{year}, POST /api/calendar/ics — administrators of the district.</summary>
internal static class CalendarEndpoints
{
    public static void MapCalendar(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/calendar").WithTags("Working calendar").RequireAuthorization(Can.ImportHierarchy);
        group.MapGet("", Get)
            .WithSummary("The working calendar: zone, office hours, holidays and make-up days, and until when it is known")
            .WithDescription("year filters the days to one year. runsOutSoon is true within two months of coveredUntil: time limits past it count Monday–Friday only.")
            .Produces<CalendarAnswer>();
        // No route constraint on the year: "x" must meet the door's check (401/403) before it is called a bad year (400).
        // The calendar is every district's: changed by administrators of the whole database only (not import keys).
        group.MapPut("/years/{year}", PutYearAsync).RequireAuthorization(Can.EditCatalogue).RequireWholeDatabase()
            .WithSummary("Replace one year's holidays and make-up working days (all or nothing)")
            .WithDescription("The body is the year as the shipped files give it: {\"year\", \"source\", \"holidays\": [{\"from\", \"to\", \"name\"}], \"makeUpWorkdays\": [{\"day\", \"name\"}]}.")
            .Produces<CalendarAnswer>().ProducesValidationProblem();
        group.MapPost("/ics", ImportIcsAsync).RequireAuthorization(Can.EditCatalogue).RequireWholeDatabase().DisableAntiforgery()
            .WithSummary("Import holidays and make-up days from an iCalendar (.ics) file; each year it touches is replaced (all or nothing)")
            .WithDescription("One all-day VEVENT per holiday (DTEND exclusive) or make-up day; a make-up working day says X-GRIDOPS-WORKING:TRUE or has 班 or \"workday\" in its SUMMARY.")
            // Documented, not enforced by routing: a content-type constraint would answer 415 before the door's own check.
            .WithRequestBody<string>("text/calendar").Produces<CalendarAnswer>().ProducesValidationProblem();
    }

    private static CalendarAnswer Answer(WorkingCalendarProvider calendars, TimeProvider time, int? year)
    {
        var calendar = calendars.Current;
        return new CalendarAnswer(calendar.Zone.Id, calendar.Hours.IsWholeDay ? "" : calendar.Hours.ToString(), calendar.CoveredUntil,
            calendar.RunsOutSoon(calendar.LocalDate(time.GetUtcNow())) is not null, [.. calendar.Days.Where(d => year is null || d.Day.Year == year)]);
    }

    private static IResult Get(int? year, WorkingCalendarProvider calendars, TimeProvider time) => Results.Ok(Answer(calendars, time, year));

    private static async Task<IResult> PutYearAsync(int year, CalendarYear? body, CalendarEditing editing, WorkingCalendarProvider calendars, TimeProvider time,
        HttpContext http, CancellationToken cancellationToken)
    {
        var errors = await editing.StoreYearAsync(year, body, http.Viewer(), cancellationToken);
        return errors.Count > 0
            ? Results.ValidationProblem(errors, title: "The year was not stored; the calendar is as it was.")
            : Results.Ok(Answer(calendars, time, year));
    }

    private static async Task<IResult> ImportIcsAsync(HttpRequest request, CalendarEditing editing, WorkingCalendarProvider calendars, TimeProvider time,
        CancellationToken cancellationToken)
    {
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

        var problems = await editing.ImportIcsAsync(new string(buffer, 0, read), request.HttpContext.Viewer(), cancellationToken);
        return problems.Count > 0
            ? Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [.. problems] }, title: "The file was not imported; the calendar is as it was.")
            : Results.Ok(Answer(calendars, time, null));
    }

    /// <summary>The most an iCalendar file may hold, on the page as over the API.</summary>
    public const int MaxIcsBytes = 1024 * 1024;

    private static IResult TooLarge() =>
        Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"An iCalendar file of at most {MaxIcsBytes / 1024} KB."] });
}
