using System.Globalization;
using GridOps.Web.Features.Incidents;
using GridOps.Web.Features.Locate;
using GridOps.Web.Platform.Requests;

namespace GridOps.Web.Features.History;

/// <summary>
/// Checks one row of a history file and makes it a <see cref="HistoryRecord"/>: the required fields there, every
/// time readable (ISO 8601, or the mapping's format; without an offset, in the mapping's zone) and in order
/// (reported ≤ accepted ≤ dispatched ≤ closed ≤ evaluated, none in the future), the category a GridOps one.
/// </summary>
internal sealed class HistoryRecordParser(HistoryMapping mapping, TimeZoneInfo zone, CoordinateSystem crs, IReadOnlySet<string> categoryCodes, DateTimeOffset now)
{
    public const int MaxRef = 100;

    private static readonly int Ref = Index(HistoryFields.Ref), Reported = Index(HistoryFields.ReportedAt), Accepted = Index(HistoryFields.AcceptedAt),
        Dispatched = Index(HistoryFields.DispatchedAt), Closed = Index(HistoryFields.ClosedAt), Evaluated = Index(HistoryFields.EvaluatedAt),
        Due = Index(HistoryFields.DueAt), Evaluation = Index(HistoryFields.Evaluation), Category = Index(HistoryFields.Category),
        Title = Index(HistoryFields.Title), Description = Index(HistoryFields.Description), Address = Index(HistoryFields.Address),
        Lon = Index(HistoryFields.Lon), Lat = Index(HistoryFields.Lat);

    public HistoryRecord? Parse(int line, string?[] values, List<HistoryProblem> problems)
    {
        var before = problems.Count;
        void Problem(string field, string reason) => problems.Add(new HistoryProblem(line, field, reason));
        string? Value(int field) => values[field] is { } v && v.Trim() is { Length: > 0 } trimmed ? trimmed : null;

        var reference = Value(Ref);
        if (reference is null)
        {
            Problem(HistoryFields.Ref, "is empty: every record needs the previous system's id.");
        }
        else if (reference.Length > MaxRef || StorableText.Problem(reference) is not null)
        {
            Problem(HistoryFields.Ref, $"must be at most {MaxRef} characters without control characters.");
        }

        var reported = Time(HistoryFields.ReportedAt, Value(Reported), required: true, Problem);
        var accepted = Time(HistoryFields.AcceptedAt, Value(Accepted), required: false, Problem);
        var dispatched = Time(HistoryFields.DispatchedAt, Value(Dispatched), required: false, Problem);
        var closed = Time(HistoryFields.ClosedAt, Value(Closed), required: true, Problem);
        var evaluated = Time(HistoryFields.EvaluatedAt, Value(Evaluated), required: false, Problem);
        var due = Time(HistoryFields.DueAt, Value(Due), required: false, Problem);
        CheckOrder([(HistoryFields.ReportedAt, reported), (HistoryFields.AcceptedAt, accepted), (HistoryFields.DispatchedAt, dispatched),
            (HistoryFields.ClosedAt, closed), (HistoryFields.EvaluatedAt, evaluated)], Problem);
        if (due < reported)
        {
            Problem(HistoryFields.DueAt, "is before the report.");
        }

        var evaluation = EvaluationOf(Value(Evaluation), Problem);
        if (evaluated is not null && evaluation is null && problems.Count == before)
        {
            Problem(HistoryFields.EvaluatedAt, "is given without an evaluation.");
        }

        var category = CategoryOf(Value(Category), Problem);
        var title = Text(HistoryFields.Title, Value(Title), ReportIncidentValidator.MaxTitle, Problem);
        var description = Text(HistoryFields.Description, Value(Description), ReportIncidentValidator.MaxDescription, Problem);
        var address = Text(HistoryFields.Address, Value(Address), ReportIncidentValidator.MaxShortText, Problem);
        var (lon, lat) = Position(Value(Lon), Value(Lat), Problem);
        if (problems.Count > before)
        {
            return null;
        }

        return new HistoryRecord(line, reference!, category!, title, description ?? title ?? "", address, lon, lat, reported!.Value, accepted, dispatched,
            closed!.Value, evaluation is null ? null : evaluated ?? closed, due, evaluation);
    }

