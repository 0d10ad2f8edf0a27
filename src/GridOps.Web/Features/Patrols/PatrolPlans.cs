using GridOps.Web.Data;
using GridOps.Web.Features.Districts;
using GridOps.Web.Features.Hierarchy;
using GridOps.Web.Features.Incidents;
using GridOps.Web.Features.WorkingTime;
using Microsoft.Extensions.Options;
using Npgsql;
using GridOps.Web.Features.Jobs;

namespace GridOps.Web.Features.Patrols;

/// <summary>
/// The month's plan (月初推进安排): for every current grid, its grid workers × the month's working
/// days × the patrols per worker per day, and the open incidents it carries over into the month. Published once per month — a grid already planned keeps its
/// number, so running it again (or on two nodes) changes nothing. Each district's month and working days are its own
/// (its zone, its calendar: issue 20).
/// </summary>
public sealed class PatrolPlans(NpgsqlDataSource dataSource, IOptions<PatrolOptions> options, WorkingCalendarProvider calendars, DistrictZones districts,
    TimeProvider clock)
{
    private static readonly string PublishSql = $"""
        INSERT INTO patrol_plans (month, grid_id, planned, workers, working_days, carried_over, published_at)
        SELECT $1, a.id, greatest(w.workers, $4) * $2 * $3, w.workers, $2, o.open, $5
        FROM areas a
        CROSS JOIN LATERAL (SELECT count(*)::int AS workers FROM staff_assignments sa WHERE sa.area_id = a.id AND sa.role IN ({Stored.List(StaffRole.FullTimeWorker, StaffRole.PartTimeWorker)})) w
        CROSS JOIN LATERAL (SELECT count(*)::int AS open FROM incidents i WHERE i.grid_id = a.id AND {Incidents.IncidentStates.OpenSql}) o
        WHERE a.level = {Stored.As(AreaLevel.Grid)} AND a.retired_at IS NULL AND a.ancestor_ids[1] = $6
        ON CONFLICT (month, grid_id) DO NOTHING
        """;

    /// <summary>The month GridOps' own zone is in now.</summary>
    public DateOnly CurrentMonth()
    {
        var today = calendars.Current.LocalDate(clock.GetUtcNow());
        return new DateOnly(today.Year, today.Month, 1);
    }

    /// <summary>Working days of the month by a calendar (weekends, holidays and make-up days).</summary>
    public static int WorkingDays(DateOnly month, WorkingCalendar calendar) =>
        Enumerable.Range(0, DateTime.DaysInMonth(month.Year, month.Month)).Count(d => calendar.IsWorkingDay(month.AddDays(d)));

    /// <summary>
    /// Publishes the plan of every district for <paramref name="month"/> (null: GridOps' month, for each district once
    /// its own clock has reached it), with its calendar's working days; answers how many grids were newly planned.
    /// </summary>
    public async Task<int> PublishAsync(DateOnly? month, CancellationToken cancellationToken)
    {
        var planned = 0;
        var starting = CurrentMonth();
        foreach (var (districtId, _) in await districts.CurrentDistrictsAsync(cancellationToken))
        {
            var calendar = await districts.CalendarOfAsync(districtId, cancellationToken);
            var today = calendar.LocalDate(clock.GetUtcNow());
            var its = month is { } asked ? new DateOnly(asked.Year, asked.Month, 1) : new DateOnly(today.Year, today.Month, 1);
            if (month is null && its < starting)
            {
                // Still last month there (west of GridOps): planned once its own 1st comes, never a whole month for a
                // grid that joined during the month now ending.
                continue;
            }

            await using var command = dataSource.CreateCommand(PublishSql);
            command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = its });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = WorkingDays(its, calendar) });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = options.Value.PerWorkerPerWorkingDay });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = options.Value.MinimumWorkers });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
            command.Parameters.Add(new NpgsqlParameter<long> { TypedValue = districtId });
            planned += await command.ExecuteNonQueryAsync(cancellationToken);
        }

        return planned;
    }
}

/// <summary>On the 1st: this month's patrol plan is published, each district's when its own 1st has come (the job runs
/// hourly on GridOps' 1st and 2nd); run by hand it fills in grids added since.</summary>
[Hangfire.AutomaticRetry(Attempts = 3)] // a rerun adds only the grids still missing (ON CONFLICT DO NOTHING)
public sealed class PublishPatrolPlanJob(PatrolPlans plans) : IScheduledJob
{
    public const string Name = "patrol-plan";

    public Task RunAsync(CancellationToken cancellationToken) => plans.PublishAsync(null, cancellationToken);
}
