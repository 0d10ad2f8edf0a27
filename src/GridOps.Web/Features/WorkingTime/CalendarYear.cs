using System.Text.Json;

namespace GridOps.Web.Features.WorkingTime;

/// <summary>One year's holiday arrangement as the State Council publishes it (放假调休安排).</summary>
public sealed record CalendarYear(int Year, string Source, IReadOnlyList<HolidayRange> Holidays, IReadOnlyList<MakeUpWorkday> MakeUpWorkdays)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public IEnumerable<CalendarDay> Days()
    {
        foreach (var holiday in Holidays)
        {
            for (var day = holiday.From; day <= holiday.To; day = day.AddDays(1))
            {
                yield return new CalendarDay(day, false, holiday.Name);
            }
        }

        foreach (var workday in MakeUpWorkdays)
        {
            yield return new CalendarDay(workday.Day, true, workday.Name);
        }
    }

    /// <summary>Reads a year file and checks that every day in it belongs to that year.</summary>
    public static CalendarYear Parse(Stream json)
    {
        var year = JsonSerializer.Deserialize<CalendarYear>(json, Json) ?? throw new FormatException("A calendar year file is empty.");
        var stray = year.Days().FirstOrDefault(d => d.Day.Year != year.Year);
        if (stray is not null)
        {
            throw new FormatException($"Calendar {year.Year} lists {stray.Day:yyyy-MM-dd} ({stray.Name}), which is in another year.");
        }

        return year;
    }

    /// <summary>The years shipped with GridOps (2025 and 2026 at least).</summary>
    public static IReadOnlyList<CalendarYear> Embedded()
    {
        var assembly = typeof(CalendarYear).Assembly;
        return [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith("calendar-", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .Select(n =>
            {
                using var stream = assembly.GetManifestResourceStream(n)!;
                return Parse(stream);
            })];
    }
}

public sealed record HolidayRange(DateOnly From, DateOnly To, string Name);

public sealed record MakeUpWorkday(DateOnly Day, string Name);
