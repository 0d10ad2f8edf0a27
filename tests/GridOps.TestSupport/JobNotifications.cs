namespace GridOps.TestSupport;

/// <summary>
/// Triggers on Hangfire's state table for <see cref="DatabaseNotifications"/>: a job of one type
/// starting on a node (<c>job_processing</c>, payload the server id: host:pid:guid), succeeding
/// (<c>job_succeeded</c>) or failing (<c>job_failed</c>), payload the job id; and a month frozen
/// (<c>month_frozen</c>, payload the month).
/// </summary>
public static class JobNotifications
{
    public static string Sql(string jobType) => $$"""
        CREATE FUNCTION test_job_state() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF EXISTS (SELECT 1 FROM hangfire.job j WHERE j.id = NEW.jobid AND j.invocationdata->>'Type' LIKE '%{{jobType}}%') THEN
                CASE NEW.name
                    WHEN 'Processing' THEN PERFORM pg_notify('job_processing', NEW.data->>'ServerId');
                    WHEN 'Succeeded' THEN PERFORM pg_notify('job_succeeded', NEW.jobid::text);
                    WHEN 'Failed' THEN PERFORM pg_notify('job_failed', NEW.jobid::text);
                    ELSE NULL;
                END CASE;
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER tr_test_job_state AFTER INSERT ON hangfire.state FOR EACH ROW EXECUTE FUNCTION test_job_state();
        CREATE FUNCTION test_month_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF NEW.kind = 'final' THEN
                PERFORM pg_notify('month_frozen', NEW.month::text);
            END IF;
            RETURN NULL;
        END $$;
        CREATE TRIGGER tr_test_month_frozen AFTER INSERT ON assessment_runs FOR EACH ROW EXECUTE FUNCTION test_month_frozen();
        """;
}
