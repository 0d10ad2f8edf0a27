using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace GridOps.Web.Data.Migrations;

/// <summary>
/// A live row's time is the application's clock, as every other time GridOps stores: the incident
/// event's own recorded_at, or the sweep's and the alert action's "now". The database's now() agreed
/// with it only while both read the same wall clock; on a test clock (the README's screenshot
/// morning) the wall's ticker showed the database's time beside the app's.
/// </summary>
[DbContext(typeof(GridOpsDbContext))]
[Migration("0010_LiveEventTime")]
public sealed class M0010LiveEventTime : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder) => migrationBuilder.Sql("""
        CREATE OR REPLACE FUNCTION live_incident_event() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
            INSERT INTO live_events (kind, incident_id, action, recorded_at) VALUES (0, NEW.incident_id, NEW.action, NEW.recorded_at);
            RETURN NULL;
        END $$;
        """);
}
