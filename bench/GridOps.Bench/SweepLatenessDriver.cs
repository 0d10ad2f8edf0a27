using System.Diagnostics;
using System.Globalization;
using GridOps.TestSupport;
using Npgsql;

namespace GridOps.Bench;

/// <summary>
/// The deadline sweep as Hangfire runs it (issue 16): incidents fall due together at a whole second,
/// and the driver watches the database for them to be escalated and committed. Lateness is the time
/// from that second to the commit (observed by an index count every 25 ms, so +25 ms at most), p50 and p99 over the
/// incidents, beside the bare set-based UPDATE of as many rows in the same run.
/// </summary>
internal static class SweepLatenessDriver
{
    public static async Task RunAsync(string connectionString, NpgsqlDataSource dataSource, IReadOnlyList<int> dueCounts)
    {
        var rows = new List<(int Due, double P50, double P99, double All)>();
        await using (var app = new GridOpsAppFactory(connectionString) { Settings = new Dictionary<string, string> { ["Alerts:Sweep"] = "true" } })
        {
            app.StartOnLoopback();
            foreach (var due in dueCounts)
            {
                rows.Add(await LatenessAsync(dataSource, due));
            }
        }

        // The baseline with no sweep running beside it: as many of the same generated open incidents escalated by one UPDATE.
        Console.WriteLine("\n## Overdue sweep under Hangfire (every second), lateness from due to escalated and committed\n");
        Console.WriteLine("| incidents due | p50 ms | p99 ms | all ms | bare UPDATE ms | p99 / bare |");
        Console.WriteLine("|---|---|---|---|---|---|");
        foreach (var (due, p50, p99, all) in rows)
        {
            await ExecuteAsync(dataSource, "UPDATE incidents SET due_at = now() - interval '1 second', next_escalation_at = now() - interval '1 second' WHERE id IN " +
                $"(SELECT id FROM incidents WHERE state = 0 AND title = 'bench' ORDER BY id DESC LIMIT {due})", null);
            var bare = await ScheduledWorkDriver.TimeAsync(() => ScheduledWorkDriver.ExecuteAsync(dataSource, """
                UPDATE incidents SET version = version + 1, tier = least(tier + 1, 3), escalations = escalations + 1,
                    next_escalation_at = now() + interval '2 hours'
                WHERE next_escalation_at <= now() AND state NOT IN (5, 6, 9, 10)
                """));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {due:N0} | {p50:F0} | {p99:F0} | {all:F0} | {bare:F0} | {p99 / Math.Max(bare, 0.1):F1} |"));
        }
    }

    private static async Task<(int Due, double P50, double P99, double All)> LatenessAsync(NpgsqlDataSource dataSource, int due)
    {
        // A whole second a little ahead, so the marking commits before it.
        var at = await ScalarAsync<DateTime>(dataSource, "SELECT date_trunc('second', now()) + interval '3 seconds'");
        await ExecuteAsync(dataSource, "UPDATE incidents SET due_at = $1, next_escalation_at = $1 WHERE id IN " +
            $"(SELECT id FROM incidents WHERE state = 0 AND next_escalation_at > now() + interval '1 day' ORDER BY id LIMIT {due})", at);
        var dueAt = new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc));
        var seen = new List<(double Late, long Count)>();
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(2))
        {
            // Those not yet escalated still have next_escalation_at = due: an index look-up, so watching costs the sweep little.
            var done = due - await ScalarAsync<long>(dataSource, "SELECT count(*) FROM incidents WHERE next_escalation_at = $1", at);
            var late = (DateTimeOffset.UtcNow - dueAt).TotalMilliseconds;
            if (done > 0 && (seen.Count == 0 || done > seen[^1].Count))
            {
                seen.Add((late, done));
            }

            if (done >= due)
            {
                break;
            }

            await Task.Delay(25);
        }

        double Quantile(double q) => seen.First(s => s.Count >= Math.Ceiling(q * due)).Late;
        return (due, Quantile(0.5), Quantile(0.99), seen[^1].Late);
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlDataSource dataSource, string sql, DateTime? at = null)
    {
        await using var command = dataSource.CreateCommand(sql);
        if (at is { } value)
        {
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = value });
        }

        return (T)(await command.ExecuteScalarAsync())!;
    }

    private static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql, DateTime? at)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.CommandTimeout = 600;
        if (at is { } value)
        {
            command.Parameters.Add(new NpgsqlParameter<DateTime> { TypedValue = value });
        }

        await command.ExecuteNonQueryAsync();
    }
}
