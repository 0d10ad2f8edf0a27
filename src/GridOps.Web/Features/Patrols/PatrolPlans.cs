using GridOps.Web.Data;
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
/// number, so running it again (or on two nodes) changes nothing.
/// </summary>
public sealed class PatrolPlans(NpgsqlDataSource dataSource, IOptions<PatrolOptions> options, WorkingCalendarProvider calendars, TimeProvider clock)
{
    private static readonly string PublishSql = $"""
        INSERT INTO patrol_plans (month, grid_id, planned, workers, working_days, carried_over, published_at)
        SELECT $1, a.id, greatest(w.workers, $4) * $2 * $3, w.workers, $2, o.open, $5
        FROM areas a
        CROSS JOIN LATERAL (SELECT count(*)::int AS workers FROM staff_assignments sa WHERE sa.area_id = a.id AND sa.role IN ({Stored.List(StaffRole.FullTimeWorker, StaffRole.PartTimeWorker)})) w
        CROSS JOIN LATERAL (SELECT count(*)::int AS open FROM incidents i WHERE i.grid_id = a.id AND {Incidents.IncidentStates.OpenSql}) o
        WHERE a.level = {Stored.As(AreaLevel.Grid)} AND a.retired_at IS NULL
        ON CONFLICT (month, grid_id) DO NOTHING
        """;

    /// <summary>The month the district is in now.</summary>
    public DateOnly CurrentMonth()
    {
        var today = calendars.Current.LocalDate(clock.GetUtcNow());
        return new DateOnly(today.Year, today.Month, 1);
    }

    /// <summary>Working days of the month by the district's calendar (weekends, holidays and make-up days).</summary>
    public int WorkingDays(DateOnly month) =>
        Enumerable.Range(0, DateTime.DaysInMonth(month.Year, month.Month)).Count(d => calendars.Current.IsWorkingDay(month.AddDays(d)));

    /// <summary>Publishes the plan for <paramref name="month"/>; answers how many grids were newly planned.</summary>
    public async Task<int> PublishAsync(DateOnly month, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(PublishSql);
        command.Parameters.Add(new NpgsqlParameter<DateOnly> { TypedValue = new DateOnly(month.Year, month.Month, 1) });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = WorkingDays(month) });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = options.Value.PerWorkerPerWorkingDay });
        command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = options.Value.MinimumWorkers });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = clock.GetUtcNow() });
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>On the 1st: this month's patrol plan is published (and, run by hand, fills in grids added since).</summary>
[Hangfire.AutomaticRetry(Attempts = 3)] // a rerun adds only the grids still missing (ON CONFLICT DO NOTHING)
public sealed class PublishPatrolPlanJob(PatrolPlans plans) : IScheduledJob
{
    public const string Name = "patrol-plan";

    public Task RunAsync(CancellationToken cancellationToken) => plans.PublishAsync(plans.CurrentMonth(), cancellationToken);
}
