namespace GridOps.Web.Features.Incidents;

/// <summary>Parses names from query strings and bodies into enums, recording a clear error otherwise.</summary>
internal static class RequestParsing
{
    public static T? Enum<T>(string? text, string field, IDictionary<string, string[]> errors) where T : struct, System.Enum
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (System.Enum.TryParse<T>(text.Trim(), ignoreCase: true, out var value) && System.Enum.IsDefined(value) && !int.TryParse(text, out _))
        {
            return value;
        }

        errors[field] = [$"'{Clip(text)}' is not one of: {string.Join(", ", System.Enum.GetNames<T>().Select(Camel))}."];
        return null;
    }

    public static DateOnly? Date(string? text, string field, IDictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        if (DateOnly.TryParseExact(text.Trim(), "yyyy-MM-dd", out var day))
        {
            return day;
        }

        errors[field] = [$"'{Clip(text)}' is not a date like 2026-11-23."];
        return null;
    }

    public static string Camel(string name) => char.ToLowerInvariant(name[0]) + name[1..];

    private static string Clip(string text) => text.Length > 40 ? text[..40] + "…" : text;
}
