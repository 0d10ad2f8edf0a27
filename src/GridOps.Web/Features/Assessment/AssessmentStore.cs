using System.Text.Json;
using GridOps.Web.Features.WorkingTime;
using Microsoft.Extensions.Options;
using Npgsql;

namespace GridOps.Web.Features.Assessment;

/// <summary>Which assessment of a month: the frozen final, a snapshot, or computed now.</summary>
public static class AssessmentKind
{
    public const string Final = "final";
    public const string MidMonth = "mid-month";
    public const string MonthEnd = "month-end";
    public const string Live = "live";
}

/// <summary>
/// Computes, freezes and reads monthly assessments. Freezing writes the month's run row first
/// (ON CONFLICT DO NOTHING) in the same transaction as its unit rows, so of two nodes freezing at
/// once exactly one writes, and a killed run leaves nothing behind for the next to trip over.
/// </summary>
public sealed class AssessmentStore(NpgsqlDataSource dataSource, AssessmentCalculator calculator, IOptions<AssessmentOptions> options,
    WorkingCalendarProvider calendar, Districts.DistrictZones districtZones, TimeProvider clock, ILogger<AssessmentStore> log)
{
    /// <summary>GridOps' month containing now (the monthly jobs run on GridOps' clock).</summary>
    public DateOnly CurrentMonth() => CurrentMonth(calendar.Zone);

    /// <summary>The month containing now in a zone (a reader's district's: the month the assessment page opens on).</summary>
    public DateOnly CurrentMonth(TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), zone);
        return new DateOnly(local.Year, local.Month, 1);
    }

    /// <summary>GridOps' month as instants (one clock; the benchmark's baseline).</summary>
    public (DateTimeOffset Start, DateTimeOffset End) Bounds(DateOnly month) => Bounds(month, calendar.Zone);

    /// <summary>The month in every district's own clock: each district with its own zone cut at its own midnights.</summary>
    public async Task<MonthBounds> BoundsAsync(DateOnly month, CancellationToken cancellationToken)
    {
        var zones = await districtZones.CurrentAsync(cancellationToken);
        var (start, end) = Bounds(month, zones.Default);
        var districts = new List<DistrictMonth>();
        foreach (var (districtId, zone) in zones.Zones.Where(z => z.Value.Id != zones.Default.Id))
        {
            var (districtStart, districtEnd) = Bounds(month, zone);
            districts.Add(new DistrictMonth(districtId, districtStart, districtEnd));
        }

        return new MonthBounds(month, start, end, districts);
    }

    /// <summary>Whether the month has ended in every district (only then is it frozen: a final is every district's).</summary>
    public async Task<bool> IsOverEverywhereAsync(DateOnly month, CancellationToken cancellationToken) =>
        clock.GetUtcNow() >= (await BoundsAsync(month, cancellationToken)).LatestEnd;

    private static (DateTimeOffset Start, DateTimeOffset End) Bounds(DateOnly month, TimeZoneInfo zone) =>
        (Components.Shared.LocalTime.StartOfDay(month, zone), Components.Shared.LocalTime.StartOfDay(month.AddMonths(1), zone));

    /// <summary>The month so far (or the whole month, once over), scored, not stored.</summary>
    public async Task<IReadOnlyList<AssessmentRow>> ComputeAsync(DateOnly month, CancellationToken cancellationToken)
    {
        // The whole month even while it runs: nothing can be recorded after now, so the month so far is what there is.
        var bounds = await BoundsAsync(month, cancellationToken);
        return AssessmentScoring.Score(await calculator.ComputeAsync(bounds, cancellationToken), options.Value);
    }

    /// <summary>Freezes a month over in every district; false when it was frozen already (by this node or another) or is not over yet.</summary>
    public async Task<bool> FreezeAsync(DateOnly month, CancellationToken cancellationToken)
    {
        if (await ExistsAsync(month, AssessmentKind.Final, cancellationToken))
        {
            return false;
        }

        if (!await IsOverEverywhereAsync(month, cancellationToken))
        {
            // A district further west is still in it: the job comes back within the hour (AssessmentModule).
            log.LogInformation("{Month:yyyy-MM} is not over in every district yet; it is frozen once it is.", month);
            return false;
        }

        var rows = await ComputeAsync(month, cancellationToken);
        return await WriteAsync(month, AssessmentKind.Final, rows, cancellationToken);
    }

    /// <summary>
    /// Adds one district's rows to a month frozen before that district had any there (issue 20: a district joining
    /// GridOps brings its history into months another district's freeze already closed). Nothing frozen changes: the
    /// rows are added only when the final holds none of the district's units, and ranked among the district's own
    /// units. Shared departments' rows, which count every district, stay as frozen. False when nothing was added.
    /// </summary>
    public async Task<bool> AddDistrictToFinalAsync(DateOnly month, long districtId, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(month, AssessmentKind.Final, cancellationToken))
        {
            return false;
        }

        var counts = await calculator.ComputeAsync(await BoundsAsync(month, cancellationToken), cancellationToken);
        var rows = AssessmentScoring.Score(counts.Where(c => c.DistrictId == districtId), options.Value);
        if (rows.Count == 0)
        {
            return false;
        }

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        // One district's rows at a time, whoever else is adding theirs: the lock is the month's run row.
        await using (var lockMonth = new NpgsqlCommand("SELECT 1 FROM assessment_runs WHERE month = $1 AND kind = 'final' FOR UPDATE", connection, transaction))
        {
            lockMonth.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = month });
            await lockMonth.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var any = new NpgsqlCommand(
            "SELECT EXISTS (SELECT 1 FROM assessments WHERE month = $1 AND kind = 'final' AND district_id = $2)", connection, transaction))
        {
            any.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = month });
            any.Parameters.Add(new NpgsqlParameter<long> { TypedValue = districtId });
            if (await any.ExecuteScalarAsync(cancellationToken) is true)
            {
                return false; // the district was in the month when it was frozen: its rows stand as they are
            }
        }

        await CopyRowsAsync(connection, month, AssessmentKind.Final, rows, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        log.LogInformation("Added {Rows} rows of district {District} to the frozen {Month:yyyy-MM}.", rows.Count, districtId, month);
        return true;
    }

    /// <summary>
    /// One district's rows of a month's mid-month review or month-end summary (district 0: the shared departments),
    /// replacing any it had; false when that district's were taken already this month (by this node or another).
    /// </summary>
    public async Task<bool> WriteDistrictSnapshotAsync(DateOnly month, string kind, long districtId, IReadOnlyList<AssessmentRow> rows,
        CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await InsertRunAsync(connection, transaction, month, kind, cancellationToken);
        await using (var take = new NpgsqlCommand(
            "INSERT INTO assessment_snapshot_takes (month, kind, district_id, taken_at) VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING", connection, transaction))
        {
            take.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = month });
            take.Parameters.Add(new NpgsqlParameter<string> { TypedValue = kind });
            take.Parameters.Add(new NpgsqlParameter<long> { TypedValue = districtId });
            take.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
            if (await take.ExecuteNonQueryAsync(cancellationToken) == 0)
            {
                return false;
            }
        }

        await using (var delete = new NpgsqlCommand(
            "DELETE FROM assessments WHERE month = $1 AND kind = $2 AND district_id = $3", connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = month });
            delete.Parameters.Add(new NpgsqlParameter<string> { TypedValue = kind });
            delete.Parameters.Add(new NpgsqlParameter<long> { TypedValue = districtId });
            await delete.ExecuteNonQueryAsync(cancellationToken);
        }

        await CopyRowsAsync(connection, month, kind, rows, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<IReadOnlyList<AssessmentRow>?> LoadAsync(DateOnly month, string kind, CancellationToken cancellationToken)
    {
        if (!await ExistsAsync(month, kind, cancellationToken))
        {
            return null;
        }

        await using var command = dataSource.CreateCommand("SELECT row::text, district_id FROM assessments WHERE month = $1 AND kind = $2 ORDER BY level, district_id, unit");
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = month });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = kind });
        var rows = new List<AssessmentRow>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // The key's district is the row's (rows frozen before codes were per district hold none in their JSON).
            var row = JsonSerializer.Deserialize<AssessmentRow>(reader.GetString(0), Json)!;
            rows.Add(row with { Counts = row.Counts with { DistrictId = reader.GetInt64(1) } });
        }

        return rows;
    }

    /// <summary>Months with something to show, newest first: every frozen or snapshotted month, and the current one.</summary>
    public async Task<IReadOnlyList<(DateOnly Month, string[] Kinds)>> MonthsAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT month, array_agg(kind ORDER BY kind) FROM assessment_runs GROUP BY month ORDER BY month DESC");
        var months = new List<(DateOnly, string[])>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                months.Add((reader.GetFieldValue<DateOnly>(0), reader.GetFieldValue<string[]>(1)));
            }
        }

        var current = CurrentMonth();
        if (months.All(m => m.Item1 != current))
        {
            months.Insert(0, (current, []));
        }

        return months;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Whether a month has been frozen.</summary>
    public Task<bool> IsFrozenAsync(DateOnly month, CancellationToken cancellationToken) => ExistsAsync(month, AssessmentKind.Final, cancellationToken);

    /// <summary>Whether a month has any stored assessment (a snapshot or its final).</summary>
    public async Task<bool> HasRunsAsync(DateOnly month, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM assessment_runs WHERE month = $1)");
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = month });
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    private async Task<bool> ExistsAsync(DateOnly month, string kind, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT EXISTS (SELECT 1 FROM assessment_runs WHERE month = $1 AND kind = $2)");
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = month });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = kind });
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }

    private async Task<bool> WriteAsync(DateOnly month, string kind, IReadOnlyList<AssessmentRow> rows, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await InsertRunAsync(connection, transaction, month, kind, cancellationToken))
        {
            return false; // another node wrote it first
        }

        await CopyRowsAsync(connection, month, kind, rows, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    // The month's run row of this kind; false when it was there already.
    private async Task<bool> InsertRunAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateOnly month, string kind, CancellationToken cancellationToken)
    {
        await using var run = new NpgsqlCommand("INSERT INTO assessment_runs (month, kind, created_at) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING", connection, transaction);
        run.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = month });
        run.Parameters.Add(new NpgsqlParameter<string> { TypedValue = kind });
        run.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        return await run.ExecuteNonQueryAsync(cancellationToken) > 0;
    }

    private static async Task CopyRowsAsync(NpgsqlConnection connection, DateOnly month, string kind, IReadOnlyList<AssessmentRow> rows, CancellationToken cancellationToken)
    {
        await using var import = await connection.BeginBinaryImportAsync("COPY assessments (month, kind, level, district_id, unit, row) FROM STDIN (FORMAT BINARY)", cancellationToken);
        foreach (var row in rows)
        {
            await import.StartRowAsync(cancellationToken);
            await import.WriteAsync(month, NpgsqlTypes.NpgsqlDbType.Date, cancellationToken);
            await import.WriteAsync(kind, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync((short)row.Counts.Level, NpgsqlTypes.NpgsqlDbType.Smallint, cancellationToken);
            await import.WriteAsync(row.Counts.DistrictId, NpgsqlTypes.NpgsqlDbType.Bigint, cancellationToken);
            await import.WriteAsync(row.Counts.Unit, NpgsqlTypes.NpgsqlDbType.Text, cancellationToken);
            await import.WriteAsync(JsonSerializer.Serialize(row, Json), NpgsqlTypes.NpgsqlDbType.Jsonb, cancellationToken);
        }

        await import.CompleteAsync(cancellationToken);
    }
}
