using Npgsql;

namespace GridOps.Web.Features.Jobs;

/// <summary>A job as the Jobs page shows it: its schedule from Quartz' tables, its runs from <c>job_status</c>.</summary>
public sealed record JobView(
    string Name, string Description, string Schedule, string TriggerState, DateTimeOffset? NextRun, DateTimeOffset? LastRun,
    int? LastDurationMs, bool? LastSucceeded, string? LastError, string? LastNode, long Runs, long Failures, DateTimeOffset? LastFailedAt);

public sealed class JobQueries(NpgsqlDataSource dataSource, JobCatalog catalog)
{
    public async Task<IReadOnlyList<JobView>> AllAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT t.trigger_name, t.trigger_state, t.next_fire_time, t.trigger_type, c.cron_expression, c.time_zone_id, s.repeat_interval,
                   j.last_fired_at, j.last_duration_ms, j.last_succeeded, j.last_error, j.last_node, j.runs, j.failures, j.last_failed_at
            FROM qrtz_triggers t
            LEFT JOIN qrtz_cron_triggers c ON c.sched_name = t.sched_name AND c.trigger_name = t.trigger_name AND c.trigger_group = t.trigger_group
            LEFT JOIN qrtz_simple_triggers s ON s.sched_name = t.sched_name AND s.trigger_name = t.trigger_name AND s.trigger_group = t.trigger_group
            LEFT JOIN job_status j ON j.job = t.job_name
            WHERE t.trigger_group = 'gridops'
            """);
        var found = new Dictionary<string, JobView>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var name = reader.GetString(0);
                var registration = catalog.Find(name);
                var schedule = !reader.IsDBNull(4) ? $"cron {reader.GetString(4)} ({reader.GetString(5)})"
                    : !reader.IsDBNull(6) ? $"every {TimeSpan.FromTicks(reader.GetInt64(6) * 10_000)}" : reader.GetString(3);
                found[name] = new JobView(name, registration?.Description ?? "", schedule, reader.GetString(1),
                    reader.IsDBNull(2) ? null : new DateTimeOffset(reader.GetInt64(2), TimeSpan.Zero), // Quartz stores UTC ticks
                    reader.IsDBNull(7) ? null : reader.GetFieldValue<DateTimeOffset>(7), reader.IsDBNull(8) ? null : reader.GetInt32(8),
                    reader.IsDBNull(9) ? null : reader.GetBoolean(9), reader.IsDBNull(10) ? null : reader.GetString(10),
                    reader.IsDBNull(11) ? null : reader.GetString(11), reader.IsDBNull(12) ? 0 : reader.GetInt64(12),
                    reader.IsDBNull(13) ? 0 : reader.GetInt64(13), reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14));
            }
        }

        return [.. catalog.Jobs.Select(j => found.GetValueOrDefault(j.Name) ?? new JobView(j.Name, j.Description, "—", "—", null, null, null, null, null, null, 0, 0, null))];
    }
}
