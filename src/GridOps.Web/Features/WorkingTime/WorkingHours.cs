using System.Globalization;

namespace GridOps.Web.Features.WorkingTime;

/// <summary>
/// The hours of a working day that time limits count, as local times ("08:30-12:00,13:30-17:30"); the whole
/// day when none are given (GridOps' behaviour before districts kept office hours).
/// </summary>
public sealed class WorkingHours
{
    public static readonly WorkingHours WholeDay = new([(TimeSpan.Zero, TimeSpan.FromDays(1))]);

    private WorkingHours(IReadOnlyList<(TimeSpan From, TimeSpan To)> spans) => Spans = spans;

    /// <summary>Spans since local midnight, in order, not overlapping.</summary>
    public IReadOnlyList<(TimeSpan From, TimeSpan To)> Spans { get; }

    /// <summary>Working time in one working day (a limit of "one working day" is this long).</summary>
    public TimeSpan PerDay => Spans.Aggregate(TimeSpan.Zero, (sum, s) => sum + (s.To - s.From));

    public bool IsWholeDay => Spans.Count == 1 && Spans[0] == (TimeSpan.Zero, TimeSpan.FromDays(1));

    /// <summary>Reads "HH:mm-HH:mm,…" (24:00 allowed as an end); empty is the whole day. Throws with the reason.</summary>
    public static WorkingHours Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return WholeDay;
        }

        var spans = new List<(TimeSpan From, TimeSpan To)>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var ends = part.Split('-', StringSplitOptions.TrimEntries);
            if (ends.Length != 2 || Clock(ends[0]) is not { } from || Clock(ends[1]) is not { } to)
            {
                throw new FormatException($"Working hours are \"HH:mm-HH:mm\" spans separated by commas, e.g. \"08:30-12:00,13:30-17:30\"; '{part}' is not one.");
            }

            if (to <= from)
            {
                throw new FormatException($"The working-hours span '{part}' ends before it starts.");
            }

            if (spans.Count > 0 && from < spans[^1].To)
            {
                throw new FormatException($"The working-hours span '{part}' starts before the one before it ends: give them in order, not overlapping.");
            }

            spans.Add((from, to));
        }

        return spans.Count == 0 ? WholeDay : new WorkingHours(spans);
    }

    public override string ToString() =>
        string.Join(",", Spans.Select(s => $"{Format(s.From)}-{Format(s.To)}"));

    private static string Format(TimeSpan t) => $"{(int)t.TotalHours:00}:{t.Minutes:00}";

    private static TimeSpan? Clock(string text)
    {
        if (text == "24:00")
        {
            return TimeSpan.FromDays(1);
        }

        return TimeOnly.TryParseExact(text, "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time) ? time.ToTimeSpan() : null;
    }
}
