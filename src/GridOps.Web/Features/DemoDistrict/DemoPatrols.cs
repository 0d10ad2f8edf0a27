using GridOps.Web.Data;
using GridOps.Web.Features.Access;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.Patrols;
using Npgsql;

namespace GridOps.Web.Features.DemoDistrict;

/// <summary>
/// The demo's grid workers on patrol: during the working day each worker checks in about once, from
/// near the grid's centre — now and then from a street or two away, which the tolerance marks as
/// outside — so the patrol rate on the assessment page moves as a real month's does.
/// </summary>
public sealed class DemoPatrols(PatrolService patrols, NpgsqlDataSource dataSource, TimeProvider clock, WorkingTime.WorkingCalendarProvider calendar)
{
    private static readonly string WorkersSql = $"""
        SELECT g.id, ST_X(g.label_point), ST_Y(g.label_point), s.name, s.real_name_code
        FROM areas g JOIN staff_assignments sa ON sa.area_id = g.id AND sa.role IN ({Stored.List(StaffRole.FullTimeWorker, StaffRole.PartTimeWorker)}) JOIN staff s ON s.id = sa.staff_id
        WHERE g.level = {Stored.As(AreaLevel.Grid)} AND g.retired_at IS NULL AND g.ancestor_ids[1] = $1
        """;

    private List<(long GridId, double Lon, double Lat, string Name, string Code)> workers = [];

    /// <param name="districtId">The demo district: its workers only, never an imported district's.</param>
    public async Task LoadAsync(long districtId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(WorkersSql);
        command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = districtId });
        var found = new List<(long, double, double, string, string)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            found.Add((reader.GetInt64(0), reader.GetDouble(1), reader.GetDouble(2), reader.GetString(3), reader.GetString(4)));
        }

        workers = found;
    }

    /// <summary>One tick's check-ins: a working day's patrols spread over 08:00–18:00.</summary>
    public async Task TickAsync(TimeSpan tick, Random random, CancellationToken cancellationToken)
    {
        var now = TimeZoneInfo.ConvertTime(clock.GetUtcNow(), calendar.Zone);
        if (workers.Count == 0 || now.Hour is < 8 or >= 18 || !calendar.Current.IsWorkingDay(DateOnly.FromDateTime(now.DateTime)))
        {
            return;
        }

        // About nine in ten workers patrol on a given day.
        var expected = workers.Count * 0.9 * tick.TotalHours / 10;
        for (var n = expected >= 1 ? (int)Math.Round(expected) : random.NextDouble() < expected ? 1 : 0; n > 0; n--)
        {
            var (gridId, lon, lat, name, code) = workers[random.Next(workers.Count)];
            var worker = new Viewer(PrincipalKind.User, 0, code, name, AccessRole.GridWorker, new AccessScope(gridId, AreaLevel.Grid, null));
            var far = random.NextDouble() < 0.05 ? 0.01 : 0.0008;
            await patrols.CheckInAsync(worker, new PatrolCheckIn(lon + (random.NextDouble() - 0.5) * far, lat + (random.NextDouble() - 0.5) * far,
                Locate.CoordinateSystem.Wgs84, 8 + random.Next(20), null, null), cancellationToken);
        }
    }
}
