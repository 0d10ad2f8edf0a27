using GridOps.Web.Features.Incidents;
using Npgsql;
using static GridOps.Web.Data.Stored;

namespace GridOps.Web.Features.Assessment;

/// <summary>
/// Computes a month's indicators for every grid, community, street, the district and every
/// department in one SQL statement over the event log; each incident in its own district's month (issue 20). The month's caseload is what GridOps received
/// in it plus what was still open when it began; a close counts in the month it was recorded, as do
/// rework, evaluations and report-ins — events recorded late count in the month they are recorded,
/// so a month computed twice gives the same numbers and a frozen month never changes (docs/assessment.md).
/// </summary>
public sealed class AssessmentCalculator(NpgsqlDataSource dataSource)
{
    // The events, levels and alert notes this SQL counts, by name (Data/Stored).
    // Each incident's month is its district's ($4–$6, GridOps' $7–$8 for the rest); $1 and $2 (the earliest start and
    // the latest end of any district) only narrow the scans so the indexes still serve.
    private const string Start = "coalesce(b.month_start, $7)";
    private const string End = "coalesce(b.month_end, $8)";
    private const string Bounds = "LEFT JOIN bounds b ON b.district_id = i.district_id";

    private static readonly string Sql = $"""
        WITH bounds AS (
            SELECT * FROM unnest($4::bigint[], $5::timestamptz[], $6::timestamptz[]) AS b(district_id, month_start, month_end)),
        cases AS (
            -- The month's caseload: received in the month, or carried over open from before it. A
            -- generous pre-filter on the current row; the event log below decides exactly.
            SELECT i.id, {End} AS month_end FROM incidents i {Bounds}
            WHERE i.received_at < $2 AND (i.received_at >= $1 OR i.closed_at IS NULL OR i.closed_at >= $1 - interval '7 days')
              AND i.received_at < {End} AND (i.received_at >= {Start} OR i.closed_at IS NULL OR i.closed_at >= {Start} - interval '7 days')),
        facts AS (
            SELECT e.incident_id,
                   min(e.recorded_at) FILTER (WHERE e.action = {As(IncidentAction.Close)}) AS closed_at,
                   min(e.recorded_at) FILTER (WHERE e.action IN ({List(IncidentAction.Void, IncidentAction.Merge)})) AS dropped_at,
                   min(e.recorded_at) FILTER (WHERE e.action = {As(IncidentAction.Escalate)}) AS first_overdue,
                   coalesce(bool_or(e.action = {As(IncidentAction.ApproveExtension)}), false) AS deferred
            FROM incident_events e JOIN cases c ON c.id = e.incident_id
            WHERE e.recorded_at < c.month_end
            GROUP BY e.incident_id),
        activity AS (
            SELECT e.incident_id,
                   bool_or(e.action IN ({List(IncidentAction.Return, IncidentAction.Rework)})) AS reworked,
                   bool_or(e.action = {As(IncidentAction.ReportBack)}) AS handled,
                   count(*) FILTER (WHERE e.action = {As(IncidentAction.Evaluate)} AND e.payload->>'evaluation' IN ('satisfied', 'basicallySatisfied')) AS satisfied,
                   count(*) FILTER (WHERE e.action = {As(IncidentAction.Evaluate)}) AS evaluated
            FROM incident_events e JOIN incidents i ON i.id = e.incident_id {Bounds}
            WHERE e.recorded_at >= $1 AND e.recorded_at < $2 AND e.action IN ({List(IncidentAction.ReportBack, IncidentAction.Evaluate, IncidentAction.Return, IncidentAction.Rework)})
              AND e.recorded_at >= {Start} AND e.recorded_at < {End}
            GROUP BY e.incident_id),
        acks AS (
            SELECT i.id AS incident_id, extract(epoch FROM ((c->>'reportedInAt')::timestamptz - (c->>'calledAt')::timestamptz)) / 60 AS minutes
            FROM incidents i CROSS JOIN LATERAL jsonb_array_elements(i.whistle_calls) c {Bounds}
            WHERE i.whistle_calls <> '[]'::jsonb AND (c->>'reportedInAt')::timestamptz >= {Start} AND (c->>'reportedInAt')::timestamptz < {End}
            UNION ALL
            SELECT a.incident_id, extract(epoch FROM (n.at - a.raised_at)) / 60
            FROM alert_notes n JOIN alerts a ON a.id = n.alert_id JOIN incidents i ON i.id = a.incident_id {Bounds}
            WHERE n.action = {As(Alerts.AlertAction.Acknowledged)} AND n.at >= $1 AND n.at < $2 AND n.at >= {Start} AND n.at < {End}),
        involved AS (
            SELECT id FROM cases UNION SELECT incident_id FROM activity UNION SELECT incident_id FROM acks),
        per_incident AS (
            SELECT i.id, i.district_id, i.street_id, i.community_id, i.grid_id, i.involved_department_codes, s.due, s.closed,
                   s.closed AND (f.first_overdue IS NULL OR f.first_overdue > f.closed_at) AND NOT f.deferred AS on_time,
                   s.due AND NOT coalesce(f.deferred, false) AS on_time_due,
                   s.closed AND f.closed_at - i.reported_at <= interval '1 day' AS day1,
                   s.closed AND f.closed_at - i.reported_at <= interval '2 days' AS day2,
                   s.closed AND f.closed_at - i.reported_at <= interval '3 days' AS day3,
                   coalesce(a.reworked, false) AS reworked, coalesce(a.handled, false) AS handled,
                   coalesce(a.satisfied, 0) AS satisfied, coalesce(a.evaluated, 0) AS evaluated
            FROM involved v
            JOIN incidents i ON i.id = v.id
            LEFT JOIN facts f ON f.incident_id = i.id
            LEFT JOIN activity a ON a.incident_id = i.id
            {Bounds}
            -- Due: in the caseload, neither closed before the month nor voided or merged by its end.
            -- Closed: its close recorded within the month (late records count when recorded).
            CROSS JOIN LATERAL (SELECT f.incident_id IS NOT NULL AND coalesce(f.closed_at >= {Start}, true) AND f.dropped_at IS NULL AS due,
                                       f.incident_id IS NOT NULL AND f.closed_at >= {Start} AND f.dropped_at IS NULL AS closed) s),
        units AS (
            SELECT {As(AssessmentLevel.District)} AS level, p.district_id::text AS unit, p.* FROM per_incident p WHERE p.district_id IS NOT NULL
            UNION ALL SELECT {As(AssessmentLevel.Street)}, p.street_id::text, p.* FROM per_incident p WHERE p.street_id IS NOT NULL
            UNION ALL SELECT {As(AssessmentLevel.Community)}, p.community_id::text, p.* FROM per_incident p WHERE p.community_id IS NOT NULL
            UNION ALL SELECT {As(AssessmentLevel.Grid)}, p.grid_id::text, p.* FROM per_incident p WHERE p.grid_id IS NOT NULL
            -- A department is its id: a code is read in the incident's district (its own department, else the shared one;
            -- codes are unique per district, issue 20), so two cities' "DOT" are two rows.
            UNION ALL SELECT {As(AssessmentLevel.Department)}, coalesce(own.id, shared.id)::text, p.*
            FROM per_incident p CROSS JOIN LATERAL unnest(p.involved_department_codes) d
            LEFT JOIN departments own ON own.code = d AND own.district_id = p.district_id
            LEFT JOIN departments shared ON shared.code = d AND shared.district_id IS NULL
            WHERE coalesce(own.id, shared.id) IS NOT NULL),
        counted AS (
            SELECT level, unit,
                   count(*) FILTER (WHERE due) AS due, count(*) FILTER (WHERE closed) AS closed,
                   count(*) FILTER (WHERE on_time) AS on_time, count(*) FILTER (WHERE on_time_due) AS on_time_due,
                   count(*) FILTER (WHERE day1) AS day1, count(*) FILTER (WHERE day2) AS day2, count(*) FILTER (WHERE day3) AS day3,
                   count(*) FILTER (WHERE reworked) AS reworked, count(*) FILTER (WHERE handled) AS handled,
                   sum(satisfied)::bigint AS satisfied, sum(evaluated)::bigint AS evaluated
            FROM units GROUP BY level, unit),
        acknowledged AS (
            SELECT u.level, u.unit, percentile_cont(0.5) WITHIN GROUP (ORDER BY k.minutes) AS median,
                   percentile_cont(0.9) WITHIN GROUP (ORDER BY k.minutes) AS p90, count(*) AS samples
            FROM acks k JOIN units u ON u.id = k.incident_id
            GROUP BY u.level, u.unit),
        -- Patrols: a patrol is one worker's day in their grid with a check-in inside it (within the
        -- tolerance); a grid's count is capped at its plan so one busy grid cannot hide another's gap. The month is
        -- the patrol's local day's, in its grid's district (issue 20), not GridOps' month bounds.
        patrol_days AS (
            SELECT p.grid_id, count(DISTINCT (p.actor, p.local_date)) AS done
            FROM patrols p WHERE p.local_date >= $3 AND p.local_date < ($3 + interval '1 month')::date AND NOT p.outside
            GROUP BY p.grid_id),
        patrol_units AS (
            SELECT u.level, u.unit, sum(least(coalesce(d.done, 0), pl.planned))::bigint AS done, sum(pl.planned)::bigint AS planned
            FROM patrol_plans pl
            JOIN areas a ON a.id = pl.grid_id
            LEFT JOIN patrol_days d ON d.grid_id = pl.grid_id
            CROSS JOIN LATERAL (VALUES ({As(AssessmentLevel.District)}, a.ancestor_ids[1]::text), ({As(AssessmentLevel.Street)}, a.ancestor_ids[2]::text), ({As(AssessmentLevel.Community)}, a.ancestor_ids[3]::text), ({As(AssessmentLevel.Grid)}, a.id::text)) u(level, unit)
            WHERE pl.month = $3 AND u.unit IS NOT NULL
            GROUP BY u.level, u.unit),
        merged AS (
            SELECT coalesce(c.level, p.level) AS level, coalesce(c.unit, p.unit) AS unit,
                   coalesce(c.due, 0) AS due, coalesce(c.closed, 0) AS closed, coalesce(c.on_time, 0) AS on_time,
                   coalesce(c.on_time_due, 0) AS on_time_due, coalesce(c.day1, 0) AS day1, coalesce(c.day2, 0) AS day2,
                   coalesce(c.day3, 0) AS day3, coalesce(c.reworked, 0) AS reworked, coalesce(c.handled, 0) AS handled,
                   coalesce(c.satisfied, 0) AS satisfied, coalesce(c.evaluated, 0) AS evaluated,
                   coalesce(p.done, 0) AS patrols_done, coalesce(p.planned, 0) AS patrols_planned
            FROM counted c FULL JOIN patrol_units p ON p.level = c.level AND p.unit = c.unit)
        SELECT c.level, coalesce(area.code, dept.code, c.unit), coalesce(area.name, dept.name, c.unit),
               c.due, c.closed, c.on_time, c.on_time_due, c.day1, c.day2, c.day3, c.reworked, c.handled, c.satisfied, c.evaluated,
               k.median, k.p90, coalesce(k.samples, 0), c.patrols_done, c.patrols_planned,
               coalesce(area.ancestor_ids[1], area.id, dept.district_id, 0)
        FROM merged c
        LEFT JOIN acknowledged k ON k.level = c.level AND k.unit = c.unit
        LEFT JOIN areas area ON area.id = CASE WHEN c.level IN ({List(AssessmentLevel.District, AssessmentLevel.Street, AssessmentLevel.Community, AssessmentLevel.Grid)}) THEN c.unit::bigint END
        LEFT JOIN departments dept ON dept.id = CASE WHEN c.level = {As(AssessmentLevel.Department)} THEN c.unit::bigint END
        ORDER BY c.level, 20, 2
        """;

