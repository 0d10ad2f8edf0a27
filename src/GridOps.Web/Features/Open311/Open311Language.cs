namespace GridOps.Web.Features.Open311;

/// <summary>
/// The language of an Open311 answer's names (service_name, agency_responsible): <c>?locale=en</c> (as several
/// GeoReport servers take it) or the client's Accept-Language, Chinese otherwise. Descriptions and addresses are
/// the reporters' own words and are never translated.
/// </summary>
internal static class Open311Language
{
    public static bool IsEnglish(HttpRequest request)
    {
        if (request.Query["locale"].FirstOrDefault() is { Length: > 0 } locale)
        {
            return locale.StartsWith("en", StringComparison.OrdinalIgnoreCase);
        }

        var preferred = request.GetTypedHeaders().AcceptLanguage
            .Where(l => l.Quality is null or > 0).OrderByDescending(l => l.Quality ?? 1).Select(l => l.Value.Value ?? "")
            .FirstOrDefault(l => l.StartsWith("en", StringComparison.OrdinalIgnoreCase) || l.StartsWith("zh", StringComparison.OrdinalIgnoreCase));
        return preferred?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true;
    }
}
