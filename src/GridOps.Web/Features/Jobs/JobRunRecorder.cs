using Npgsql;
using Quartz;
using Quartz.Extensibility;

namespace GridOps.Web.Features.Jobs;

/// <summary>
/// Keeps each job's last run, its duration and outcome, and its failures, in one row per job
/// (<c>job_status</c>): what the Jobs page shows, shared by every node, a write per run.
/// </summary>
public sealed class JobRunRecorder(NpgsqlDataSource dataSource, ILogger<JobRunRecorder> logger) : IJobListener
{
    public string Name => "gridops-run-recorder";

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public ValueTask JobProgressChanged(IJobExecutionContext context, FireInstanceProgress progress, CancellationToken cancellationToken = default) => ValueTask.CompletedTask;

    public async ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var command = dataSource.CreateCommand("""
                INSERT INTO job_status (job, last_fired_at, last_duration_ms, last_succeeded, last_error, last_node, runs, failures, last_failed_at)
                VALUES ($1, $2, $3, $4, $5, $6, 1, CASE WHEN $4 THEN 0 ELSE 1 END, CASE WHEN $4 THEN NULL ELSE $2 END)
                ON CONFLICT (job) DO UPDATE SET
                    last_fired_at = $2, last_duration_ms = $3, last_succeeded = $4, last_error = $5, last_node = $6,
                    runs = job_status.runs + 1,
                    failures = job_status.failures + CASE WHEN $4 THEN 0 ELSE 1 END,
                    last_failed_at = CASE WHEN $4 THEN job_status.last_failed_at ELSE $2 END
                """);
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = context.JobDetail.Key.Name });
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = context.FireTimeUtc });
            command.Parameters.Add(new NpgsqlParameter<int> { TypedValue = (int)context.JobRunTime.TotalMilliseconds });
            command.Parameters.Add(new NpgsqlParameter<bool> { TypedValue = jobException is null });
            command.Parameters.Add(new NpgsqlParameter { Value = (object?)jobException?.InnerException?.Message ?? jobException?.Message ?? (object)DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = context.Scheduler.SchedulerInstanceId });
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (NpgsqlException e)
        {
            // The job's own work is done; only its record is missing.
            logger.LogWarning(e, "Could not record the run of {Job}", context.JobDetail.Key.Name);
        }
    }
}
