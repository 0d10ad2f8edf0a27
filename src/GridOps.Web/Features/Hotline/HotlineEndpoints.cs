using System.Globalization;
using System.Text.Json;
using GridOps.Web.Features.Incidents;
using GridOps.Web.Features.Locate;
using GridOps.Web.Features.Access;
using GridOps.Web.Platform.ApiDocs;

namespace GridOps.Web.Features.Hotline;

/// <summary>
/// 12345 hotline batches: <c>POST /api/hotline/tickets</c> as CSV (header row, columns below) or as
/// a JSON array. Each row is reported on its own: created, duplicate (the hotline's ticket id was
/// seen before — idempotent), or rejected with the fields and reasons. A bad row never stops the rest.
/// </summary>
internal static class HotlineEndpoints
{
    public const int MaxRows = 5000;

    public static readonly string[] Columns =
        ["ticket_id", "category_code", "title", "description", "address", "lon", "lat", "crs", "reported_at", "caller_name", "caller_phone", "district"];

    private static readonly string[] RequiredColumns = ["ticket_id", "category_code", "description"];

    public static void MapHotline(this IEndpointRouteBuilder app) =>
        app.MapPost("/api/hotline/tickets", ReceiveAsync).WithTags("Hotline").DisableAntiforgery().RequireAuthorization(Can.ReceiveHotline)
            .WithSummary("Receive a batch of 12345 hotline tickets (JSON array or CSV)")
            .WithDescription($"Up to {MaxRows} tickets; each row is answered on its own (created, duplicate by ticket_id — a resend is safe — or rejected with "
                + "its columns' errors). CSV: UTF-8, a header row naming the columns " + string.Join(",", Columns) + "; times without an offset are the district's.")
            .WithRequestBody<IReadOnlyList<HotlineTicket>>("application/json", "text/csv")
            .Produces<HotlineBatchResult>().ProducesValidationProblem()
            .WithRequestExample("""
                [ { "ticket_id": "HL-20261203-0042", "category_code": "environment.appearance", "description": "白沙路口垃圾堆放三天无人清运",
                    "title": "垃圾堆放", "address": "白沙路与北园路交叉口", "lon": 112.977679, "lat": 28.214291, "crs": "wgs84",
                    "reported_at": "2026-12-03 09:12:00", "caller_name": "李女士", "caller_phone": "13900000000" } ]
                """)
            .WithResponseExample(StatusCodes.Status200OK, """
                { "received": 1, "created": 1, "duplicates": 0, "rejected": 0,
                  "rows": [ { "row": 1, "ticketId": "HL-20261203-0042", "status": "created", "incidentTicketNo": "20261203000030", "errors": null, "statusCode": "7KQ2MZPA" } ] }
                """);

