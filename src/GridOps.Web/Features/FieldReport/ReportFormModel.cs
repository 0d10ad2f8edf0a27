namespace GridOps.Web.Features.FieldReport;

/// <summary>What the report pages post. Coordinates arrive as text so a bad value becomes a form message.</summary>
public sealed class ReportFormModel
{
    public string? Category { get; set; }

    public string? Description { get; set; }

    public string? Address { get; set; }

    public string? Lon { get; set; }

    public string? Lat { get; set; }

    public string? Crs { get; set; }

    public string? ReporterName { get; set; }

    public string? ReporterContact { get; set; }

    /// <summary>Rendered once per form: a double tap or a resend after a dropped connection makes one incident.</summary>
    public string? Key { get; set; }
}
