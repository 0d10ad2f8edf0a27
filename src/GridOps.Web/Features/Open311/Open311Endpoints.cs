using System.Globalization;
using GridOps.Web.Features.Catalogue;
using GridOps.Web.Features.Incidents;
using GridOps.Web.Features.Locate;
using GridOps.Web.Features.WorkingTime;
using Microsoft.Extensions.Options;
using GridOps.Web.Features.Access;
using GridOps.Web.Platform.ApiDocs;

namespace GridOps.Web.Features.Open311;

/// <summary>
/// Open311 GeoReport v2 under <c>/open311/v2</c>: services, a service's definition, requests
/// (post with <c>api_key</c>; list with its filters plus the page/page_size extension) and one
/// request, each as <c>.json</c> or <c>.xml</c>. Service codes are the catalogue's; request ids
/// are GridOps ticket numbers.
/// </summary>
internal static class Open311Endpoints
{
    private const int DefaultPageSize = 100;
    private const int MaxPageSize = 1000;

    public static void MapOpen311(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/open311/v2").WithTags("Open311").DisableAntiforgery();
        // The service list is public, as the spec intends; requests carry residents' reports, so
        // reading them needs a key as much as posting does, and answers only the key's scope.
        group.MapGet("/services.{format}", ServicesAsync).AllowAnonymous()
            .WithSummary("GeoReport v2: the services (the catalogue's categories)").WithDescription(FormatNote)
            .Produces<IReadOnlyList<Open311Service>>().Produces<IReadOnlyList<Open311Error>>(StatusCodes.Status400BadRequest);
        group.MapGet("/services/{code}.{format}", ServiceDefinitionAsync).AllowAnonymous()
            .WithSummary("GeoReport v2: a service's definition (no extra attributes)").WithDescription(FormatNote)
            .Produces<Open311ServiceDefinition>().Produces<IReadOnlyList<Open311Error>>(StatusCodes.Status404NotFound);
        group.MapPost("/requests.{format}", PostRequestAsync).RequireAuthorization(Can.UseOpen311).RequireRateLimiting(IncidentsModule.IntakePolicy)
            .WithSummary("GeoReport v2: post a service request")
            .WithDescription("A form (application/x-www-form-urlencoded) with api_key, service_code, description and a position (lat/long) or an address. "
                + "201 with the new request's id; 200 with the same id when the same report is posted again. " + FormatNote)
            .WithRequestBody<Open311PostForm>("application/x-www-form-urlencoded")
            .Produces<IReadOnlyList<Open311PostAnswer>>(StatusCodes.Status201Created).Produces<IReadOnlyList<Open311Error>>(StatusCodes.Status400BadRequest)
            .WithResponseExample(StatusCodes.Status201Created, """[ { "service_request_id": "20261203000031", "service_notice": "", "account_id": null } ]""");
        group.MapGet("/requests.{format}", ListRequestsAsync).RequireAuthorization(Can.UseOpen311)
            .WithSummary("GeoReport v2: service requests in the key's scope")
            .WithDescription("Query: service_request_id (comma-separated), service_code, start_date, end_date, status (open, closed), page, page_size. " + FormatNote)
            .Produces<IReadOnlyList<Open311ServiceRequest>>().Produces<IReadOnlyList<Open311Error>>(StatusCodes.Status400BadRequest);
        group.MapGet("/requests/{id}.{format}", GetRequestAsync).RequireAuthorization(Can.UseOpen311)
            .WithSummary("GeoReport v2: one service request").WithDescription(FormatNote)
            .Produces<IReadOnlyList<Open311ServiceRequest>>().Produces<IReadOnlyList<Open311Error>>(StatusCodes.Status404NotFound)
            .WithResponseExample(StatusCodes.Status200OK, RequestExample(app.ServiceProvider.GetRequiredService<WorkingCalendarProvider>().Zone));
        // media_url points here: /photos/{id} takes people's sessions, not Open311 keys. Same scope rule.
        group.MapGet("/media/{id:guid}", IncidentEndpoints.GetPhotoAsync).RequireAuthorization(Can.UseOpen311)
            .WithSummary("GeoReport v2: a request's photo (its media_url)").Produces(StatusCodes.Status200OK, contentType: "image/jpeg").ProducesProblem(StatusCodes.Status404NotFound);
    }

