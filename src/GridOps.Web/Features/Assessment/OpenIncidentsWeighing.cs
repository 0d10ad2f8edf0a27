using GridOps.Web.Data;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.Incidents;
using Npgsql;

namespace GridOps.Web.Features.Assessment;

/// <summary>An open incident past its deadline, counted against a unit's month.</summary>
/// <remarks>A unit is its district and code, as an assessment row's (codes are unique per district; 0 is a shared department).</remarks>
public sealed record WeighingIncident(long DistrictId, string Unit, string Ticket, string Title, DateTimeOffset DueAt);

/// <summary>
/// For the mid-month review (月中调度督导): per unit, the open incidents that weigh most on its
/// indicators now — those longest past their deadline, which will count against its disposal and
/// on-time rates unless closed this month.
/// </summary>
public sealed class OpenIncidentsWeighing(NpgsqlDataSource dataSource, TimeProvider clock)
{
    public async Task<ILookup<(long DistrictId, string Unit), WeighingIncident>> ByUnitAsync(AssessmentLevel level, int perUnit, CancellationToken cancellationToken)
    {
        var unit = level switch
        {
            AssessmentLevel.Street => "(SELECT code FROM areas WHERE id = i.street_id)",
            AssessmentLevel.Community => "(SELECT code FROM areas WHERE id = i.community_id)",
            AssessmentLevel.Grid => "(SELECT code FROM areas WHERE id = i.grid_id)",
            AssessmentLevel.District => "(SELECT code FROM areas WHERE id = i.district_id)",
            _ => "d.code",
        };
        var departments = level == AssessmentLevel.Department ? "CROSS JOIN LATERAL unnest(i.involved_department_codes) d(code)" : "";
        // An area's district is its incidents'; a department's is its own (0: shared by every district).
        // A code is read in the incident's district: its own department of that code, else the shared one (issue 20).
        var district = level == AssessmentLevel.Department
            ? "coalesce((SELECT dep.district_id FROM departments dep WHERE dep.code = d.code AND dep.district_id = i.district_id), 0)"
            : "coalesce(i.district_id, 0)";
        await using var command = dataSource.CreateCommand($"""
            SELECT district, unit, ticket_no, title, due_at FROM (
                SELECT {district} AS district, {unit} AS unit, i.ticket_no, i.title, i.due_at,
                       row_number() OVER (PARTITION BY {district}, {unit} ORDER BY i.due_at, i.id) AS n
                FROM incidents i {departments}
                WHERE i.due_at <= $1 AND {Incidents.IncidentStates.OpenSql}) ranked
            WHERE n <= $2 AND unit IS NOT NULL
            """);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = perUnit });
        var rows = new List<WeighingIncident>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new WeighingIncident(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetFieldValue<DateTimeOffset>(4)));
        }

        return rows.ToLookup(r => (r.DistrictId, r.Unit));
    }
}
