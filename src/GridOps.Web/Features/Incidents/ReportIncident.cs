using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using GridOps.Web.Data;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Catalogue;
using GridOps.Web.Features.Live;
using GridOps.Web.Features.Locate;
using GridOps.Web.Realtime;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace GridOps.Web.Features.Incidents;

/// <summary>A report from any channel. Coordinates are optional: without them, or outside every
/// grid, the incident is accepted and flagged unlocated for a hand dispatch.</summary>
public sealed record ReportIncidentCommand
{
    public required IncidentSource Source { get; init; }

    /// <summary>Who reports: a replayed key or channel id answers with the earlier incident only if this principal may see it.</summary>
    public Viewer Reporter { get; init; } = Viewer.System;

    public required string Actor { get; init; }

    public string? Category { get; init; }

    public string? Title { get; init; }

    public string? Description { get; init; }

    public string? Address { get; init; }

    public double? Lon { get; init; }

    public double? Lat { get; init; }

    public CoordinateSystem Crs { get; init; } = CoordinateSystem.Wgs84;

    /// <summary>When it was seen; defaults to when it was received.</summary>
    public DateTimeOffset? ReportedAt { get; init; }

    public string? ReporterName { get; init; }

    public string? ReporterContact { get; init; }

    /// <summary>The channel's own id (12345 ticket, Open311 token): one incident per channel and id.</summary>
    public string? SourceRef { get; init; }

    public string? IdempotencyKey { get; init; }

    /// <summary>The district's code (Open311's jurisdiction_id): says whose a report without a point is when the channel
    /// serves every district; with a point, it must be the point's district.</summary>
    public string? District { get; init; }

    /// <summary>Where the channel is bound when the reporter is not the person (the field forms report as the system
    /// for a signed-in worker): the worker's scope says whose a report without a point is. Null: the reporter's.</summary>
    public AccessScope? ChannelScope { get; init; }

    public IReadOnlyList<PhotoUpload> Photos { get; init; } = [];
}

public enum ReportStatus
{
    Created,
    Existing,
    Rejected,
    KeyReused,
}

public sealed record ReportOutcome(ReportStatus Status, Incident? Incident, IDictionary<string, string[]> Errors)
{

    /// <summary>Codes of the areas the new incident names, when intake already knows them.</summary>
    public IReadOnlyDictionary<long, string>? AreaCodes { get; init; }
}

/// <summary>Field rules shared by every intake channel.</summary>
public static class ReportIncidentValidator
{
    public const int MaxDescription = 2000;
    public const int MaxTitle = 100;
    public const int MaxShortText = 200;
    public const int MaxDistrictCode = 64;

    public static Dictionary<string, string[]> Validate(ReportIncidentCommand command, CatalogueSnapshot catalogue, DateTimeOffset now)
    {
        var errors = new Dictionary<string, string[]>();
        var category = catalogue.Find(command.Category);
        if (string.IsNullOrWhiteSpace(command.Category))
        {
            errors["category"] = ["category is required (a category code, Open311 service code, 12345 code or name)."];
        }
        else if (category is null || !category.Active)
        {
            errors["category"] = [$"Unknown category '{Clip(command.Category)}'."];
        }

        if (string.IsNullOrWhiteSpace(command.Description))
        {
            errors["description"] = ["description is required."];
        }
        else if (command.Description.Length > MaxDescription)
        {
            errors["description"] = [$"description is {command.Description.Length} characters; at most {MaxDescription}."];
        }

        CheckLength(errors, "title", command.Title, MaxTitle);
        CheckLength(errors, "address", command.Address, MaxShortText);
        CheckLength(errors, "reporterName", command.ReporterName, MaxShortText);
        CheckLength(errors, "reporterContact", command.ReporterContact, MaxShortText);
        CheckLength(errors, "sourceRef", command.SourceRef, MaxShortText);
        CheckLength(errors, "idempotencyKey", command.IdempotencyKey, MaxShortText);
        CheckLength(errors, "district", command.District, MaxDistrictCode);
        if (command.Lon is null != command.Lat is null)
        {
            errors[command.Lon is null ? "lon" : "lat"] = ["Give both lon and lat, or neither."];
        }

        CheckCoordinate(errors, "lon", command.Lon, 180);
        CheckCoordinate(errors, "lat", command.Lat, 90);
        if (command.Lon is { } lon && command.Lat is { } lat && !errors.ContainsKey("lon") && !errors.ContainsKey("lat")
            && CoordinateConversion.TryToWgs84(command.Crs, lon, lat, out var problem) is null)
        {
            errors["lon"] = ["The position is not on Earth: " + problem];
        }

        foreach (var (field, text) in new[]
        {
            ("category", command.Category), ("title", command.Title), ("description", command.Description), ("address", command.Address),
            ("reporterName", command.ReporterName), ("reporterContact", command.ReporterContact), ("sourceRef", command.SourceRef),
            ("idempotencyKey", command.IdempotencyKey), ("district", command.District),
        })
        {
            // Every channel reaches intake through here: the storable-text rule holds for all of them.
            if (!errors.ContainsKey(field))
            {
                Platform.Requests.StorableText.Check(errors, field, text);
            }
        }
        if (command.ReportedAt is { } at && (at > now.AddMinutes(5) || at.Year < 2000))
        {
            errors["reportedAt"] = [$"reportedAt {at:O} is in the future or before 2000."];
        }

        PhotoUpload.Validate(command.Photos, "photos", errors);
        return errors;
    }