    /// <summary>The month [<paramref name="start"/>, <paramref name="end"/>) in one clock for every unit with anything in it; <paramref name="month"/> names its patrol plan.</summary>
    public Task<IReadOnlyList<AssessmentCounts>> ComputeAsync(DateOnly month, DateTimeOffset start, DateTimeOffset end, CancellationToken cancellationToken) =>
        ComputeAsync(MonthBounds.OneClock(month, start, end), cancellationToken);

    /// <summary>The month in each district's own clock, for every unit with anything in it.</summary>
    public async Task<IReadOnlyList<AssessmentCounts>> ComputeAsync(MonthBounds bounds, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(Sql);
        command.CommandTimeout = 600;
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = bounds.EarliestStart });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = bounds.LatestEnd });
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = bounds.Month });
        command.Parameters.Add(new NpgsqlParameter<long[]> { TypedValue = [.. bounds.Districts.Select(d => d.DistrictId)] });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. bounds.Districts.Select(d => d.Start)] });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]> { TypedValue = [.. bounds.Districts.Select(d => d.End)] });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = bounds.DefaultStart });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = bounds.DefaultEnd });
        var rows = new List<AssessmentCounts>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            int Count(int ordinal) => (int)reader.GetInt64(ordinal);
            rows.Add(new AssessmentCounts((AssessmentLevel)reader.GetInt32(0), reader.GetString(1), reader.GetString(2),
                Count(3), Count(4), Count(5), Count(6), Count(7), Count(8), Count(9), Count(10), Count(11), Count(12), Count(13),
                Count(17), Count(18), reader.IsDBNull(14) ? null : reader.GetDouble(14), reader.IsDBNull(15) ? null : reader.GetDouble(15), Count(16))
            {
                DistrictId = reader.GetInt64(19),
            });
        }

        return rows;
    }
}
