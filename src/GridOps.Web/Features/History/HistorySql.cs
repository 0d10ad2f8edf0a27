using GridOps.Web.Data;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.Incidents;

namespace GridOps.Web.Features.History;

/// <summary>
/// The set-based half of a history import: the records are COPYed into <c>history_rows</c> (ids drawn from the
/// incidents' own sequence as they arrive), located against the district's grids in one walk, then written as
/// incidents and their event logs in two statements.
/// </summary>
internal static class HistorySql
{
    public static string CreateStaging(string idSequence) => $"""
        CREATE TEMP TABLE history_rows (
            id bigint NOT NULL DEFAULT nextval('{idSequence}'), line integer NOT NULL, ref text NOT NULL, category_code text NOT NULL,
            title text, description text NOT NULL, address text, point geometry(Point, 4326), ticket_day text NOT NULL,
            reported_at timestamptz NOT NULL, accepted_at timestamptz, dispatched_at timestamptz, closed_at timestamptz NOT NULL,
            evaluated_at timestamptz, due_at timestamptz, evaluation smallint
        ) ON COMMIT DROP
        """;

    public const string Copy = """
        COPY history_rows (line, ref, category_code, title, description, address, point, ticket_day,
                           reported_at, accepted_at, dispatched_at, closed_at, evaluated_at, due_at, evaluation) FROM STDIN (FORMAT BINARY)
        """;

    // The points get an index and each of the district's grids walks it once (decision 008): PostGIS keeps the
    // grid's prepared polygon for all its points. The border rule is decision 003's: a grid whose interior holds the
    // point beats one it only touches, then the smallest code in byte order.
    public const string IndexPoints = "CREATE INDEX ON history_rows USING gist (point); ANALYZE history_rows";

    /// <summary>A utility statement takes no parameters: the district's id (a number the server looked up) is written in.</summary>
    public static string Locate(long districtId) => $"""
        CREATE TEMP TABLE history_located ON COMMIT DROP AS
        SELECT DISTINCT ON (h.id) h.id, g.id AS grid_id, g.ancestor_ids
        FROM areas g JOIN history_rows h ON ST_Intersects(g.boundary, h.point)
        WHERE g.level = {Stored.As(AreaLevel.Grid)} AND g.retired_at IS NULL AND g.ancestor_ids[1] = {districtId}
        ORDER BY h.id, ST_Contains(g.boundary, h.point) DESC, g.code COLLATE "C"
        """;

    // $1 district id, $2 the reporter client (one namespace per district: a re-import of the same refs is refused).
    // The category's departments are those serving the district then (shared or its own; retired ones handled their past).
    public static readonly string InsertIncidents = $"""
        INSERT INTO incidents (id, ticket_no, version, state, tier, tier_reason, category_id, title, description, address, source, source_ref,
            reporter_client, location, unlocated, grid_id, community_id, street_id, district_id, assignee_department_codes, involved_department_codes,
            reported_at, received_at, accepted_at, closed_at, updated_at, due_at, evaluation)
        SELECT h.id, h.ticket_day,
               2 + (h.accepted_at IS NOT NULL)::int + (h.dispatched_at IS NOT NULL)::int + coalesce(h.due_at < h.closed_at, false)::int + (h.evaluation IS NOT NULL)::int,
               CASE WHEN h.evaluation IS NULL THEN {Stored.As(IncidentState.Closed)} ELSE {Stored.As(IncidentState.Evaluated)} END,
               {Stored.As(Tier.Green)}, 'history', c.id, coalesce(h.title, left(nullif(h.description, ''), 30), c.name), coalesce(nullif(h.description, ''), c.name),
               h.address, {Stored.As(IncidentSource.History)}, h.ref, $2, h.point, l.grid_id IS NULL, l.grid_id, l.ancestor_ids[3], l.ancestor_ids[2], $1,
               CASE WHEN h.dispatched_at IS NULL THEN ARRAY[]::text[] ELSE c.department_codes END,
               CASE WHEN h.dispatched_at IS NULL THEN ARRAY[]::text[] ELSE c.department_codes END,
               h.reported_at, h.reported_at, h.accepted_at, h.closed_at, coalesce(h.evaluated_at, h.closed_at), h.due_at, h.evaluation
        FROM history_rows h
        JOIN (SELECT cat.id, cat.code, cat.name,
                     ARRAY(SELECT d FROM unnest(cat.department_codes) d
                           WHERE EXISTS (SELECT 1 FROM departments dep WHERE dep.code = d AND (dep.district_id IS NULL OR dep.district_id = $1))) AS department_codes
              FROM categories cat) c ON c.code = h.category_code
        LEFT JOIN history_located l ON l.id = h.id
        """;

    // Each step at its own time, numbered in time order. A record closed after its stated due date also becomes overdue
    // at that date (an escalation, as the sweep would have logged it), so the assessment's on-time rate is the source's.
    // $1 the actor.
    public static readonly string InsertEvents = $"""
        INSERT INTO incident_events (incident_id, seq, occurred_at, recorded_at, actor, action, reason, payload)
        SELECT id, row_number() OVER (PARTITION BY id ORDER BY at, step), at, at, $1, action, reason, payload FROM (
            SELECT h.id, h.reported_at AS at, 0 AS step, {Stored.As(IncidentAction.Report)} AS action, NULL::text AS reason,
                   jsonb_strip_nulls(jsonb_build_object('title', h.title, 'description', h.description, 'address', h.address, 'source', 'history',
                       'sourceRef', h.ref, 'lon', ST_X(h.point), 'lat', ST_Y(h.point), 'tier', 'green', 'tierReason', 'history')) AS payload
            FROM history_rows h
            UNION ALL SELECT h.id, h.accepted_at, 1, {Stored.As(IncidentAction.Accept)}, NULL, jsonb_build_object() FROM history_rows h WHERE h.accepted_at IS NOT NULL
            UNION ALL SELECT h.id, h.dispatched_at, 2, {Stored.As(IncidentAction.Dispatch)}, NULL, jsonb_build_object() FROM history_rows h WHERE h.dispatched_at IS NOT NULL
            UNION ALL SELECT h.id, h.due_at, 3, {Stored.As(IncidentAction.Escalate)}, 'due:' || to_char(h.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
                   jsonb_build_object() FROM history_rows h WHERE h.due_at < h.closed_at
            UNION ALL SELECT h.id, h.closed_at, 4, {Stored.As(IncidentAction.Close)}, NULL, jsonb_build_object() FROM history_rows h
            UNION ALL SELECT h.id, h.evaluated_at, 5, {Stored.As(IncidentAction.Evaluate)}, NULL,
                   jsonb_build_object('evaluation', (ARRAY['satisfied', 'basicallySatisfied', 'unsatisfied'])[h.evaluation + 1])
            FROM history_rows h WHERE h.evaluation IS NOT NULL) e
        """;

    public const string Counts = """
        SELECT count(*)::int, count(l.id)::int, count(*) FILTER (WHERE h.due_at < h.closed_at)::int FROM history_rows h LEFT JOIN history_located l ON l.id = h.id
        """;
}
