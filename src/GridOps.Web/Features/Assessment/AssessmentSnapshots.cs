using GridOps.Web.Data;
using GridOps.Web.Features.Districts;
using GridOps.Web.Features.Hierarchy;
using Npgsql;

namespace GridOps.Web.Features.Assessment;

/// <summary>
/// The mid-month review (the 15th, 08:00) and the month-end summary (the last day, 20:00) at each district's own
/// moment, by its own clock (issue 20, part 1): the jobs run hourly around those days on GridOps' clock, and each run
/// takes the rows of every district whose moment has passed this month and whose rows it has not taken yet. The
/// shared departments, which count every district, are taken on GridOps' own clock.
/// </summary>
public sealed class AssessmentSnapshots(NpgsqlDataSource dataSource, AssessmentStore store, DistrictZones zones, TimeProvider clock,
    ILogger<AssessmentSnapshots> log)
{
    /// <summary>The shared departments' "district" in the snapshot takes.</summary>
    public const long Shared = 0;

    private static readonly string DistrictsSql = $"SELECT id FROM areas WHERE level = {Stored.As(AreaLevel.District)} AND retired_at IS NULL";

    /// <summary>The local moment a month's snapshot of this kind is taken.</summary>
    public static DateTime MomentOf(string kind, DateOnly month) => kind == AssessmentKind.MidMonth
        ? new DateTime(month.Year, month.Month, 15, 8, 0, 0, DateTimeKind.Unspecified)
        : new DateTime(month.Year, month.Month, DateTime.DaysInMonth(month.Year, month.Month), 20, 0, 0, DateTimeKind.Unspecified);

    /// <summary>Takes what is due now; answers how many districts' rows (the shared departments counted as one) were taken.</summary>
    public async Task<int> TakeDueAsync(string kind, CancellationToken cancellationToken)
    {
        var snapshot = await zones.CurrentAsync(cancellationToken);
        var clocks = new List<(long Id, TimeZoneInfo Zone)> { (Shared, zones.Default) };
        await using (var command = dataSource.CreateCommand(DistrictsSql))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                clocks.Add((reader.GetInt64(0), snapshot.Of(reader.GetInt64(0))));
            }
        }

        var now = clock.GetUtcNow();
        var due = new List<(long Id, DateOnly Month)>();
        foreach (var (id, zone) in clocks)
        {
            var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
            var month = new DateOnly(local.Year, local.Month, 1);
            if (local >= MomentOf(kind, month) && !await TakenAsync(month, kind, id, cancellationToken))
            {
                due.Add((id, month));
            }
            else if (kind == AssessmentKind.MonthEnd && !await TakenAsync(month.AddMonths(-1), kind, id, cancellationToken)
                && !await store.IsFrozenAsync(month.AddMonths(-1), cancellationToken) && await store.HasRunsAsync(month.AddMonths(-1), cancellationToken))
            {
                // The four evening hours of the last day were missed (every node down): taken late rather than never,
                // while last month is still shown from its snapshots (a month with none at all had no GridOps then).
                due.Add((id, month.AddMonths(-1)));
            }
        }

        var taken = 0;
        foreach (var month in due.GroupBy(d => d.Month))
        {
            // One computation per month for every district due in it; each district's rows stored on their own.
            var rows = await store.ComputeAsync(month.Key, cancellationToken);
            var districtOf = await store.DistrictsOfUnitsAsync(cancellationToken);
            foreach (var (id, _) in month)
            {
                var own = rows.Where(r => (districtOf.TryGetValue((r.Counts.Level, r.Counts.Unit), out var district) ? district : Shared) == id).ToList();
                if (await store.WriteDistrictSnapshotAsync(month.Key, kind, id, own, cancellationToken))
                {
                    taken++;
                    log.LogInformation("Took the {Kind} {Month:yyyy-MM} rows of district {District} ({Rows} rows).", kind, month.Key, id, own.Count);
                }
            }
        }

        return taken;
    }

    private async Task<bool> TakenAsync(DateOnly month, string kind, long districtId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT EXISTS (SELECT 1 FROM assessment_snapshot_takes WHERE month = $1 AND kind = $2 AND district_id = $3)");
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = month });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = kind });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = districtId });
        return await command.ExecuteScalarAsync(cancellationToken) is true;
    }
}
