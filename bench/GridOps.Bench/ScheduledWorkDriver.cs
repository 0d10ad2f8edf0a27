using System.Diagnostics;
using System.Globalization;
using GridOps.TestSupport;
using GridOps.Web.Data;
using GridOps.Web.Features.Alerts;
using GridOps.Web.Features.Assessment;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace GridOps.Bench;

/// <summary>
/// The two clocks of issue 6 at scale, each against the bare SQL of the same data in the same run:
/// the overdue sweep with 100,000 open incidents (a quiet tick, and ticks where 1,000 and 20,000
/// fall due; then as Hangfire runs it, 1,000 and 50,000 due in one second), and the monthly assessment over 1,000,000 incidents of one month for every unit.
/// Incidents are generated in SQL straight into a fresh copy of the demo district.
/// </summary>
internal static class ScheduledWorkDriver
{
    public static async Task RunAsync(int openIncidents, int monthIncidents)
    {
        var template = await BenchDatabase.EnsureAsync("demo");
        var connectionString = await IntakeLoadDriver.FreshCopyAsync(template, "gridops_bench_jobs");
        await using var app = new GridOpsAppFactory(connectionString) { Settings = new Dictionary<string, string> { ["Alerts:Sweep"] = "false" } };
        app.StartOnLoopback(); // migrates and seeds the catalogue
        await using var dataSource = DataModule.CreateDataSource(connectionString);
        var sweep = app.Services.GetRequiredService<DeadlineSweep>();

        Console.WriteLine($"\n## Overdue sweep, {openIncidents:N0} open incidents\n");
        Console.WriteLine("| tick | incidents due | sweep ms | bare UPDATE ms | ratio |");
        Console.WriteLine("|---|---|---|---|---|");
        await GenerateOpenAsync(dataSource, openIncidents);
        await sweep.SweepAsync(CancellationToken.None); // the first sweep ever, over the empty past
        foreach (var due in new[] { 0, 1_000, 20_000 })
        {
            double swept;
            if (due == 0)
            {
                // A quiet tick is the median of five: Npgsql prepares a statement on its second use.
                var ticks = new List<double>();
                for (var i = 0; i < 5; i++)
                {
                    ticks.Add(await TimeAsync(() => sweep.SweepAsync(CancellationToken.None)));
                }

                swept = ticks.Order().ElementAt(2);
            }
            else
            {
                await MakeDueAsync(dataSource, due);
                swept = await TimeAsync(() => sweep.SweepAsync(CancellationToken.None));
            }

            await MakeDueAsync(dataSource, due); // the same number due again, for the baseline
            var bare = await TimeAsync(() => ExecuteAsync(dataSource, """
                UPDATE incidents SET version = version + 1, tier = least(tier + 1, 3), escalations = escalations + 1,
                    next_escalation_at = now() + interval '2 hours'
                WHERE next_escalation_at <= now() AND state NOT IN (5, 6, 9, 10)
                """));
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {(due == 0 ? "quiet" : "busy")} | {due:N0} | {swept:F1} | {bare:F1} | {swept / Math.Max(bare, 0.1):F2} |"));
        }

        Console.WriteLine($"\n## Monthly assessment, {monthIncidents:N0} incidents in one month, every unit\n");
        var month = new DateOnly(2026, 10, 1);
        await GenerateMonthAsync(dataSource, monthIncidents);
        var calculator = app.Services.GetRequiredService<AssessmentCalculator>();
        var store = app.Services.GetRequiredService<AssessmentStore>();
        var (start, end) = store.Bounds(month);
        var units = 0;
        var full = await TimeAsync(async () => units = (await calculator.ComputeAsync(month, start, end, CancellationToken.None)).Count);
        var bareAggregate = await TimeAsync(() => ExecuteAsync(dataSource, $"""
            SELECT street_id, community_id, grid_id, count(*), count(closed_at), count(*) FILTER (WHERE closed_at - reported_at <= interval '1 day')
            FROM incidents WHERE received_at >= '{start:O}' AND received_at < '{end:O}'
            GROUP BY GROUPING SETS ((), (street_id), (community_id), (grid_id))
            """));
        Console.WriteLine("| run | units | ms |");
        Console.WriteLine("|---|---|---|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| assessment: every indicator from the event log | {units:N0} | {full:F0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| bare aggregate: counts per unit from the incidents table | — | {bareAggregate:F0} |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"\nratio assessment / bare aggregate: {full / bareAggregate:F2}"));

        // Last, alone: this app (its live pump, its job server) stops first, so only the sweeping node shares the cores.
        await app.DisposeAsync();
        await SweepLatenessDriver.RunAsync(connectionString, dataSource, [1_000, 50_000]);
    }

    /// <summary>Open incidents at grid label points, due far in the future (the engine looks only at what is due).</summary>
    private static Task GenerateOpenAsync(NpgsqlDataSource dataSource, int count) => ExecuteAsync(dataSource, $"""
        WITH grids AS (SELECT id, parent_id, (SELECT parent_id FROM areas c WHERE c.id = g.parent_id) AS street, label_point, row_number() OVER () AS n FROM areas g WHERE level = 3),
        total AS (SELECT count(*) AS n FROM grids),
        made AS (
            INSERT INTO incidents (ticket_no, version, state, tier, tier_reason, category_id, title, description, source, location, unlocated,
                grid_id, community_id, street_id, reported_at, received_at, updated_at, step, step_limit_minutes, step_elapsed_minutes, warn_at, due_at, next_escalation_at)
            SELECT '', 1, 0, 0, 'category:green', (SELECT min(id) FROM categories), 'bench', 'bench', 4, g.label_point, false,
                g.id, g.parent_id, g.street, now() - interval '1 hour', now() - interval '1 hour', now(), 0, 60, 0,
                now() + interval '30 days', now() + interval '31 days', now() + interval '31 days'
            FROM generate_series(1, {count}) s CROSS JOIN total JOIN grids g ON g.n = 1 + s % total.n
            RETURNING id)
        INSERT INTO incident_events (incident_id, seq, occurred_at, recorded_at, actor, action, payload)
        SELECT id, 1, now(), now(), 'bench', 0, jsonb_build_object() FROM made
        """);

    /// <summary>Makes <paramref name="count"/> open incidents due a moment ago.</summary>
    private static Task MakeDueAsync(NpgsqlDataSource dataSource, int count) => ExecuteAsync(dataSource, $"""
        UPDATE incidents SET due_at = now() - interval '1 second', next_escalation_at = now() - interval '1 second'
        WHERE id IN (SELECT id FROM incidents WHERE state = 0 AND next_escalation_at > now() ORDER BY id LIMIT {count})
        """);

    /// <summary>
    /// A month of incidents: reported through October, 95 % closed within 0–4 days, a report and (for
    /// closed ones) a close event each. Written with triggers off (session_replication_role = replica):
    /// generated data needs no ticket numbers made, no live-stream rows, no foreign-key checks — at a
    /// million rows those took over ten minutes.
    /// </summary>
    private static Task GenerateMonthAsync(NpgsqlDataSource dataSource, int count) => ExecuteAsync(dataSource, $"""
        SET session_replication_role = replica;
        WITH grids AS (SELECT id, parent_id, (SELECT parent_id FROM areas c WHERE c.id = g.parent_id) AS street, label_point, row_number() OVER () AS n FROM areas g WHERE level = 3),
        total AS (SELECT count(*) AS n FROM grids),
        made AS (
            INSERT INTO incidents (ticket_no, version, state, tier, tier_reason, category_id, title, description, source, location, unlocated,
                grid_id, community_id, street_id, reported_at, received_at, updated_at, closed_at)
            SELECT 'M' || s, 2, CASE WHEN s % 20 = 0 THEN 0 ELSE 5 END, 0, 'category:green', (SELECT min(id) FROM categories), 'month', 'month', 4, g.label_point, false,
                g.id, g.parent_id, g.street, t.at, t.at, t.at,
                CASE WHEN s % 20 = 0 THEN NULL ELSE t.at + (s % 5) * interval '1 day' END
            FROM generate_series(1, {count}) s CROSS JOIN total JOIN grids g ON g.n = 1 + s % total.n
            CROSS JOIN LATERAL (SELECT timestamptz '2026-10-01 00:00+08' + (s % 29) * interval '1 day' + (s % 86400) * interval '1 second' AS at) t
            RETURNING id, reported_at, closed_at),
        reports AS (
            INSERT INTO incident_events (incident_id, seq, occurred_at, recorded_at, actor, action, payload)
            SELECT id, 1, reported_at, reported_at, 'bench', 0, jsonb_build_object() FROM made)
        INSERT INTO incident_events (incident_id, seq, occurred_at, recorded_at, actor, action, payload)
        SELECT id, 2, closed_at, closed_at, 'bench', 7, jsonb_build_object() FROM made WHERE closed_at IS NOT NULL;
        SET session_replication_role = origin;
        ANALYZE incidents;
        ANALYZE incident_events;
        """);

    internal static async Task ExecuteAsync(NpgsqlDataSource dataSource, string sql)
    {
        await using var command = dataSource.CreateCommand(sql);
        command.CommandTimeout = 3600;
        await command.ExecuteNonQueryAsync();
    }

    internal static async Task<double> TimeAsync(Func<Task> work)
    {
        var clock = Stopwatch.StartNew();
        await work();
        return clock.Elapsed.TotalMilliseconds;
    }
}
