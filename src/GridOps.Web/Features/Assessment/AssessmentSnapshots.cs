using GridOps.Web.Features.Districts;
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

    /// <summary>The local moment a month's snapshot of this kind is taken.</summary>
    public static DateTime MomentOf(string kind, DateOnly month) => kind == AssessmentKind.MidMonth
        ? new DateTime(month.Year, month.Month, 15, 8, 0, 0, DateTimeKind.Unspecified)
        : new DateTime(month.Year, month.Month, DateTime.DaysInMonth(month.Year, month.Month), 20, 0, 0, DateTimeKind.Unspecified);

    /// <summary>Takes what is due now; answers how many districts' rows (the shared departments counted as one) were taken.</summary>
    public async Task<int> TakeDueAsync(string kind, CancellationToken cancellationToken)
    {
        var snapshot = await zones.CurrentAsync(cancellationToken);
        var clocks = (await zones.CurrentDistrictsAsync(cancellationToken)).Select(d => (d.Id, Zone: snapshot.Of(d.Id))).Prepend((Shared, zones.Default));
        var now = clock.GetUtcNow();
        var taken = await TakenAsync(kind, now, cancellationToken);
        var due = new List<(long Id, DateOnly Month)>();
        foreach (var (id, zone) in clocks)
        {
            var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
            var month = new DateOnly(local.Year, local.Month, 1);
            if (local >= MomentOf(kind, month) && !taken.Contains((id, month)))
            {
                due.Add((id, month));
            }
            else if (kind == AssessmentKind.MonthEnd && !taken.Contains((id, month.AddMonths(-1)))
                && !await store.IsFrozenAsync(month.AddMonths(-1), cancellationToken) && await store.HasRunsAsync(month.AddMonths(-1), cancellationToken))
            {
                // The four evening hours of the last day were missed (every node down): taken late rather than never,
                // while last month is still shown from its snapshots (a month with none at all had no GridOps then).
                due.Add((id, month.AddMonths(-1)));
            }
        }

        var took = 0;
        foreach (var month in due.GroupBy(d => d.Month))
        {
            // One computation per month for every district due in it; each district's rows stored on their own.
            var rows = await store.ComputeAsync(month.Key, cancellationToken);
            foreach (var (id, _) in month)
            {
                var own = rows.Where(r => r.Counts.DistrictId == id).ToList();
                if (await store.WriteDistrictSnapshotAsync(month.Key, kind, id, own, cancellationToken))
                {
                    took++;
                    log.LogInformation("Took the {Kind} {Month:yyyy-MM} rows of district {District} ({Rows} rows).", kind, month.Key, id, own.Count);
                }
            }
        }

        return took;
    }

    // The districts whose rows of this kind were taken in the months a clock can be in now (last month to next).
    private async Task<HashSet<(long District, DateOnly Month)>> TakenAsync(string kind, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("SELECT district_id, month FROM assessment_snapshot_takes WHERE kind = $1 AND month >= $2");
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = kind });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = new DateOnly(now.Year, now.Month, 1).AddMonths(-2) });
        var taken = new HashSet<(long, DateOnly)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            taken.Add((reader.GetInt64(0), reader.GetFieldValue<DateOnly>(1)));
        }

        return taken;
    }
}