    /// <summary>A service request as the endpoints write it: times in the district's zone (the one setting), with its offset.</summary>
    private static string RequestExample(TimeZoneInfo zone)
    {
        string At(int hourUtc, int day = 3) => TimeZoneInfo.ConvertTime(new DateTimeOffset(2026, 12, day, hourUtc, 40, 0, TimeSpan.Zero), zone)
            .ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
        return $$"""
            [ { "service_request_id": "20261203000031", "status": "open", "status_notes": "accepted", "service_name": "路灯故障", "service_code": "603",
                "description": "北园路 12 号门前路灯不亮", "agency_responsible": "城管局", "service_notice": "",
                "requested_datetime": "{{At(1)}}", "updated_datetime": "{{At(2)}}", "expected_datetime": "{{At(1, 4)}}",
                "address": "北园路 12 号", "address_id": null, "zipcode": null, "lat": 28.214291, "long": 112.977679, "media_url": null } ]
            """;
    }

    private const string FormatNote = "format is json or xml (the same records; XML as the spec shows it).";

    private static bool Known(string format) => format is "json" or "xml";

    private static async Task<IResult> ServicesAsync(string format, HttpRequest http, CatalogueQueries catalogue, CancellationToken cancellationToken)
    {
        if (!Known(format))
        {
            return Open311Writer.Error("json", 400, $"Unknown format '{format}'; use .json or .xml.");
        }

        var english = Open311Language.IsEnglish(http);
        var services = (await catalogue.GetAsync(cancellationToken)).Categories.Where(c => c.Active).Select(c =>
        {
            var record = new Open311Record();
            record.Set("service_code", c.ServiceCode);
            // The name in the request's language; the description gives the other one.
            record.Set("service_name", english ? c.NameEn : c.Name);
            record.Set("description", english ? c.Name : c.NameEn);
            record.Set("metadata", false);
            record.Set("type", "realtime");
            record.Set("keywords", string.Join(",", c.Code, c.HotlineCode));
            record.Set("group", RequestParsing.Camel(c.CategoryGroup.ToString()));
            return record;
        });
        return Open311Writer.Write(format, "services", "service", services);
    }

    private static async Task<IResult> ServiceDefinitionAsync(string code, string format, CatalogueQueries catalogue, CancellationToken cancellationToken)
    {
        if (!Known(format))
        {
            return Open311Writer.Error("json", 400, $"Unknown format '{format}'; use .json or .xml.");
        }

        if ((await catalogue.GetAsync(cancellationToken)).ByServiceCode(code) is not { Active: true })
        {
            return Open311Writer.Error(format, 404, $"No service has the service_code '{code}'.");
        }

        // Our services ask no questions beyond the standard fields (metadata is false).
        var definition = new Open311Record();
        definition.Set("service_code", code);
        definition.Set("attributes", Array.Empty<Open311Record>());
        return Open311Writer.WriteOne(format, "service_definition", definition);
    }

