using System.Globalization;

namespace GridOps.Web.Features.Incidents;

/// <summary>Reads an <see cref="IncidentFilter"/> from a query string (API, list page and CSV share it).</summary>
public static class IncidentFilterQuery
{
    public static (IncidentFilter Filter, Dictionary<string, string[]> Errors) Parse(IQueryCollection query)
    {
        var errors = new Dictionary<string, string[]>();
        var filter = new IncidentFilter
        {
            Tier = RequestParsing.Enum<Tier>(query["tier"], "tier", errors),
            State = RequestParsing.Enum<IncidentState>(query["state"], "state", errors),
            Source = RequestParsing.Enum<IncidentSource>(query["source"], "source", errors),
            Timeliness = RequestParsing.Enum<Timeliness>(query["timeliness"], "timeliness", errors),
            Category = Text(query["category"]),
            Area = Text(query["area"]),
            From = RequestParsing.Date(query["from"], "from", errors),
            To = RequestParsing.Date(query["to"], "to", errors),
            Unlocated = query["unlocated"] == "true",
            Sort = Text(query["sort"]),
            Page = Number(query["page"], "page", 1, 1, int.MaxValue, errors),
            PageSize = Number(query["pageSize"], "pageSize", 50, 1, IncidentQueries.MaxPageSize, errors),
        };
        return (filter, errors);
    }

    /// <summary>The filter as a query string (what <see cref="Parse"/> reads back): the list page's address and its CSV link.</summary>
    public static string ToQuery(IncidentFilter filter)
    {
        var pairs = new List<KeyValuePair<string, string?>>();
        void Add(string key, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                pairs.Add(new(key, value));
            }
        }

        Add("tier", Name(filter.Tier));
        Add("state", Name(filter.State));
        Add("category", filter.Category);
        Add("timeliness", Name(filter.Timeliness));
        Add("source", Name(filter.Source));
        Add("area", filter.Area);
        Add("from", filter.From?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("to", filter.To?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        Add("unlocated", filter.Unlocated ? "true" : null);
        Add("sort", filter.Sort);
        return Microsoft.AspNetCore.Http.QueryString.Create(pairs).ToString();
    }

    /// <summary>An enum value as the address writes it (camelCase), or null for none.</summary>
    public static string? Name<T>(T? value) where T : struct, Enum => value is { } v ? RequestParsing.Camel(v.ToString()) : null;

    /// <summary>A text filter as kept: trimmed, and null when blank.</summary>
    public static string? Text(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static int Number(string? text, string field, int fallback, int min, int max, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        errors[field] = [$"{field} must be a whole number from {min} to {max}."];
        return fallback;
    }
}
