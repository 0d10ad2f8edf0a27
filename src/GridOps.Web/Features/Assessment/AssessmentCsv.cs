using System.Globalization;
using System.Text;

namespace GridOps.Web.Features.Assessment;

/// <summary>A month's assessment as CSV (UTF-8 with BOM, so spreadsheet software reads the Chinese names).</summary>
internal static class AssessmentCsv
{
    public static async Task<IResult> ExportAsync(string? month, string? kind, AssessmentStore store, Hierarchy.AreaQueries areas, Catalogue.CatalogueQueries catalogue, HttpContext http,
        CancellationToken cancellationToken)
    {
        var viewer = Access.ViewerAccess.Viewer(http);
        // Without a month: the reader's district's current month (issue 20).
        var selected = AssessmentPageModel.ParseMonth(month)
            ?? store.CurrentMonth(await http.RequestServices.GetRequiredService<Districts.DistrictZones>().OfScopeAsync(viewer.Scope, cancellationToken));
        var rows = await AssessmentPageModel.RowsAsync(store, areas, catalogue, viewer, selected, kind, cancellationToken);
        var csv = new StringBuilder("\uFEFFlevel,unit,name,due,closed,disposal_rate,on_time,on_time_due,on_time_rate,closed_1d,closed_2d,closed_3d,reworked,handled,rework_rate,satisfied,evaluated,satisfaction,patrols_done,patrols_planned,ack_median_min,ack_p90_min,score,grade,rank\n");
        foreach (var r in rows.Rows)
        {
            var c = r.Counts;
            csv.AppendLine(string.Join(',', c.Level, c.Unit, Quote(c.Name), c.Due, c.Closed, Rate.Of(c.Closed, c.Due), c.OnTime, c.OnTimeDue, Rate.Of(c.OnTime, c.OnTimeDue),
                c.ClosedDay1, c.ClosedDay2, c.ClosedDay3, c.Reworked, c.Handled, Rate.Of(c.Reworked, c.Handled), c.Satisfied, c.Evaluated, Rate.Of(c.Satisfied, c.Evaluated),
                c.PatrolsDone, c.PatrolsPlanned, c.AcknowledgeMedianMinutes?.ToString("0.0", CultureInfo.InvariantCulture),
                c.AcknowledgeP90Minutes?.ToString("0.0", CultureInfo.InvariantCulture), r.Score?.ToString("0.00", CultureInfo.InvariantCulture), r.Grade, r.Rank));
        }

        return Results.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", $"assessment-{selected:yyyy-MM}-{rows.Kind}.csv");
    }

    // Area names come from imported files: defused like every other CSV field GridOps writes.
    private static string Quote(string text) => Incidents.IncidentCsvExport.Field(text) is var field && field.StartsWith('"') ? field : "\"" + field + "\"";
}
