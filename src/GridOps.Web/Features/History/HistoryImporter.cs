using System.Globalization;
using GridOps.Web.Data;
using GridOps.Web.Features.Assessment;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.Locate;
using GridOps.Web.Features.WorkingTime;
using NetTopologySuite.Geometries;
using Npgsql;
using NpgsqlTypes;

namespace GridOps.Web.Features.History;

/// <summary>
/// Imports a district's past (issue 20, part 6): closed incidents of the previous system with their real times and
/// stated due dates, all or nothing. Records stream from the file through validation into a binary COPY; the rest is
/// set-based SQL in the same transaction. No alert is raised (every record is closed), no live event is written
/// (the live trigger keeps quiet for this transaction), and the months the history touched are frozen again so the
/// assessment counts them. docs/history.md.
/// </summary>
public sealed class HistoryImporter(NpgsqlDataSource dataSource, Districts.DistrictZones districtZones,
    AssessmentStore assessment, TimeProvider clock)
{
    private const int MaxProblemsReported = 200;
    private static readonly GeometryFactory Wgs84 = new(new PrecisionModel(), 4326);

    /// <param name="mayWriteDistrict">Asked with the district's id: false refuses (the principal's scope does not cover it).</param>
    public async Task<HistorySummary> ImportAsync(HistoryMapping mapping, Stream file, string actor, IProgress<string>? progress,
        Func<long?, bool>? mayWriteDistrict, CancellationToken cancellationToken)
    {
        var problems = new List<HistoryProblem>();
        var (mappingZone, crs) = CheckMapping(mapping, problems);
        var categories = await CategoryCodesAsync(cancellationToken);
        foreach (var code in mapping.Categories.Values.Append(mapping.DefaultCategory).OfType<string>().Where(c => !categories.Contains(c)).Distinct())
        {
            problems.Add(new HistoryProblem(null, "categories", $"'{code}' is not a GridOps category code."));
        }

        var districtId = await Districts.DistrictIds.OfCodeAsync(dataSource, mapping.District, cancellationToken);
        if (districtId is null)
        {
            problems.Add(new HistoryProblem(null, "district", $"there is no district '{mapping.District}' in your scope."));
        }

        if (problems.Count > 0)
        {
            throw new HistoryRejectedException(problems);
        }

        // Times without an offset are the district's local times unless the mapping names another zone; ticket days and
        // months are always the district's (the assessment cuts each district's month in its own zone).
        var districtZone = await districtZones.OfAsync(districtId, cancellationToken);
        if (mayWriteDistrict?.Invoke(districtId) == false)
        {
            // Another district's code answers as one that does not exist.
            throw new HistoryRejectedException([new HistoryProblem(null, "district", $"there is no district '{mapping.District}' in your scope.")]);
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, "SELECT set_config('gridops.quiet', 'on', true)", cancellationToken);
        var sequence = await ScalarAsync<string>(connection, transaction, "SELECT pg_get_serial_sequence('incidents', 'id')", cancellationToken);
        await ExecuteAsync(connection, transaction, HistorySql.CreateStaging(sequence!), cancellationToken);

        var parser = new HistoryRecordParser(mapping, mappingZone ?? districtZone, crs, categories, clock.GetUtcNow());
        var months = new SortedSet<DateOnly>();
        var count = await CopyAsync(connection, file, mapping, parser, districtZone, months, problems, progress, cancellationToken);
        if (problems.Count > 0)
        {
            throw new HistoryRejectedException(problems.Count <= MaxProblemsReported ? problems
                : [.. problems.Take(MaxProblemsReported), new HistoryProblem(null, "file", $"and {problems.Count - MaxProblemsReported:N0} more problems.")]);
        }

        progress?.Report($"Read {count:N0} records; locating them in district {mapping.District}.");
        await ExecuteAsync(connection, transaction, HistorySql.IndexPoints, cancellationToken);
        await ExecuteAsync(connection, transaction, HistorySql.Locate(districtId!.Value), cancellationToken);
        int incidents, events;
        try
        {
            incidents = await ExecuteAsync(connection, transaction, HistorySql.InsertIncidents, cancellationToken, districtId.Value, ClientOf(mapping.District));
            progress?.Report($"Stored {incidents:N0} incidents.");
            events = await ExecuteAsync(connection, transaction, HistorySql.InsertEvents, cancellationToken, actor);
            progress?.Report($"Stored {events:N0} events.");
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new HistoryRejectedException([new HistoryProblem(null, HistoryFields.Ref,
                e.ConstraintName == "ix_incidents_source_ref" ? $"some records were imported before ({e.Detail}); a history is imported once, nothing was stored."
                : $"a ticket number is taken ({e.Detail}); nothing was stored.")]);
        }

        var (total, located, late) = await CountsAsync(connection, transaction, cancellationToken);
        // Finished: over in every district (a frozen month is every district's), which the district's own past months are
        // but for the one that just ended while a district further west is still in it.
        var past = new List<DateOnly>();
        foreach (var month in months)
        {
            if (await assessment.IsOverEverywhereAsync(month, cancellationToken))
            {
                past.Add(month);
            }
        }

        var summary = new HistorySummary(mapping.District, incidents, events, located, late,
            [.. past.Select(m => m.ToString("yyyy-MM", CultureInfo.InvariantCulture))]) { Preview = mapping.Preview };
        if (total != incidents)
        {
            // A category was retired between the check and the write: refuse rather than store part of the file.
            throw new HistoryRejectedException([new HistoryProblem(null, HistoryFields.Category,
                $"{total - incidents:N0} records lost their category while the import ran; nothing was stored. Send the file again.")]);
        }

        if (mapping.Preview)
        {
            await transaction.RollbackAsync(cancellationToken);
            return summary;
        }

        await transaction.CommitAsync(cancellationToken);
        // Finished months are scored and frozen with their history in them (the current one is computed as it is read).
        // A month frozen before keeps its final: a frozen month never changes (docs/assessment.md); but a district that had
        // no rows in it when it was frozen (it joined GridOps later) gets its own rows added. The summary names the rest.
        var keptFrozen = new List<string>();
        foreach (var month in past)
        {
            if (!await assessment.FreezeAsync(month, cancellationToken) && !await assessment.AddDistrictToFinalAsync(month, districtId.Value, cancellationToken))
            {
                keptFrozen.Add(month.ToString("yyyy-MM", CultureInfo.InvariantCulture));
            }
        }

        progress?.Report($"Scored and froze {past.Count - keptFrozen.Count:N0} finished months; {keptFrozen.Count:N0} were frozen already and keep their final.");
        return summary with { KeptFrozen = keptFrozen };
    }

    /// <summary>One namespace of refs per district: the same file imported twice is refused, another district's refs never clash.</summary>
    public static string ClientOf(string districtCode) => "history:" + districtCode;

    private static async Task<int> CopyAsync(NpgsqlConnection connection, Stream file, HistoryMapping mapping, HistoryRecordParser parser, TimeZoneInfo districtZone,
        SortedSet<DateOnly> months, List<HistoryProblem> problems, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var refs = new Dictionary<string, int>(StringComparer.Ordinal);
        var count = 0;
        var writer = await connection.BeginBinaryImportAsync(HistorySql.Copy, cancellationToken);
        try
        {
            await foreach (var (line, values) in HistoryFileReader.ReadAsync(file, mapping, problems, cancellationToken))
            {
                if (parser.Parse(line, values, problems) is not { } record)
                {
                    continue;
                }

                if (!refs.TryAdd(record.Ref, line))
                {
                    problems.Add(new HistoryProblem(line, HistoryFields.Ref, $"'{record.Ref}' is also on line {refs[record.Ref]}."));
                    continue;
                }

                // After the first problem nothing more is written (it will be rolled back); reading goes on to list them all.
                if (problems.Count == 0)
                {
                    await WriteAsync(writer, record, districtZone, cancellationToken);
                    Month(months, record.ReportedAt, districtZone);
                    Month(months, record.ClosedAt, districtZone);
                    if (record.EvaluatedAt is { } evaluated)
                    {
                        Month(months, evaluated, districtZone);
                    }
                }

                if (++count % 100_000 == 0)
                {
                    progress?.Report($"Read {count:N0} records.");
                }
            }

            if (problems.Count == 0)
            {
                await writer.CompleteAsync(cancellationToken);
            }
        }
        finally
        {
            // Disposing an incomplete COPY cancels it; the transaction is rolled back with it.
            await writer.DisposeAsync();
        }

        return count;
    }

    private static async Task WriteAsync(NpgsqlBinaryImporter writer, HistoryRecord record, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        await writer.StartRowAsync(cancellationToken);
        await writer.WriteAsync(record.Line, NpgsqlDbType.Integer, cancellationToken);
        await writer.WriteAsync(record.Ref, NpgsqlDbType.Text, cancellationToken);
        await writer.WriteAsync(record.CategoryCode, NpgsqlDbType.Text, cancellationToken);
        await Nullable(writer, record.Title, NpgsqlDbType.Text, cancellationToken);
        await writer.WriteAsync(record.Description, NpgsqlDbType.Text, cancellationToken);
        await Nullable(writer, record.Address, NpgsqlDbType.Text, cancellationToken);
        if (record.Lon is { } lon && record.Lat is { } lat)
        {
            await writer.WriteAsync((Geometry)Wgs84.CreatePoint(new Coordinate(lon, lat)), "geometry", cancellationToken);
        }
        else
        {
            await writer.WriteNullAsync(cancellationToken);
        }

        // The day of the ticket number is the district's day of the report; the database appends the id (M0015).
        await writer.WriteAsync(TimeZoneInfo.ConvertTime(record.ReportedAt, zone).ToString("yyyyMMdd", CultureInfo.InvariantCulture), NpgsqlDbType.Text, cancellationToken);
        await writer.WriteAsync(record.ReportedAt, NpgsqlDbType.TimestampTz, cancellationToken);
        await Nullable(writer, record.AcceptedAt, NpgsqlDbType.TimestampTz, cancellationToken);
        await Nullable(writer, record.DispatchedAt, NpgsqlDbType.TimestampTz, cancellationToken);
        await writer.WriteAsync(record.ClosedAt, NpgsqlDbType.TimestampTz, cancellationToken);
        await Nullable(writer, record.EvaluatedAt, NpgsqlDbType.TimestampTz, cancellationToken);
        await Nullable(writer, record.DueAt, NpgsqlDbType.TimestampTz, cancellationToken);
        await Nullable(writer, record.Evaluation is { } e ? (short?)e : null, NpgsqlDbType.Smallint, cancellationToken);
    }

    private static async Task Nullable<T>(NpgsqlBinaryImporter writer, T? value, NpgsqlDbType type, CancellationToken cancellationToken)
    {
        if (value is null)
        {
            await writer.WriteNullAsync(cancellationToken);
        }
        else
        {
            await writer.WriteAsync(value, type, cancellationToken);
        }
    }

    private static void Month(SortedSet<DateOnly> months, DateTimeOffset instant, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(instant, zone);
        months.Add(new DateOnly(local.Year, local.Month, 1));
    }

    private static (TimeZoneInfo? Zone, Locate.CoordinateSystem Crs) CheckMapping(HistoryMapping mapping, List<HistoryProblem> problems)
    {
        if (!mapping.Format.Equals("csv", StringComparison.OrdinalIgnoreCase) && !mapping.Format.Equals("ndjson", StringComparison.OrdinalIgnoreCase))
        {
            problems.Add(new HistoryProblem(null, "format", $"'{mapping.Format}' is not csv or ndjson."));
        }

        if (mapping.Delimiter.Length != 1 || mapping.Delimiter[0] is '"' or '\n' or '\r')
        {
            problems.Add(new HistoryProblem(null, "delimiter", "must be one character (not a quote or a line break)."));
        }

        foreach (var field in mapping.Columns.Keys.Where(f => !HistoryFields.All.Contains(f)))
        {
            problems.Add(new HistoryProblem(null, "columns", $"'{field}' is not a history field; use {string.Join(", ", HistoryFields.All)}."));
        }

        foreach (var field in HistoryFields.Required.Where(f => !mapping.Columns.ContainsKey(f)))
        {
            problems.Add(new HistoryProblem(null, "columns", $"'{field}' is required: name the file's column for it."));
        }

        if (mapping.Columns.ContainsKey(HistoryFields.Lon) != mapping.Columns.ContainsKey(HistoryFields.Lat))
        {
            problems.Add(new HistoryProblem(null, "columns", "lon and lat come together."));
        }

        if (!CoordinateSystemNames.TryParse(mapping.Crs, out var crs))
        {
            problems.Add(new HistoryProblem(null, "crs", $"'{mapping.Crs}' is not wgs84, gcj02 or bd09."));
        }

        // The zone the file's times are written in when it says so; otherwise the district's (looked up later).
        TimeZoneInfo? zone = null;
        if (mapping.TimeZone is { } id && !TimeZoneInfo.TryFindSystemTimeZoneById(id, out zone))
        {
            problems.Add(new HistoryProblem(null, "timeZone", $"'{id}' is not an IANA time zone (e.g. America/New_York)."));
        }

        return (zone, crs);
    }

    private async Task<HashSet<string>> CategoryCodesAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT code FROM categories");
        var codes = new HashSet<string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            codes.Add(reader.GetString(0));
        }

        return codes;
    }

    private static async Task<(int Total, int Located, int Late)> CountsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(HistorySql.Counts, connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return (reader.GetInt32(0), reader.GetInt32(1), reader.GetInt32(2));
    }

    private static async Task<int> ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken,
        params object[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = parameter });
        }

        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<T?> ScalarAsync<T>(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        return await command.ExecuteScalarAsync(cancellationToken) is T value ? value : default;
    }
}
