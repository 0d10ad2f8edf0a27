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
    private const int MaxIcsBytes = 1024 * 1024;

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

    private static async Task<IResult> PutYearAsync(int year, CalendarYear? body, WorkingCalendarProvider calendars, AuditTrail audit, TimeProvider time,
        HttpContext http, CancellationToken cancellationToken)
    {
        var errors = body is null ? new Dictionary<string, string[]> { ["body"] = ["Send the year as JSON: {\"year\", \"holidays\", \"makeUpWorkdays\"}."] } : Check(year, body);
        if (errors.Count > 0)
        {
            return Results.ValidationProblem(errors, title: "The year was not stored; the calendar is as it was.");
        }

        await calendars.StoreYearsAsync([body!], replace: true, cancellationToken, (connection, transaction) =>
            audit.WriteAsync(connection, transaction, http.Viewer().ActorName, "calendar.year", year.ToString(CultureInfo.InvariantCulture),
                $"{body!.Holidays.Count} holidays, {body.MakeUpWorkdays.Count} make-up days", cancellationToken));
        return Results.Ok(Answer(calendars, time, year));
    }

    private static async Task<IResult> ImportIcsAsync(HttpRequest request, WorkingCalendarProvider calendars, AuditTrail audit, TimeProvider time,
        CancellationToken cancellationToken)
    {
        if (request.ContentLength is > MaxIcsBytes)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"An iCalendar file of at most {MaxIcsBytes / 1024} KB."] });
        }

        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        var buffer = new char[MaxIcsBytes + 1];
        var read = await reader.ReadBlockAsync(buffer, cancellationToken);
        if (read > MaxIcsBytes)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"An iCalendar file of at most {MaxIcsBytes / 1024} KB."] });
        }

        var (years, problems) = IcsCalendar.Read(new string(buffer, 0, read));
        if (problems.Count > 0)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [.. problems] }, title: "The file was not imported; the calendar is as it was.");
        }

        await calendars.StoreYearsAsync(years, replace: true, cancellationToken, (connection, transaction) =>
            audit.WriteAsync(connection, transaction, request.HttpContext.Viewer().ActorName, "calendar.ics", string.Join(", ", years.Select(y => y.Year)),
                $"{years.Sum(y => y.Days().Count())} days", cancellationToken));
        return Results.Ok(Answer(calendars, time, null));
    }

    // Each problem under the field it is about, as the year's JSON names it.
    private static Dictionary<string, string[]> Check(int year, CalendarYear body)
    {
        var errors = new Dictionary<string, string[]>();
        if (year is < 2000 or > 2100)
        {
            errors["year"] = ["A year between 2000 and 2100."];
            return errors;
        }

        if (body.Year != year)
        {
            errors["year"] = [$"The body is for {body.Year}, the address for {year}."];
        }

        var seen = new Dictionary<DateOnly, bool>();
        void Day(string field, DateOnly from, DateOnly to, string? name, bool working)
        {
            if (string.IsNullOrWhiteSpace(name) || name.Length > 50 || name.Any(char.IsControl))
            {
                errors[field + ".name"] = ["A name of 1–50 characters without control characters."];
            }

            if (from.Year != year || to.Year != year || to < from)
            {
                errors[field] = [$"{from:yyyy-MM-dd}–{to:yyyy-MM-dd} must lie in {year}, in order."];
                return;
            }

            for (var day = from; day <= to; day = day.AddDays(1))
            {
                if (seen.TryGetValue(day, out var other) && other != working)
                {
                    errors[field] = [$"{day:yyyy-MM-dd} is listed both as a holiday and as a make-up working day."];
                }

                seen[day] = working;
            }
        }

        for (var i = 0; i < (body.Holidays?.Count ?? 0); i++)
        {
            var h = body.Holidays![i];
            Day($"holidays[{i}]", h.From, h.To, h.Name, working: false);
        }

        for (var i = 0; i < (body.MakeUpWorkdays?.Count ?? 0); i++)
        {
            var m = body.MakeUpWorkdays![i];
            Day($"makeUpWorkdays[{i}]", m.Day, m.Day, m.Name, working: true);
        }

        return errors;
    }
}
