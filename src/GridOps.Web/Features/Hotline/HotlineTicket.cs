using System.Text.Json.Serialization;

namespace GridOps.Web.Features.Hotline;

/// <summary>
/// One 12345 ticket in a JSON batch, as the OpenAPI document describes it (the endpoint reads the
/// batch itself, so CSV and JSON share one set of checks). The CSV header uses the same names.
/// </summary>
public sealed record HotlineTicket(
    [property: JsonPropertyName("ticket_id")] string TicketId,
    [property: JsonPropertyName("category_code")] string CategoryCode,
    [property: JsonPropertyName("description")] string Description,
    [property: JsonPropertyName("title")] string? Title = null,
    [property: JsonPropertyName("address")] string? Address = null,
    [property: JsonPropertyName("lon")] double? Lon = null,
    [property: JsonPropertyName("lat")] double? Lat = null,
    [property: JsonPropertyName("crs")] string? Crs = null,
    [property: JsonPropertyName("reported_at")] DateTimeOffset? ReportedAt = null,
    [property: JsonPropertyName("caller_name")] string? CallerName = null,
    [property: JsonPropertyName("caller_phone")] string? CallerPhone = null,
    [property: JsonPropertyName("district")] string? District = null);