    private static async Task<IResult> PostRequestAsync(string format, HttpRequest http, ReportIncidentHandler handler,
        CatalogueQueries catalogue, IOptions<Open311Options> options, Npgsql.NpgsqlDataSource dataSource, CancellationToken cancellationToken)
    {
        if (!Known(format))
        {
            return Open311Writer.Error("json", 400, $"Unknown format '{format}'; use .json or .xml.");
        }

        var form = http.HasFormContentType ? await http.ReadFormAsync(cancellationToken) : null;
        string? Param(string name) => form?[name].FirstOrDefault() ?? http.Query[name].FirstOrDefault();

        // The endpoint's own jurisdiction (every district), or one district by its code (issue 20: GeoReport v2 makes
        // jurisdiction_id "required if the endpoint serves multiple jurisdictions").
        string? district = null;
        if (Param("jurisdiction_id") is { Length: > 0 } jurisdiction && jurisdiction != options.Value.JurisdictionId)
        {
            if (jurisdiction.Length > ReportIncidentValidator.MaxDistrictCode || Platform.Requests.StorableText.Problem(jurisdiction) is not null
                || await Districts.DistrictIds.OfCodeAsync(dataSource, jurisdiction, cancellationToken) is null)
            {
                var shown = Platform.Requests.StorableText.Problem(jurisdiction) is null ? jurisdiction : "?";
                return Open311Writer.Error(format, 404, $"jurisdiction_id '{shown}' is not served here.");
            }

            district = jurisdiction;
        }

        var serviceCode = Param("service_code");
        if (string.IsNullOrWhiteSpace(serviceCode) || (await catalogue.GetAsync(cancellationToken)).ByServiceCode(serviceCode) is not { Active: true } category)
        {
            return Open311Writer.Error(format, 400, $"service_code '{serviceCode}' is missing or not a service.");
        }

        double? lat = null, lon = null;
        var latText = Param("lat");
        var lonText = Param("long");
        if (latText is not null || lonText is not null)
        {
            if (!double.TryParse(latText, NumberStyles.Float, CultureInfo.InvariantCulture, out var la) || !double.TryParse(lonText, NumberStyles.Float, CultureInfo.InvariantCulture, out var lo))
            {
                return Open311Writer.Error(format, 400, "lat and long must both be decimal numbers (WGS-84).");
            }

            (lat, lon) = (la, lo);
        }
        else if (string.IsNullOrWhiteSpace(Param("address_string")) && string.IsNullOrWhiteSpace(Param("address_id")))
        {
            return Open311Writer.Error(format, 400, "A location is required: lat and long, address_string or address_id.");
        }

        var name = string.Join(" ", new[] { Param("last_name"), Param("first_name") }.Where(n => !string.IsNullOrWhiteSpace(n)));
        var outcome = await handler.HandleAsync(new ReportIncidentCommand
        {
            Source = IncidentSource.Open311,
            Actor = http.HttpContext.Viewer().ActorName,
            Category = category.Code,
            Description = Param("description"),
            Address = Param("address_string") ?? Param("address_id"),
            Lon = lon,
            Lat = lat,
            Crs = CoordinateSystem.Wgs84,
            ReporterName = name.Length > 0 ? name : null,
            ReporterContact = Param("phone") ?? Param("email"),
            IdempotencyKey = http.Headers["Idempotency-Key"].FirstOrDefault(),
            // GeoReport v2: "only required if the endpoint serves multiple jurisdictions" — a district's code here.
            District = district,
            Reporter = http.HttpContext.Viewer(),
        }, cancellationToken);
        if (outcome.Status is ReportStatus.Rejected or ReportStatus.KeyReused)
        {
            var first = outcome.Errors.First();
            return Open311Writer.Error(format, 400, $"{ParamName(first.Key)}: {string.Join(" ", first.Value)}");
        }

        var answer = new Open311Record();
        answer.Set("service_request_id", outcome.Incident!.TicketNo);
        answer.Set("service_notice", "");
        answer.Set("account_id", null);
        return Open311Writer.Write(format, "service_requests", "request", [answer], outcome.Status == ReportStatus.Created ? 201 : 200);
    }

    private static async Task<IResult> ListRequestsAsync(string format, HttpRequest http, IncidentQueries queries, CatalogueQueries catalogue,
        TimeProvider time, Districts.DistrictZones districtZones, CancellationToken cancellationToken)
    {
        if (!Known(format))
        {
            return Open311Writer.Error("json", 400, $"Unknown format '{format}'; use .json or .xml.");
        }

        var query = http.Query;
        var ids = Split(query["service_request_id"]);
        var snapshot = await catalogue.GetAsync(cancellationToken);
        var codes = Split(query["service_code"]);
        var unknownCode = codes.FirstOrDefault(c => snapshot.ByServiceCode(c) is null);
        if (unknownCode is not null)
        {
            return Open311Writer.Error(format, 400, $"service_code '{unknownCode}' is not a service.");
        }

        if (!TryTime(query["start_date"], out var start) || !TryTime(query["end_date"], out var end))
        {
            return Open311Writer.Error(format, 400, "start_date and end_date are ISO 8601 times with a zone, e.g. 2026-11-01T00:00:00Z.");
        }

        bool? open = null;
        var statuses = Split(query["status"]);
        if (statuses.Any(s => s is not ("open" or "closed")))
        {
            return Open311Writer.Error(format, 400, "status is open, closed or both (open,closed).");
        }

        if (statuses.Count == 1)
        {
            open = statuses[0] == "open";
        }

        if (!TryInt(query["page"], 1, int.MaxValue, 1, out var page) || !TryInt(query["page_size"], 1, MaxPageSize, DefaultPageSize, out var pageSize))
        {
            return Open311Writer.Error(format, 400, $"page is 1 or more; page_size is 1 to {MaxPageSize}.");
        }

        // Without ids or dates the spec lists the last 90 days.
        if (ids.Count == 0 && start is null && end is null)
        {
            start = time.GetUtcNow().AddDays(-90);
        }

        var found = await queries.SearchAsync(new IncidentSearch(ids, [.. codes.Select(c => snapshot.ByServiceCode(c)!.Id)], start, end, open, page, pageSize), http.HttpContext.Viewer(), cancellationToken);
        var zones = await districtZones.CurrentAsync(cancellationToken);
        return Open311Writer.Write(format, "service_requests", "request", found.Select(f => ServiceRequest(f, snapshot, http, zones.Of(f.Incident.DistrictId))));
    }