    private static int Index(string field) => Array.IndexOf(HistoryFields.All, field);

    private DateTimeOffset? Time(string field, string? text, bool required, Action<string, string> problem)
    {
        if (text is null)
        {
            if (required)
            {
                problem(field, "is empty.");
            }

            return null;
        }

        DateTime local;
        if (mapping.TimeFormat is { } format)
        {
            if (!DateTime.TryParseExact(text, format, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces, out local))
            {
                problem(field, $"'{Shown(text)}' is not a time in the format {format}.");
                return null;
            }
        }
        else if (!DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out local))
        {
            problem(field, $"'{Shown(text)}' is not an ISO 8601 time ({Components.Shared.LocalTime.Iso(now, zone)}, or without the offset in {zone.Id}).");
            return null;
        }

        DateTimeOffset instant;
        if (mapping.TimeFormat is null && local.Kind != DateTimeKind.Unspecified)
        {
            // Written with its offset (or Z): that instant, whatever the zone.
            instant = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind).ToUniversalTime();
        }
        else
        {
            local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
            if (zone.IsInvalidTime(local))
            {
                problem(field, $"'{Shown(text)}' does not exist in {zone.Id} (the clocks went forward over it).");
                return null;
            }

            instant = new DateTimeOffset(local, zone.GetUtcOffset(local)).ToUniversalTime();
        }

        if (instant > now)
        {
            problem(field, $"'{Shown(text)}' is in the future: history is what has happened.");
            return null;
        }

        return instant;
    }

    private static void CheckOrder(IReadOnlyList<(string Field, DateTimeOffset? At)> steps, Action<string, string> problem)
    {
        DateTimeOffset? last = null;
        var lastField = "";
        foreach (var (field, at) in steps)
        {
            if (at is not { } time)
            {
                continue;
            }

            if (last is { } earlier && time < earlier)
            {
                problem(field, $"is before {lastField}: the steps must be in order.");
            }

            last = time;
            lastField = field;
        }
    }

    private Evaluation? EvaluationOf(string? text, Action<string, string> problem)
    {
        if (text is null)
        {
            return null;
        }

        var name = mapping.Evaluations.GetValueOrDefault(text, text);
        if (Enum.TryParse<Evaluation>(name, ignoreCase: true, out var evaluation) && Enum.IsDefined(evaluation) && !int.TryParse(name, out _))
        {
            return evaluation;
        }

        problem(HistoryFields.Evaluation, $"'{Shown(text)}' is not satisfied, basicallySatisfied or unsatisfied (map the file's values under \"evaluations\").");
        return null;
    }

    private string? CategoryOf(string? text, Action<string, string> problem)
    {
        var code = text is null ? null : mapping.Categories.GetValueOrDefault(text, text);
        if (code is not null && categoryCodes.Contains(code))
        {
            return code;
        }

        if (mapping.DefaultCategory is { } fallback)
        {
            return fallback;
        }

        problem(HistoryFields.Category, text is null ? "is empty and the mapping has no defaultCategory."
            : $"'{Shown(text)}' is not a GridOps category; map it under \"categories\" or give a defaultCategory.");
        return null;
    }

    private static string? Text(string field, string? text, int max, Action<string, string> problem)
    {
        if (text is null)
        {
            return null;
        }

        if (text.Length > max)
        {
            problem(field, $"is {text.Length} characters; at most {max}.");
            return null;
        }

        if (StorableText.Problem(text) is { } unstorable)
        {
            problem(field, unstorable);
            return null;
        }

        return text;
    }

    private (double?, double?) Position(string? lonText, string? latText, Action<string, string> problem)
    {
        if (lonText is null && latText is null)
        {
            return (null, null);
        }

        if (!double.TryParse(lonText, NumberStyles.Float, CultureInfo.InvariantCulture, out var lon)
            || !double.TryParse(latText, NumberStyles.Float, CultureInfo.InvariantCulture, out var lat))
        {
            problem(HistoryFields.Lon, "lon and lat must both be numbers, or both empty.");
            return (null, null);
        }

        if (CoordinateConversion.TryToWgs84(crs, lon, lat, out var why) is not { } converted)
        {
            problem(HistoryFields.Lon, why!);
            return (null, null);
        }

        return (converted.Lon, converted.Lat);
    }

    private static string Shown(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