    private static void CheckLength(Dictionary<string, string[]> errors, string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            errors[field] = [$"{field} is {value.Length} characters; at most {max}."];
        }
    }

    private static void CheckCoordinate(Dictionary<string, string[]> errors, string field, double? value, double limit)
    {
        if (value is { } v && (!double.IsFinite(v) || Math.Abs(v) > limit))
        {
            errors[field] = [string.Create(CultureInfo.InvariantCulture, $"{field} must be a number between -{limit} and {limit}.")];
        }
    }

    private static string Clip(string text) => text.Length > 40 ? text[..40] + "…" : text;
}

/// <summary>Validates, locates, tiers and stores a report with its first event, exactly once per
/// idempotency key or channel id — also when retries race (the unique index decides).</summary>
public sealed class ReportIncidentHandler(
    IDbContextFactory<GridOpsDbContext> contexts,
    NpgsqlDataSource dataSource,
    CatalogueQueries catalogueQueries,
    IncidentClock clock,
    Districts.DistrictZones districtZones,
    LiveSignal liveSignal,
    Platform.Telemetry.GridOpsMetrics metrics)
{
    // The 200 m box is the selective condition; the 72 h window is not (recent reports are exactly
    // what a stale histogram under-counts, and a prepared generic plan cannot see the times). Adding
    // a zero interval keeps the planner off the (category, reported_at) index, so it always starts
    // from the spatial one — measured: 1.09 ms per call before, under 0.1 ms after (docs/benchmarks.md).
    private static readonly string RepeatSql = $"""
        SELECT count(*)::int FROM (
            SELECT 1 FROM incidents
            WHERE category_id = $1 AND reported_at + interval '0 seconds' > $2 AND reported_at + interval '0 seconds' <= $3 AND state <> {Stored.As(IncidentState.Voided)}
              AND location && ST_Expand(ST_SetSRID(ST_MakePoint($4, $5), 4326), $7, $8)
              AND ST_DWithin(location::geography, ST_SetSRID(ST_MakePoint($4, $5), 4326)::geography, $6)
            LIMIT $9) AS earlier
        """;

    public async Task<ReportOutcome> HandleAsync(ReportIncidentCommand command, CancellationToken cancellationToken)
    {
        // The report's span, under the request's: locate, tier and insert are its children, and the live
        // delivery that shows it on the screens links back to the insert (LivePump).
        using var span = Platform.Telemetry.GridOpsTelemetry.Source.StartActivity("incident report");
        var channel = LiveNames.Camel(command.Source.ToString());
        span?.SetTag("gridops.channel", channel);
        var now = clock.Now;
        // PostgreSQL stores instants; callers may send any offset.
        command = command with { ReportedAt = command.ReportedAt?.ToUniversalTime() };
        var catalogue = await catalogueQueries.GetAsync(cancellationToken);
        var errors = ReportIncidentValidator.Validate(command, catalogue, now);
        if (GatewayOf(command.Source) is { } gateway && command.Reporter.Role != gateway && !ReferenceEquals(command.Reporter, Viewer.System))
        {
            // A 12345 ticket id or an Open311 token claimed by anyone else would drop the real one as a duplicate.
            errors["source"] = [$"Only the {command.Source.ToString().ToLowerInvariant()} gateway reports with source '{command.Source.ToString().ToLowerInvariant()}'; use api or leave it out."];
        }

        if (errors.Count > 0)
        {
            return new ReportOutcome(ReportStatus.Rejected, null, errors);
        }

        // No look-up first: a retry is rare, and the unique indexes catch it at insert (decision 011).
        var hash = RequestHash(command);
        var category = catalogue.Find(command.Category)!;
        double? lon = null, lat = null;
        LocatedIds? ids = null;
        var repeats = 0;
        if (command.Lon is { } rawLon && command.Lat is { } rawLat)
        {
            (lon, lat) = CoordinateConversion.ToWgs84(command.Crs, rawLon, rawLat);
            using var locating = Platform.Telemetry.GridOpsTelemetry.Source.StartActivity("incident locate");
            (ids, repeats) = await LocateAndCountRepeatsAsync(category.Id, command.ReportedAt ?? now, lon.Value, lat.Value, cancellationToken);
            locating?.SetTag("gridops.located", ids is not null);
        }

        // The district is known even when the point is in no grid: the one named, or the channel's (issue 20).
        var (districtId, districtProblem) = await ChannelDistrict.DecideAsync(dataSource, command.ChannelScope ?? command.Reporter.Scope, command.District, ids?.DistrictId, lon, lat, cancellationToken);
        if (districtProblem is not null)
        {
            return new ReportOutcome(ReportStatus.Rejected, null, new Dictionary<string, string[]> { ["district"] = [districtProblem] });
        }

        // The category's departments that serve this district: another district's (or a retired) one never gets it.
        var departments = catalogue.Serving(category.DepartmentCodes, districtId);
        var description = command.Description!.Trim();
        TierDecision tier;
        using (var tiering = Platform.Telemetry.GridOpsTelemetry.Source.StartActivity("incident tier"))
        {
            tier = TierRules.Decide(category, departments.Length, repeats, $"{command.Title} {description}");
            tiering?.SetTag("gridops.tier", LiveNames.Tier(tier.Tier));
        }

        var policy = await clock.PolicyAsync(districtId, cancellationToken);
        var report = new IncidentEvent
        {
            Seq = 1,
            OccurredAt = command.ReportedAt ?? now,
            RecordedAt = now,
            Actor = command.Actor,
            Action = IncidentAction.Report,
            Payload = new EventPayload
            {
                Title = string.IsNullOrWhiteSpace(command.Title) ? TitleFrom(description) : command.Title.Trim(),
                Description = description,
                Address = Blank(command.Address),
                CategoryId = category.Id,
                Tier = tier.Tier,
                TierReason = tier.Reason,
                Source = command.Source,
                SourceRef = Blank(command.SourceRef),
                ReporterName = Blank(command.ReporterName),
                ReporterContact = Blank(command.ReporterContact),
                Lon = lon,
                Lat = lat,
                GridId = ids?.GridId,
                SnappedMetres = ids?.SnappedMetres,
                MicroGridId = ids?.MicroGridId,
                CommunityId = ids?.CommunityId,
                StreetId = ids?.StreetId,
                DistrictId = districtId,
                DepartmentCodes = departments,
                // The clock starts when GridOps receives the report, not when it was seen.
                Clock = policy.Start(IncidentStep.Accept, policy.LimitMinutes(IncidentStep.Accept, tier.Tier, category), now),
            },
        };
        var incident = new Incident
        {
            // The database appends the id (M0015); the day is the district's own (its zone), not the server's or China's.
            TicketNo = TimeZoneInfo.ConvertTime(now, await districtZones.OfAsync(districtId, cancellationToken)).ToString("yyyyMMdd", CultureInfo.InvariantCulture),
            IdempotencyKey = Blank(command.IdempotencyKey),
            RequestHash = hash,
            ReporterClient = command.Reporter.ClientKey,
            StatusSecret = IncidentStatusSecret.New(),
        };
        IncidentLifecycle.Apply(incident, report);
        try
        {
            using (Platform.Telemetry.GridOpsTelemetry.Source.StartActivity("incident insert"))
            {
                await IncidentInsert.InsertAsync(dataSource, incident, report, command.Photos, cancellationToken);
            }

            liveSignal.Committed();
            metrics.Reported(channel);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // A concurrent retry with the same key or channel id committed first: answer with its incident.
            var existing = await FindExistingAsync(command, Viewer.System, cancellationToken)
                ?? throw new InvalidOperationException("A unique index refused the report but no incident holds its key.", e);
            // Someone else's key or ticket id must not become a way to read their incident.
            if (await FindExistingAsync(command, command.Reporter, cancellationToken) is null)
            {
                var field = command.IdempotencyKey is not null ? "Idempotency-Key" : "sourceRef";
                return new ReportOutcome(ReportStatus.KeyReused, null, new Dictionary<string, string[]>
                {
                    [field] = ["This key or channel id already belongs to another report; use a new one for a new report."],
                });
            }

            return Replay(existing, command, hash);
        }

        return new ReportOutcome(ReportStatus.Created, incident, errors)
        {
            AreaCodes = ids?.Codes ?? new Dictionary<long, string>(),
        };
    }

    /// <summary>The role that alone may report on a channel that carries another system's ids.</summary>
    private static AccessRole? GatewayOf(IncidentSource source) => source switch
    {
        IncidentSource.Hotline => AccessRole.HotlineGateway,
        IncidentSource.Open311 => AccessRole.Open311Client,
        _ => null,
    };

    internal static Photo PhotoRow(PhotoUpload upload, long incidentId, int seq, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(now),
        IncidentId = incidentId,
        EventSeq = seq,
        ContentType = upload.DetectedContentType!,
        ByteCount = upload.Content.Length,
        Sha256 = Convert.ToHexStringLower(SHA256.HashData(upload.Content)),
        Content = upload.Content,
        UploadedAt = now,
    };

    private static ReportOutcome Replay(Incident existing, ReportIncidentCommand command, string hash) =>
        command.IdempotencyKey is not null && existing.RequestHash != hash
            ? new ReportOutcome(ReportStatus.KeyReused, existing, new Dictionary<string, string[]>
            {
                ["Idempotency-Key"] = ["This key was already used for a different report; use a new key for a new report."],
            })
            : new ReportOutcome(ReportStatus.Existing, existing, new Dictionary<string, string[]>());

    private async Task<Incident?> FindExistingAsync(ReportIncidentCommand command, Viewer viewer, CancellationToken cancellationToken)
    {
        if (command.IdempotencyKey is null && command.SourceRef is null)
        {
            return null;
        }

        await using var context = await contexts.CreateDbContextAsync(cancellationToken);
        var key = Blank(command.IdempotencyKey);
        var sourceRef = Blank(command.SourceRef);
        var client = command.Reporter.ClientKey;
        var mine = context.Set<Incident>().AsNoTracking().VisibleTo(viewer).Where(i => i.ReporterClient == client);
        // The unique index that refused the insert may be either: a new key with a used channel id is a replay of that id.
        return (key is not null ? await mine.FirstOrDefaultAsync(i => i.IdempotencyKey == key, cancellationToken) : null)
            ?? (sourceRef is not null ? await mine.FirstOrDefaultAsync(i => i.Source == command.Source && i.SourceRef == sourceRef, cancellationToken) : null);
    }

    // Where it is and how many like it came before: two statements, one round trip.
    private async Task<(LocatedIds? Ids, int Repeats)> LocateAndCountRepeatsAsync(long categoryId, DateTimeOffset at, double lon, double lat, CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(LocateQueries.IdsCommand(lon, lat));
        var repeats = new NpgsqlBatchCommand(RepeatSql);
        repeats.Parameters.Add(new NpgsqlParameter<long> { TypedValue = categoryId });
        repeats.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = at - TierRules.RepeatWindow });
        repeats.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = at });
        repeats.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lon });
        repeats.Parameters.Add(new NpgsqlParameter<double> { TypedValue = lat });
        repeats.Parameters.Add(new NpgsqlParameter<double> { TypedValue = TierRules.RepeatRadiusMetres });
        // A box in degrees a little larger than the radius lets the GiST index find the candidates.
        const double metresPerDegree = 111_320;
        var dLat = TierRules.RepeatRadiusMetres * 1.1 / metresPerDegree;
        repeats.Parameters.Add(new NpgsqlParameter<double> { TypedValue = dLat / Math.Max(0.05, Math.Cos(lat * Math.PI / 180)) });
        repeats.Parameters.Add(new NpgsqlParameter<double> { TypedValue = dLat });
        // The rule only asks "at least two?": stopping there keeps a hotspot with hundreds of
        // earlier reports from making every new report scan them all.
        repeats.Parameters.Add(new NpgsqlParameter<long> { TypedValue = TierRules.RepeatsToRaise });
        batch.BatchCommands.Add(repeats);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        var ids = await LocateQueries.ReadIdsAsync(reader, cancellationToken);
        await reader.NextResultAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (ids, reader.GetInt32(0));
    }

    // What a retry must repeat to count as the same report: every field but the channel's bookkeeping.
    private static string RequestHash(ReportIncidentCommand command)
    {
        var canonical = JsonSerializer.Serialize(new
        {
            command.Source, command.Category, command.Title, command.Description, command.Address, command.Lon, command.Lat,
            command.Crs, command.ReportedAt, command.ReporterName, command.ReporterContact, command.SourceRef,
            Photos = command.Photos.Select(p => Convert.ToHexStringLower(SHA256.HashData(p.Content))),
        });
        // Only when named: a retry of a report stored before the field existed hashes as it did then.
        if (command.District is { } district)
        {
            canonical += "\n" + district;
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical)));
    }

    private static string TitleFrom(string description)
    {
        var firstLine = description.Split('\n', 2)[0].Trim();
        return firstLine.Length <= 30 ? firstLine : firstLine[..30] + "…";
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
