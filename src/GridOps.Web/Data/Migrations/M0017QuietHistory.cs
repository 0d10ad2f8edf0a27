using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GridOps.Web.Data.Migrations;

/// <summary>
/// A history import writes millions of past events (issue 20, part 6): they are not news. A transaction that sets
/// <c>gridops.quiet</c> writes no live rows, so no screen receives a storm of events that happened years ago.
/// </summary>
[DbContext(typeof(GridOpsDbContext))]
[Migration("0017_QuietHistory")]
public sealed class M0017QuietHistory : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        CREATE OR REPLACE FUNCTION live_incident_event() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            IF current_setting('gridops.quiet', true) = 'on' THEN
                RETURN NULL;
            END IF;
            INSERT INTO live_events (kind, incident_id, action, recorded_at) VALUES (0, NEW.incident_id, NEW.action, NEW.recorded_at);
            RETURN NULL;
        END $$;
        """);
}
