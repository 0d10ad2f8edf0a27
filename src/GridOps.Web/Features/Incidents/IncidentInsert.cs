using System.Text.Json;
using Npgsql;
using NpgsqlTypes;

namespace GridOps.Web.Features.Incidents;

/// <summary>
/// Stores a new incident and its first event in one statement — intake's hot path. EF would
/// take four round trips (begin, insert, insert, commit); one prepared statement keeps intake
/// near a bare insert (docs/benchmarks.md). Later changes go through EF (<see cref="ChangeIncidentHandler"/>),
/// which reads these rows back, so a column missed here fails the tests that read incidents.
/// </summary>
internal static class IncidentInsert
{
    private const string Sql = """
        WITH i AS (
            INSERT INTO incidents (ticket_no, version, state, tier, tier_reason, category_id, title, description, address,
                source, source_ref, idempotency_key, request_hash, reporter_name, reporter_contact, location, unlocated,
                micro_grid_id, grid_id, community_id, street_id, assignee_department_codes, involved_department_codes, whistle_calls,
                reported_at, received_at, updated_at, step, step_segment_started_at, step_limit_minutes, step_elapsed_minutes,
                warn_at, due_at, next_escalation_at, reporter_client, status_secret, snapped_metres, district_id)
            VALUES ($43, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14,
                ST_SetSRID(ST_MakePoint($15, $16), 4326), $17, $18, $19, $20, $21, $22, $22, '[]',
                $23, $24, $25, $26, $27, $28, $29, $30, $31, $31, $39, $40, $42, $44)
            RETURNING id, ticket_no),
        traced AS (SELECT set_config('gridops.traceparent', $41, true)),
        e AS (
            INSERT INTO incident_events (incident_id, seq, occurred_at, recorded_at, actor, action, reason, payload)
            SELECT id, $32, $33, $34, $35, $36, $37, $38 FROM i, traced)
        SELECT id, ticket_no FROM i
        """;

    private const string PhotoSql = """
        INSERT INTO photos (id, incident_id, event_seq, content_type, byte_count, sha256, content, uploaded_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
        """;

    /// <summary>Inserts; fills <see cref="Incident.Id"/> and <see cref="Incident.TicketNo"/>. A duplicate key throws 23505.</summary>
    public static async Task InsertAsync(NpgsqlDataSource dataSource, Incident incident, IncidentEvent report, IReadOnlyList<PhotoUpload> photos, CancellationToken cancellationToken)
    {
        List<Photo> photoRows = [.. photos.Select(upload => ReportIncidentHandler.PhotoRow(upload, 0, report.Seq, report.RecordedAt))];
        if (photoRows.Count > 0)
        {
            report.Payload = report.Payload with { PhotoIds = [.. photoRows.Select(r => r.Id)] };
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Photos make it two statements; only then is an explicit transaction worth its round trips.
        await using var transaction = photos.Count > 0 ? await connection.BeginTransactionAsync(cancellationToken) : null;
        await using (var command = new NpgsqlCommand(Sql, connection, transaction))
        {
            var p = command.Parameters;
            p.Add(new NpgsqlParameter<int> { TypedValue = incident.Version });
            p.Add(new NpgsqlParameter<short> { TypedValue = (short)incident.State });
            p.Add(new NpgsqlParameter<short> { TypedValue = (short)incident.Tier });
            p.Add(new NpgsqlParameter<string> { TypedValue = incident.TierReason });
            p.Add(new NpgsqlParameter<long> { TypedValue = incident.CategoryId });
            p.Add(new NpgsqlParameter<string> { TypedValue = incident.Title });
            p.Add(new NpgsqlParameter<string> { TypedValue = incident.Description });
            p.Add(Text(incident.Address));
            p.Add(new NpgsqlParameter<short> { TypedValue = (short)incident.Source });
            p.Add(Text(incident.SourceRef));
            p.Add(Text(incident.IdempotencyKey));
            p.Add(Text(incident.RequestHash));
            p.Add(Text(incident.ReporterName));
            p.Add(Text(incident.ReporterContact));
            p.Add(Number(incident.Location?.X));
            p.Add(Number(incident.Location?.Y));
            p.Add(new NpgsqlParameter<bool> { TypedValue = incident.Unlocated });
            p.Add(Id(incident.MicroGridId));
            p.Add(Id(incident.GridId));
            p.Add(Id(incident.CommunityId));
            p.Add(Id(incident.StreetId));
            p.Add(new NpgsqlParameter<string[]> { TypedValue = incident.AssigneeDepartmentCodes });
            p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = incident.ReportedAt });
            p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = incident.ReceivedAt });
            p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = incident.UpdatedAt });
            p.Add(new NpgsqlParameter { Value = incident.Step is { } step ? (short)step : DBNull.Value, NpgsqlDbType = NpgsqlDbType.Smallint });
            p.Add(Time(incident.StepSegmentStartedAt));
            p.Add(new NpgsqlParameter { Value = (object?)incident.StepLimitMinutes ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
            p.Add(new NpgsqlParameter<int> { TypedValue = incident.StepElapsedMinutes });
            p.Add(Time(incident.WarnAt));
            p.Add(Time(incident.DueAt));
            p.Add(new NpgsqlParameter<int> { TypedValue = report.Seq });
            p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = report.OccurredAt });
            p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = report.RecordedAt });
            p.Add(new NpgsqlParameter<string> { TypedValue = report.Actor });
            p.Add(new NpgsqlParameter<short> { TypedValue = (short)report.Action });
            p.Add(Text(report.Reason));
            p.Add(new NpgsqlParameter { Value = JsonSerializer.Serialize(report.Payload, IncidentJson.Options), NpgsqlDbType = NpgsqlDbType.Jsonb });
            p.Add(new NpgsqlParameter<string> { TypedValue = incident.ReporterClient });
            p.Add(Text(incident.StatusSecret));
            // The span writing this row, for the live stream's row the trigger adds (M0013): the delivery links to it.
            p.Add(new NpgsqlParameter<string> { TypedValue = Platform.Telemetry.GridOpsTelemetry.CurrentTraceParent() ?? "" });
            p.Add(Number(incident.SnappedMetres));
            p.Add(new NpgsqlParameter<string> { TypedValue = incident.TicketNo });
            p.Add(Id(incident.DistrictId));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            await reader.ReadAsync(cancellationToken);
            incident.Id = reader.GetInt64(0);
            incident.TicketNo = reader.GetString(1);
        }

        report.IncidentId = incident.Id;
        foreach (var photo in photoRows)
        {
            photo.IncidentId = incident.Id;
            await using var insert = new NpgsqlCommand(PhotoSql, connection, transaction);
            insert.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = photo.Id });
            insert.Parameters.Add(new NpgsqlParameter<long> { TypedValue = photo.IncidentId });
            insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = photo.EventSeq });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = photo.ContentType });
            insert.Parameters.Add(new NpgsqlParameter<int> { TypedValue = photo.ByteCount });
            insert.Parameters.Add(new NpgsqlParameter<string> { TypedValue = photo.Sha256 });
            insert.Parameters.Add(new NpgsqlParameter<byte[]> { TypedValue = photo.Content });
            insert.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = photo.UploadedAt });
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
        }
    }

    private static NpgsqlParameter Text(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    private static NpgsqlParameter Number(double? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Double };

    private static NpgsqlParameter Id(long? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Bigint };

    private static NpgsqlParameter Time(DateTimeOffset? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.TimestampTz };
}
