using System.Globalization;
using GridOps.Web.Features.Access;

namespace GridOps.Web.Features.WorkingTime;

/// <summary>
/// Changing a working calendar, for the API and the calendar page alike: a year replaced (checked field by field,
/// all or nothing) or an iCalendar file imported, each written to the audit in the same transaction. Who may change
/// which calendar is <see cref="CalendarAccess"/>'s answer.
/// </summary>
public sealed class CalendarEditing(WorkingCalendarProvider calendars, CalendarAccess access, AuditTrail audit)
{
    public const string NotYours = "Only an administrator of the whole database changes GridOps' own or a shared calendar; a district's administrators change their district's own.";

    /// <summary>Replaces one year of a calendar; the problems by field (as the year's JSON names them), none when stored.</summary>
    public async Task<Dictionary<string, string[]>> StoreYearAsync(string calendar, int year, CalendarYear? body, Viewer actor, CancellationToken cancellationToken)
    {
        // Checked here too, not only at the doors: whoever calls this, a shared calendar is every district's.
        var errors = !await access.MayEditAsync(actor, calendar, cancellationToken) ? new Dictionary<string, string[]> { ["calendar"] = [NotYours] }
            : body is null ? new Dictionary<string, string[]> { ["body"] = ["Send the year as JSON: {\"year\", \"holidays\", \"makeUpWorkdays\"}."] }
            : Check(year, body);
        if (errors.Count > 0)
        {
            return errors;
        }

        await calendars.StoreYearsAsync(calendar, [body!], replace: true, cancellationToken, (connection, transaction) =>
            audit.WriteAsync(connection, transaction, actor.ActorName, "calendar.year", string.Create(CultureInfo.InvariantCulture, $"{calendar} {year}"),
                $"{body!.Holidays.Count} holidays, {body.MakeUpWorkdays.Count} make-up days", cancellationToken));
        return errors;
    }

    /// <summary>Imports an iCalendar file into a calendar; each year it touches is replaced. The file's problems, none when stored.</summary>
    public async Task<IReadOnlyList<string>> ImportIcsAsync(string calendar, string text, Viewer actor, CancellationToken cancellationToken)
    {
        if (!await access.MayEditAsync(actor, calendar, cancellationToken))
        {
            return [NotYours];
        }

        var (years, problems) = IcsCalendar.Read(text);
        if (problems.Count > 0)
        {
            return problems;
        }

        await calendars.StoreYearsAsync(calendar, years, replace: true, cancellationToken, (connection, transaction) =>
            audit.WriteAsync(connection, transaction, actor.ActorName, "calendar.ics", $"{calendar} {string.Join(", ", years.Select(y => y.Year))}",
                $"{years.Sum(y => y.Days().Count())} days", cancellationToken));
        return problems;
    }

    /// <summary>A year as stored day by day, back in the shape it is sent in: runs of holidays of one name become ranges.</summary>
    public static CalendarYear YearOf(int year, IEnumerable<CalendarDay> days, string source)
    {
        var holidays = new List<HolidayRange>();
        foreach (var day in days.Where(d => !d.Working && d.Day.Year == year).OrderBy(d => d.Day))
        {
            if (holidays.Count > 0 && holidays[^1].Name == day.Name && holidays[^1].To.AddDays(1) == day.Day)
            {
                holidays[^1] = holidays[^1] with { To = day.Day };
            }
            else
            {
                holidays.Add(new HolidayRange(day.Day, day.Day, day.Name));
            }
        }

        return new CalendarYear(year, source, holidays,
            [.. days.Where(d => d.Working && d.Day.Year == year).OrderBy(d => d.Day).Select(d => new MakeUpWorkday(d.Day, d.Name))]);
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
