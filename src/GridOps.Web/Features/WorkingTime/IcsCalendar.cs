using System.Globalization;
using System.Text;

namespace GridOps.Web.Features.WorkingTime;

/// <summary>
/// Holidays and make-up working days from an iCalendar (.ics) file, as governments and calendar services
/// publish them: one all-day VEVENT per holiday (DTEND exclusive) or per make-up day. An event is a working day
/// when it says so — <c>X-GRIDOPS-WORKING:TRUE</c>, or a summary with 班 (补班, 上班) or "workday" — and a holiday
/// otherwise. Read into one <see cref="CalendarYear"/> per year it touches.
/// </summary>
public static class IcsCalendar
{
    public const int MaxEvents = 2_000;

    /// <summary>The years the file describes, or the problems found (each naming the event by its number and summary).</summary>
    public static (IReadOnlyList<CalendarYear> Years, List<string> Problems) Read(string text)
    {
        var problems = new List<string>();
        var days = new Dictionary<DateOnly, CalendarDay>();
        var events = 0;
        Dictionary<string, string>? current = null;
        foreach (var line in Unfold(text))
        {
            if (line.Equals("BEGIN:VEVENT", StringComparison.OrdinalIgnoreCase))
            {
                current = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
            }
            else if (line.Equals("END:VEVENT", StringComparison.OrdinalIgnoreCase) && current is not null)
            {
                events++;
                if (events > MaxEvents)
                {
                    problems.Add($"More than {MaxEvents} events: split the file by year.");
                    break;
                }

                AddEvent(current, events, days, problems);
                current = null;
            }
            else if (current is not null && line.IndexOf(':', StringComparison.Ordinal) is > 0 and var colon)
            {
                // "DTSTART;VALUE=DATE:20270101": the name before any parameters, the value after the first colon.
                var name = line[..colon].Split(';')[0];
                current.TryAdd(name, line[(colon + 1)..]);
            }
        }

        if (events == 0 && problems.Count == 0)
        {
            problems.Add("The file has no events (BEGIN:VEVENT … END:VEVENT).");
        }

        var years = days.Values.GroupBy(d => d.Day.Year).OrderBy(g => g.Key).Select(g => new CalendarYear(g.Key, "iCalendar upload",
            [.. g.Where(d => !d.Working).OrderBy(d => d.Day).Select(d => new HolidayRange(d.Day, d.Day, d.Name))],
            [.. g.Where(d => d.Working).OrderBy(d => d.Day).Select(d => new MakeUpWorkday(d.Day, d.Name))])).ToList();
        return (years, problems);
    }

    private static void AddEvent(Dictionary<string, string> fields, int number, Dictionary<DateOnly, CalendarDay> days, List<string> problems)
    {
        var summary = Unescape(fields.GetValueOrDefault("SUMMARY") ?? "").Trim();
        var label = summary.Length > 0 ? $"event {number} ({summary})" : $"event {number}";
        if (summary.Length == 0 || summary.Length > 50 || summary.Any(char.IsControl))
        {
            problems.Add($"{label}: SUMMARY must name the day in 1–50 characters without control characters.");
            return;
        }

        if (DateOf(fields.GetValueOrDefault("DTSTART")) is not { } start)
        {
            problems.Add($"{label}: DTSTART must be a date (20270101, or a date-time whose day is taken).");
            return;
        }

        // DTEND is exclusive for all-day events; none means the one day.
        var end = DateOf(fields.GetValueOrDefault("DTEND")) is { } e ? e.AddDays(-1) : start;
        if (end < start || end.DayNumber - start.DayNumber > 31)
        {
            problems.Add($"{label}: it ends before it starts or lasts more than a month.");
            return;
        }

        var working = string.Equals(fields.GetValueOrDefault("X-GRIDOPS-WORKING")?.Trim(), "TRUE", StringComparison.OrdinalIgnoreCase)
            || summary.Contains('班', StringComparison.Ordinal) || summary.Contains("workday", StringComparison.OrdinalIgnoreCase);
        for (var day = start; day <= end; day = day.AddDays(1))
        {
            if (days.TryGetValue(day, out var earlier) && earlier.Working != working)
            {
                problems.Add($"{label}: {day:yyyy-MM-dd} is also \"{earlier.Name}\", one a holiday and the other a working day.");
                return;
            }

            days[day] = new CalendarDay(day, working, summary);
        }
    }

    private static DateOnly? DateOf(string? value) =>
        value is { Length: >= 8 } && DateOnly.TryParseExact(value.Trim()[..8], "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day : null;

    // RFC 5545 folds long lines: a line that starts with a space or tab continues the one before.
    private static IEnumerable<string> Unfold(string text)
    {
        var line = new StringBuilder();
        foreach (var raw in text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (raw.Length > 0 && (raw[0] == ' ' || raw[0] == '\t'))
            {
                line.Append(raw, 1, raw.Length - 1);
                continue;
            }

            if (line.Length > 0)
            {
                yield return line.ToString();
            }

            line.Clear().Append(raw);
        }

        if (line.Length > 0)
        {
            yield return line.ToString();
        }
    }

    private static string Unescape(string text) => text
        .Replace("\\n", " ", StringComparison.OrdinalIgnoreCase).Replace("\\,", ",", StringComparison.Ordinal)
        .Replace("\\;", ";", StringComparison.Ordinal).Replace("\\\\", "\\", StringComparison.Ordinal);
}