    // Undecodable bytes are refused, not replaced by U+FFFD and stored as if the caller had meant them.
    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private static async Task<IResult> ReceiveAsync(HttpRequest request, ReportIncidentHandler handler, Districts.DistrictZones zones,
        HttpContext http, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        await request.Body.CopyToAsync(buffer, cancellationToken);
        string body;
        try
        {
            body = StrictUtf8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length).TrimStart('\uFEFF');
        }
        catch (System.Text.DecoderFallbackException e)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"The batch is not valid UTF-8 (byte {e.Index} cannot be decoded); send UTF-8."] },
                title: "The batch cannot be read.");
        }

        // A ticket's time without an offset is the clock of the district the row names (issue 20), else the gateway's own
        // district's (GridOps' own for an unbound gateway).
        var gatewayZone = await zones.OfScopeAsync(http.Viewer().Scope, cancellationToken);
        var byCode = await zones.ByCodeAsync(cancellationToken);
        Func<string?, TimeZoneInfo> zone = code => code is not null && byCode.TryGetValue(code, out var named) ? named : gatewayZone;
        List<HotlineRow> rows;
        try
        {
            rows = request.ContentType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true ? FromJson(body, zone) : FromCsv(body, zone);
        }
        catch (FormatException e)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [e.Message] }, title: "The batch cannot be read.");
        }

        if (rows.Count > MaxRows)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"At most {MaxRows} tickets per batch; this one has {rows.Count}."] },
                title: "The batch is too large.");
        }

        var results = new List<HotlineRowResult>(rows.Count);
        foreach (var row in rows)
        {
            results.Add(await ReportAsync(row, handler, http.Viewer(), cancellationToken));
        }

        return Results.Ok(new HotlineBatchResult(results.Count, results.Count(r => r.Status == "created"),
            results.Count(r => r.Status == "duplicate"), results.Count(r => r.Status == "rejected"), results));
    }

    private static async Task<HotlineRowResult> ReportAsync(HotlineRow row, ReportIncidentHandler handler, Viewer gateway, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>(row.Errors);
        if (string.IsNullOrWhiteSpace(row.TicketId))
        {
            errors["ticket_id"] = ["ticket_id is required: it makes a resend safe."];
        }

        if (errors.Count > 0)
        {
            return new HotlineRowResult(row.Row, row.TicketId, "rejected", null, errors);
        }

        var outcome = await handler.HandleAsync(new ReportIncidentCommand
        {
            Source = IncidentSource.Hotline,
            Reporter = gateway,
            Actor = "12345",
            SourceRef = row.TicketId,
            Category = row.CategoryCode,
            Title = row.Title,
            Description = row.Description,
            Address = row.Address,
            Lon = row.Lon,
            Lat = row.Lat,
            Crs = row.Crs,
            ReportedAt = row.ReportedAt,
            ReporterName = row.CallerName,
            ReporterContact = row.CallerPhone,
            District = row.District,
        }, cancellationToken);
        return outcome.Status switch
        {
            ReportStatus.Created => new HotlineRowResult(row.Row, row.TicketId, "created", outcome.Incident!.TicketNo, null) { StatusCode = outcome.Incident.StatusSecret },
            ReportStatus.Rejected => new HotlineRowResult(row.Row, row.TicketId, "rejected", null,
                outcome.Errors.ToDictionary(e => ColumnOf(e.Key), e => e.Value)),
            _ => new HotlineRowResult(row.Row, row.TicketId, "duplicate", outcome.Incident!.TicketNo, null) { StatusCode = outcome.Incident.StatusSecret },
        };
    }

    private static string ColumnOf(string field) => field switch
    {
        "category" => "category_code",
        "reportedAt" => "reported_at",
        "reporterName" => "caller_name",
        "reporterContact" => "caller_phone",
        "sourceRef" => "ticket_id",
        _ => field,
    };

    private static List<HotlineRow> FromCsv(string body, Func<string?, TimeZoneInfo> zone)
    {
        var records = CsvRecords.Read(body.TrimStart('\uFEFF')).ToList();
        if (records.Count == 0)
        {
            throw new FormatException("The CSV is empty; the first row names the columns: " + string.Join(",", Columns) + ".");
        }

        var header = records[0].Fields.Select(f => f.Trim().ToLowerInvariant()).ToArray();
        var missing = RequiredColumns.Where(c => !header.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            throw new FormatException($"The header row lacks {string.Join(", ", missing)}; columns are: {string.Join(",", Columns)}.");
        }

        return [.. records.Skip(1).Select(record =>
        {
            var errors = new Dictionary<string, string[]>();
            if (record.Error is not null)
            {
                errors["row"] = [$"Line {record.Line}: {record.Error}"];
            }
            else if (record.Fields.Length != header.Length)
            {
                errors["row"] = [$"Line {record.Line} has {record.Fields.Length} fields; the header has {header.Length}."];
            }

            string? Get(string column)
            {
                var index = Array.IndexOf(header, column);
                return index >= 0 && index < record.Fields.Length && !string.IsNullOrWhiteSpace(record.Fields[index]) ? record.Fields[index].Trim() : null;
            }

            return Row(record.Line, Get, errors, zone);
        })];
    }

    private static List<HotlineRow> FromJson(string body, Func<string?, TimeZoneInfo> zone)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException e)
        {
            throw new FormatException("The body is not valid JSON: " + e.Message, e);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("Send a JSON array of tickets.");
            }

            return [.. document.RootElement.EnumerateArray().Select((element, index) =>
            {
                var errors = new Dictionary<string, string[]>();
                if (element.ValueKind != JsonValueKind.Object)
                {
                    errors["row"] = [$"Item {index + 1} is not an object."];
                }

                string? Get(string column)
                {
                    if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(column, out var value))
                    {
                        return null;
                    }

                    switch (value.ValueKind)
                    {
                        case JsonValueKind.String:
                            return StringOf(value, column, errors);
                        case JsonValueKind.Number:
                            return value.GetRawText();
                        case JsonValueKind.Null:
                            return null;
                        default:
                            // "lon": true once passed as "no position": a wrong type is refused, not ignored.
                            errors[column] = [$"{column} must be a string or a number, not {value.ValueKind.ToString().ToLowerInvariant()}."];
                            return null;
                    }
                }

                return Row(index + 1, Get, errors, zone);
            })];
        }
    }

    // JsonDocument refuses to hand over a lone surrogate (it throws): that is the column's fault, not the server's.
    private static string? StringOf(JsonElement value, string column, Dictionary<string, string[]> errors)
    {
        try
        {
            var text = value.GetString();
            return string.IsNullOrWhiteSpace(text) ? null : text.Trim();
        }
        catch (InvalidOperationException)
        {
            errors[column] = [$"{column} contains a broken character (an unpaired UTF-16 surrogate escape)."];
            return null;
        }
    }

    private static HotlineRow Row(int row, Func<string, string?> read, Dictionary<string, string[]> errors, Func<string?, TimeZoneInfo> zoneOf)
    {
        // Each value passes the one storable-text rule: a NUL refuses its row, never the batch after a write.
        string? Value(string column)
        {
            var value = read(column);
            return Platform.Requests.StorableText.Check(errors, column, value) ? value : null;
        }

        double? Number(string column, double limit)
        {
            var text = Value(column);
            if (text is null)
            {
                return null;
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && double.IsFinite(value) && Math.Abs(value) <= limit)
            {
                return value;
            }

            errors[column] = [$"'{text}' is not a number between -{limit} and {limit}."];
            return null;
        }

        var crsText = Value("crs");
        if (!CoordinateSystemNames.TryParse(crsText, out var crs))
        {
            errors["crs"] = [$"'{crsText}' is not wgs84, gcj02 or bd09."];
        }

        DateTimeOffset? reportedAt = null;
        if (Value("reported_at") is { } at)
        {
            // Without an offset the hotline means the district's local time (its zone setting); an explicit offset is honoured.
            if (Platform.Requests.IsoInstant.TryParse(at, zoneOf(Value("district")), out var parsed))
            {
                reportedAt = parsed;
            }
            else
            {
                errors["reported_at"] = [$"'{at}' is not an ISO 8601 time like 2026-11-23 09:30:00 (the district's local time) or 2026-11-23T01:30:00Z."];
            }
        }

        return new HotlineRow(row, Value("ticket_id"), Value("category_code"), Value("title"), Value("description"), Value("address"),
            Number("lon", 180), Number("lat", 90), crs, reportedAt, Value("caller_name"), Value("caller_phone"), Value("district"), errors);
    }

    private sealed record HotlineRow(
        int Row, string? TicketId, string? CategoryCode, string? Title, string? Description, string? Address, double? Lon, double? Lat,
        CoordinateSystem Crs, DateTimeOffset? ReportedAt, string? CallerName, string? CallerPhone, string? District, Dictionary<string, string[]> Errors);
}

public sealed record HotlineRowResult(int Row, string? TicketId, string Status, string? IncidentTicketNo, IDictionary<string, string[]>? Errors)
{
    /// <summary>The code the 12345 operator gives the caller, to follow the ticket on <c>/report/status</c>.</summary>
    public string? StatusCode { get; init; }
}

public sealed record HotlineBatchResult(int Received, int Created, int Duplicates, int Rejected, IReadOnlyList<HotlineRowResult> Rows);
