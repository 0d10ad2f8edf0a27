using GridOps.Web.Features.Access;
using System.Text;
using GridOps.Web.Components.Shared;
using Microsoft.Extensions.Localization;

namespace GridOps.Web.Features.Incidents;

/// <summary>The list as CSV with the list page's filters, in the reader's language, streamed.</summary>
internal static class IncidentCsvExport
{
    public static async Task WriteAsync(HttpContext http, IncidentQueries queries, Districts.DistrictZones districtZones, IStringLocalizer<UiText> l)
    {
        var (filter, errors) = IncidentFilterQuery.Parse(http.Request.Query);
        if (errors.Count > 0)
        {
            await Results.ValidationProblem(errors, title: "The filter is not valid.").ExecuteAsync(http);
            return;
        }

        http.Response.ContentType = "text/csv; charset=utf-8";
        http.Response.Headers.ContentDisposition = "attachment; filename=\"incidents.csv\"";
        await using var writer = new StreamWriter(http.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true));
        string[] header = [l["Incidents.Ticket"], l["Incidents.Subject"], l["Incidents.Tier"], l["Incidents.State"], l["Incidents.Category"],
            l["Level.Street"], l["Level.Community"], l["Incident.GridCode"], l["Level.Grid"], l["Incidents.Source"], l["Incidents.ReportedAt"],
            l["Incidents.DueAt"], l["Incidents.Timeliness"]];
        await writer.WriteLineAsync(Line(header));
        // Each incident in its own district's time (several districts may share one export).
        var zones = await districtZones.CurrentAsync(http.RequestAborted);
        await foreach (var row in queries.ExportAsync(filter with { Page = 1 }, http.Viewer(), http.RequestAborted))
        {
            var zone = zones.Of(row.DistrictId);
            await writer.WriteLineAsync(Line([row.TicketNo, row.Title, EnumText.Of(l, row.Tier), EnumText.Of(l, row.State),
                UiCulture.IsChinese ? row.CategoryName : row.CategoryNameEn, row.StreetName, row.CommunityName, row.GridCode, row.GridName,
                EnumText.Of(l, row.Source), LocalTime.Format(row.ReportedAt, zone), LocalTime.Format(row.DueAt, zone), EnumText.Of(l, row.Timeliness)]));
        }
    }

    private static string Line(IEnumerable<string?> fields) => string.Join(",", fields.Select(Field));

    // Quoted when needed; a leading = + - @ (tab, CR, and their fullwidth forms ＝＋－＠, which spreadsheets
    // in Chinese locales also read as formulas) is defused so a spreadsheet never runs a reporter's text.
    internal static string Field(string? value)
    {
        value ??= "";
        if (value.Length > 0 && value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' or '＝' or '＋' or '－' or '＠')
        {
            value = "'" + value;
        }

        return value.IndexOfAny([',', '"', '\n', '\r']) >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }
}