    private static async Task<IResult> GetRequestAsync(string id, string format, HttpRequest http, IncidentQueries queries, CatalogueQueries catalogue,
        Districts.DistrictZones districtZones, CancellationToken cancellationToken)
    {
        if (!Known(format))
        {
            return Open311Writer.Error("json", 400, $"Unknown format '{format}'; use .json or .xml.");
        }

        var found = await queries.SearchAsync(new IncidentSearch([id], null, null, null, null, 1, 1), http.HttpContext.Viewer(), cancellationToken);
        return found.Count == 0
            ? Open311Writer.Error(format, 404, $"No service request has the id '{id}'.")
            : Open311Writer.Write(format, "service_requests", "request",
                [ServiceRequest(found[0], await catalogue.GetAsync(cancellationToken), http, await districtZones.OfAsync(found[0].Incident.DistrictId, cancellationToken))]);
    }

    // Times in the incident's district's own zone, with its offset, as the spec wants a zone.
    private static Open311Record ServiceRequest(IncidentWithCategory found, CatalogueSnapshot catalogue, HttpRequest http, TimeZoneInfo zone)
    {
        var (incident, category, photo) = found;
        var record = new Open311Record();
        record.Set("service_request_id", incident.TicketNo);
        record.Set("status", incident.IsOpen ? "open" : "closed");
        record.Set("status_notes", RequestParsing.Camel(incident.State.ToString()));
        var english = Open311Language.IsEnglish(http);
        record.Set("service_name", english ? category.NameEn : category.Name);
        record.Set("service_code", category.ServiceCode);
        record.Set("description", incident.Description);
        record.Set("agency_responsible", string.Join(english ? ", " : "、",
            incident.AssigneeDepartmentCodes.Select(d => catalogue.Department(d, incident.DistrictId) is { } department ? english ? department.NameEn : department.Name : d)));
        record.Set("service_notice", "");
        record.Set("requested_datetime", TimeZoneInfo.ConvertTime(incident.ReportedAt, zone));
        record.Set("updated_datetime", TimeZoneInfo.ConvertTime(incident.UpdatedAt, zone));
        record.Set("expected_datetime", incident.DueAt is { } due ? TimeZoneInfo.ConvertTime(due, zone) : null);
        record.Set("address", incident.Address);
        record.Set("address_id", null);
        record.Set("zipcode", null);
        record.Set("lat", incident.Location?.Y);
        record.Set("long", incident.Location?.X);
        record.Set("media_url", photo is { } id ? $"{http.Scheme}://{http.Host}/open311/v2/media/{id}" : null);
        return record;
    }

    private static string ParamName(string field) => field switch
    {
        "lon" => "long",
        "district" => "jurisdiction_id",
        "address" => "address_string",
        "reporterContact" => "phone",
        "Idempotency-Key" => "Idempotency-Key",
        _ => field,
    };

    private static List<string> Split(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];

    private static bool TryTime(string? text, out DateTimeOffset? value)
    {
        value = null;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
        {
            value = parsed.ToUniversalTime();
            return true;
        }

        return false;
    }

    private static bool TryInt(string? text, int min, int max, int fallback, out int value)
    {
        value = fallback;
        return string.IsNullOrWhiteSpace(text) || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max);
    }
}
