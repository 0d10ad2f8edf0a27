using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GridOps.Web.Data.Migrations;

/// <summary>
/// Scheduled work: each job's last run and failures (Quartz keeps its own tables, created by the
/// scheduler itself), and what the overdue engine needs to act on time without scanning: when an
/// overdue incident escalates next, when an unacknowledged alert re-notifies and escalates.
/// </summary>
[DbContext(typeof(GridOpsDbContext))]
[Migration("0006_Jobs")]
public sealed class M0006Jobs : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.Sql("""
            CREATE TABLE job_status (
                job text PRIMARY KEY,
                last_fired_at timestamptz NOT NULL,
                last_duration_ms integer NOT NULL,
                last_succeeded boolean NOT NULL,
                last_error text,
                last_node text NOT NULL,
                runs bigint NOT NULL,
                failures bigint NOT NULL,
                last_failed_at timestamptz
            );

            ALTER TABLE incidents ADD COLUMN escalations integer NOT NULL DEFAULT 0;
            ALTER TABLE incidents ADD COLUMN next_escalation_at timestamptz;
            CREATE INDEX ix_incidents_next_escalation ON incidents (next_escalation_at) WHERE next_escalation_at IS NOT NULL;
            UPDATE incidents SET next_escalation_at = due_at WHERE due_at IS NOT NULL AND state NOT IN (5, 6, 9, 10);

            ALTER TABLE alerts ADD COLUMN next_notify_at timestamptz;
            ALTER TABLE alerts ADD COLUMN escalate_at timestamptz;
            CREATE INDEX ix_alerts_next_notify ON alerts (next_notify_at) WHERE state = 0;
            CREATE INDEX ix_alerts_escalate_at ON alerts (escalate_at) WHERE state = 0;
            """);
    }
}
